/**
 * Routes of the gallery (every job ever submitted, newest first, with its settings).
 *
 * GET    /api/gallery                    all items
 * GET    /api/gallery/:id                one item
 * GET    /api/gallery/:id/image          its PNG (`?download=1`: as an attachment)
 * DELETE /api/gallery/:id                delete it (an active job is cancelled first) → 204
 */
import fs from 'node:fs/promises';
import { Hono } from 'hono';
import { HttpError } from '../http-errors.js';
import type { StudioServices } from '../services.js';

/**
 * The gallery routes.
 *
 * @example
 * app.route('/api', galleryRoutes(services));
 */
export function galleryRoutes(services: StudioServices): Hono {
  const { gallery, jobs } = services;
  const app = new Hono();

  app.get('/gallery', (c) => c.json({ items: gallery.list().map((item) => jobs.view(item.id)) }));

  app.get('/gallery/:id', (c) => c.json(jobs.view(c.req.param('id'))));

  app.get('/gallery/:id/image', async (c) => {
    const item = gallery.get(c.req.param('id'));
    if (item.status !== 'done') throw new HttpError(409, 'CONFLICT', `This item has no image: its job is ${item.status}.`);
    const body = await fs.readFile(gallery.resultPath(item.id));
    const name = `painterly-${item.settings.mode === 'fast' ? item.settings.preset : 'quality'}-${item.id.slice(0, 8)}.png`;
    const headers: Record<string, string> = { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=31536000, immutable' };
    if (c.req.query('download') !== undefined) headers['Content-Disposition'] = `attachment; filename="${name}"`;
    return c.body(body, 200, headers);
  });

  app.delete('/gallery/:id', async (c) => {
    const id = gallery.get(c.req.param('id')).id;
    if (jobs.activeJobs().some((job) => job.id === id)) {
      await jobs.cancel(id).catch(() => undefined);
      await jobs.settled(id);
    }
    await gallery.delete(id);
    return c.body(null, 204);
  });

  return app;
}
