/**
 * Routes of the job queue.
 *
 * POST   /api/jobs                 body: a job request (JSON) → 202 the job
 * GET    /api/jobs                 the active (waiting or running) jobs and the queue's counts
 * GET    /api/jobs/:id             one job (active or finished)
 * GET    /api/jobs/:id/events      server-sent events of the job until it ends
 * GET    /api/jobs/:id/preview     the latest preview JPEG of a running quality job
 * POST   /api/jobs/:id/cancel      cancel it → the job (status `cancelled` once the worker stopped);
 *                                  body `{ "keep": true }`: stop and keep (a quality job's latest image becomes an unfinished result)
 * POST   /api/jobs/:id/resume      continue an interrupted quality job from its checkpoint → the job
 * POST   /api/estimate             body: a job request → { etaMs }, the same estimate as running jobs'
 */
import { Hono } from 'hono';
import { HttpError, notFound } from '../http-errors.js';
import { resolveJob } from '../jobs/resolve-job.js';
import type { EstimateResponse } from '../api-types.js';
import type { StudioServices } from '../services.js';
import { jobEventStream } from '../sse.js';
import { jsonRequestBody, jsonRequestLimit } from './json-request.js';

export { MAX_JOB_REQUEST_BYTES } from './json-request.js';

/**
 * The job routes.
 *
 * @example
 * app.route('/api', jobRoutes(services));
 */
export function jobRoutes(services: StudioServices): Hono {
  const { paintings: jobs } = services;
  const app = new Hono();
  const limit = jsonRequestLimit('job request');

  app.post('/jobs', limit, async (c) => {
    const job = await resolveJob(await jsonRequestBody(c, 'job request'), services);
    return c.json(await jobs.submit(job), 202);
  });

  app.post('/estimate', limit, async (c) => {
    const job = await resolveJob(await jsonRequestBody(c, 'job request'), services);
    const response: EstimateResponse = { etaMs: jobs.estimate(job) };
    return c.json(response);
  });

  app.get('/jobs', (c) => c.json({ jobs: jobs.activeJobs(), counts: services.jobs.counts() }));

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

  app.post('/jobs/:id/cancel', limit, async (c) => {
    const text = await c.req.text();
    let keep = false;
    if (text.trim() !== '') {
      const body: unknown = await Promise.resolve().then(() => JSON.parse(text)).catch(() => {
        throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON. Send nothing, or { "keep": true } to stop and keep the current image.');
      });
      const value = body !== null && typeof body === 'object' ? (body as { keep?: unknown }).keep : undefined;
      if (value !== undefined && typeof value !== 'boolean') throw new HttpError(400, 'INVALID_OPTION', `Expected true or false for keep but received ${JSON.stringify(value)}.`, 'keep');
      keep = value === true;
    }
    return c.json(await jobs.cancel(c.req.param('id'), keep));
  });

  app.post('/jobs/:id/resume', async (c) => c.json(await jobs.resume(c.req.param('id')), 202));

  return app;
}
