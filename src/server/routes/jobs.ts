/**
 * Routes of the job queue.
 *
 * POST   /api/jobs                 body: a job request (JSON) → 202 the job
 * GET    /api/jobs                 the active (waiting or running) jobs and the queue's counts
 * GET    /api/jobs/:id             one job (active or finished)
 * GET    /api/jobs/:id/events      server-sent events of the job until it ends
 * GET    /api/jobs/:id/preview     the latest preview JPEG of a running quality job
 * POST   /api/jobs/:id/cancel      cancel it → the job (status `cancelled` once the worker stopped)
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError, notFound } from '../http-errors.js';
import { resolveJob } from '../jobs/resolve-job.js';
import type { StudioServices } from '../services.js';
import { jobEventStream } from '../sse.js';

/** The largest job request body, in bytes: a job request is a few hundred bytes of JSON. */
export const MAX_JOB_REQUEST_BYTES = 64 * 1024;

/**
 * The job routes.
 *
 * @example
 * app.route('/api', jobRoutes(services));
 */
export function jobRoutes(services: StudioServices): Hono {
  const { jobs } = services;
  const app = new Hono();

  app.post(
    '/jobs',
    bodyLimit({
      maxSize: MAX_JOB_REQUEST_BYTES,
      onError: () => {
        throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `A job request is at most ${MAX_JOB_REQUEST_BYTES} bytes of JSON.`);
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\b/i.test(type)) {
        throw new HttpError(415, 'UNSUPPORTED_MEDIA', `Expected Content-Type: application/json for a job request but received ${JSON.stringify(type || 'none')}.`);
      }
      const body: unknown = await c.req.json().catch(() => {
        throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
      });
      const job = await resolveJob(body, services);
      return c.json(await jobs.submit(job), 202);
    },
  );

  app.get('/jobs', (c) => c.json({ jobs: jobs.activeJobs(), counts: jobs.counts() }));

  app.get('/jobs/:id', (c) => c.json(jobs.view(c.req.param('id'))));

  app.get('/jobs/:id/events', (c) => {
    const id = c.req.param('id');
    jobs.view(id);
    return jobEventStream(c, jobs, id);
  });

  app.get('/jobs/:id/preview', (c) => {
    const id = c.req.param('id');
    jobs.view(id);
    const jpeg = jobs.preview(id);
    if (!jpeg) throw notFound('preview for job', id);
    return c.body(new Uint8Array(jpeg), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-store' });
  });

  app.post('/jobs/:id/cancel', async (c) => c.json(await jobs.cancel(c.req.param('id'))));

  return app;
}
