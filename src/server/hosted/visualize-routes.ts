/**
 * "What the network sees" on a hosted API node: the local studio's /api/visualize routes, same
 * request and response shapes (the studio's schema validates the body), run by the deployment's
 * workers (`visualize-run.ts`). Every run belongs to its caller: another user's id is a 404. A run
 * counts against the caller's hourly quota like a painting (429 with Retry-After).
 *
 * POST   /api/visualize               body: { layer, units? | topUnits?, weights?, images?, size? } → 202 the run
 * GET    /api/visualize               → { runs }: the caller's runs, newest first
 * GET    /api/visualize/:id           one run (status, progress, result)
 * GET    /api/visualize/:id/image     its grid PNG, once done (409 before)
 * GET    /api/visualize/:id/units     its per-unit data (JSON), once done (hosted only)
 * POST   /api/visualize/:id/cancel    cancel it (409 once it ended)
 *
 * `images` picks the caller's finished paintings (`results`, the default), their uploads (`photos`) or both.
 */
import { Hono } from 'hono';
import type { HostedVisualizations } from './hosted-visualizations.js';
import type { HostedEnv } from './request-auth.js';
import { jsonRequestBody, jsonRequestLimit } from '../routes/json-request.js';

/**
 * Hosted deployments run visualize jobs: what `/api/config`'s `visualize` flag says on an API node.
 *
 * @example
 * c.json({ ...config, visualize: HOSTED_VISUALIZE_AVAILABLE })
 */
export const HOSTED_VISUALIZE_AVAILABLE = true;

/**
 * The routes, mounted under /api behind the authentication middleware (they read `c.get('caller')`).
 *
 * @example
 * app.route('/api', createVisualizeRoutes(services.visualizations));
 */
export function createVisualizeRoutes(visualizations: HostedVisualizations): Hono<HostedEnv> {
  const app = new Hono<HostedEnv>();
  app.post(
    '/visualize',
    jsonRequestLimit('visualize request'),
    async (c) => {
      const body = await jsonRequestBody(c, 'visualize request');
      return c.json(await visualizations.submit(c.get('caller').userId, body), 202);
    },
  );
  app.get('/visualize', async (c) => c.json({ runs: await visualizations.list(c.get('caller').userId) }));
  app.get('/visualize/:id', async (c) => c.json(await visualizations.view(c.get('caller').userId, c.req.param('id'))));
  app.get('/visualize/:id/image', async (c) => {
    const view = await visualizations.grid(c.get('caller').userId, c.req.param('id'));
    const body = view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
    return c.body(body, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, no-store' });
  });
  app.get('/visualize/:id/units', async (c) => c.json(await visualizations.units(c.get('caller').userId, c.req.param('id'))));
  app.post('/visualize/:id/cancel', async (c) => c.json(await visualizations.cancel(c.get('caller').userId, c.req.param('id'))));
  return app;
}
