/**
 * The studio's HTTP application (Hono): request guards, the JSON API under `/api`, the page's files,
 * and one error handler that turns every failure into `{ error: { code, message, field? } }` with
 * the right status — never a stack trace.
 */
import { Hono, type Context } from 'hono';
import { errorResponse, HttpError } from './http-errors.js';
import { galleryRoutes } from './routes/gallery.js';
import { jobRoutes } from './routes/jobs.js';
import { libraryRoutes } from './routes/library.js';
import { visualizeRoutes } from './routes/visualize.js';
import { requestGuards } from './security.js';
import { studioPageResponse } from './studio-page.js';
import type { StudioServices } from './services.js';

/**
 * The application for `services`.
 *
 * @example
 * serve({ fetch: createApp(services).fetch, port: 8787, hostname: '127.0.0.1' });
 */
export function createApp(services: StudioServices): Hono {
  const app = new Hono();
  app.onError((error, c) => sendError(c, error, services.log));
  app.notFound((c) => sendError(c, new HttpError(404, 'NOT_FOUND', `No such page or API route: ${c.req.method} ${c.req.path}.`), services.log));
  app.use('*', requestGuards(services.hosts));

  app.get('/api/health', (c) => {
    // `?gc` collects garbage first when Node runs with --expose-gc (tests measure memory this way).
    const gc = (globalThis as { gc?: () => void }).gc;
    if (c.req.query('gc') !== undefined && gc) gc();
    const memory = process.memoryUsage();
    return c.json({ ok: true, pid: process.pid, counts: services.jobs.counts(), uploadsReceiving: services.uploadReceiver.receiving, memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, externalBytes: memory.external } });
  });
  app.route('/api', libraryRoutes(services));
  app.route('/api', jobRoutes(services));
  app.route('/api', galleryRoutes(services));
  app.route('/api', visualizeRoutes(services));

  app.get('*', (c) => studioPageResponse(c, services.assets));
  return app;
}

function sendError(c: Context, error: unknown, log: (error: unknown) => void): Response {
  const { status, body } = errorResponse(error, log);
  c.header('X-Content-Type-Options', 'nosniff');
  return c.json(body, status);
}
