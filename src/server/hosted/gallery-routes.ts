/**
 * The studio's gallery on a hosted API node: the caller's jobs (newest first) as the studio shows
 * them, their results, card images and downloads (the local gallery's encodings and file naming,
 * `gallery/result-images.ts`, over the result in object storage), and deleting one. Only the
 * caller's own jobs are found: another user's id answers 404.
 *
 * GET    /gallery                  { items }: the caller's jobs
 * GET    /gallery/:id              one job
 * GET    /gallery/:id/image        its result PNG (`?download=1`: as an attachment named after it)
 * GET    /gallery/:id/thumbnail    its card image: a JPEG, long side 480 px (made per request; browsers keep it)
 * GET    /gallery/:id/download     `?format=png|jpeg&longSidePx=N&name=NAME`: an attachment named NAME, else its title
 * DELETE /gallery/:id              stop it if active, delete it and its images → 204
 */
import { Hono } from 'hono';
import { downloadImage, encodeCardImage, parseDownloadName, parseDownloadQuery } from '../gallery/result-images.js';
import { attachmentHeader } from '../jobs/job-title.js';
import type { HostedJobs } from './hosted-jobs.js';
import type { HostedEnv } from './request-auth.js';

/** A finished result never changes under its URL. */
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * The gallery routes, to mount at `/api` after the authentication (the caller is set).
 *
 * @example
 * app.route('/api', createGalleryRoutes(jobs));
 */
export function createGalleryRoutes(jobs: HostedJobs): Hono<HostedEnv> {
  const routes = new Hono<HostedEnv>();
  routes.get('/gallery', async (c) => c.json({ items: await jobs.list(c.get('caller')) }));
  routes.get('/gallery/:id', async (c) => c.json(await jobs.view(c.get('caller'), c.req.param('id'))));
  routes.get('/gallery/:id/image', async (c) => {
    const caller = c.get('caller');
    const png = await jobs.image(caller, c.req.param('id'), 'result');
    const headers: Record<string, string> = { 'Content-Type': 'image/png', 'Cache-Control': IMMUTABLE };
    if (c.req.query('download') !== undefined) headers['Content-Disposition'] = attachmentHeader((await jobs.view(caller, c.req.param('id'))).title, 'png');
    return c.body(new Uint8Array(png), 200, headers);
  });
  routes.get('/gallery/:id/thumbnail', async (c) => {
    const png = await jobs.image(c.get('caller'), c.req.param('id'), 'result');
    return c.body(new Uint8Array(await encodeCardImage(png)), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': IMMUTABLE });
  });
  routes.get('/gallery/:id/download', async (c) => {
    const caller = c.get('caller');
    const request = parseDownloadQuery(c.req.query('format'), c.req.query('longSidePx'));
    const png = await jobs.image(caller, c.req.param('id'), 'result');
    const name = parseDownloadName(c.req.query('name')) ?? (await jobs.view(caller, c.req.param('id'))).title;
    const body = await downloadImage(png, request);
    return c.body(new Uint8Array(body), 200, { 'Content-Type': `image/${request.format}`, 'Content-Disposition': attachmentHeader(name, request.format === 'jpeg' ? 'jpg' : 'png'), 'Cache-Control': 'private, no-cache' });
  });
  routes.delete('/gallery/:id', async (c) => {
    await jobs.delete(c.get('caller'), c.req.param('id'));
    return c.body(null, 204);
  });
  return routes;
}
