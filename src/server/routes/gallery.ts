/**
 * Routes of the gallery (every job ever submitted, newest first, with its settings).
 *
 * GET    /api/gallery                    all items
 * GET    /api/gallery/:id                one item
 * GET    /api/gallery/:id/image          its PNG (`?download=1`: as an attachment)
 * GET    /api/gallery/:id/thumbnail      its card image: a JPEG, long side 480 px, made once
 * GET    /api/gallery/:id/download       `?format=png|jpeg&longSidePx=N&name=NAME`: an attachment named NAME (the
 *                                        name the page shows, "… (2)" for a repeated title), else its title
 * DELETE /api/gallery/:id                delete it (an active job is cancelled first) → 204
 */
import fs from 'node:fs/promises';
import { Hono } from 'hono';
import { join } from 'node:path';
import { THUMBNAIL_FILE, type GalleryItem } from '../gallery/item.js';
import { cardImage, downloadImage, parseDownloadName, parseDownloadQuery } from '../gallery/result-images.js';
import { HttpError } from '../http-errors.js';
import { attachmentHeader } from '../jobs/job-title.js';
import type { StudioServices } from '../services.js';

/** Finished images never change under their URL. */
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * The gallery routes.
 *
 * @example
 * app.route('/api', galleryRoutes(services));
 */
export function galleryRoutes(services: StudioServices): Hono {
  const { gallery, paintings } = services;
  const app = new Hono();

  app.get('/gallery', (c) => c.json({ items: gallery.list().map((item) => paintings.view(item.id)) }));

  app.get('/gallery/:id', (c) => c.json(paintings.view(c.req.param('id'))));

  const finished = (id: string): GalleryItem => {
    const item = gallery.get(id);
    if (item.status !== 'done') throw new HttpError(409, 'CONFLICT', `This item has no image: its job is ${item.status}.`);
    return item;
  };

  app.get('/gallery/:id/image', async (c) => {
    const item = finished(c.req.param('id'));
    const body = await fs.readFile(gallery.resultPath(item.id));
    const headers: Record<string, string> = { 'Content-Type': 'image/png', 'Cache-Control': IMMUTABLE };
    if (c.req.query('download') !== undefined) headers['Content-Disposition'] = attachmentHeader(paintings.view(item.id).title, 'png');
    return c.body(body, 200, headers);
  });

  app.get('/gallery/:id/thumbnail', async (c) => {
    const item = finished(c.req.param('id'));
    const body = await cardImage(gallery.resultPath(item.id), join(gallery.folder(item.id), THUMBNAIL_FILE));
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': IMMUTABLE });
  });

  app.get('/gallery/:id/download', async (c) => {
    const item = finished(c.req.param('id'));
    const request = parseDownloadQuery(c.req.query('format'), c.req.query('longSidePx'));
    const name = parseDownloadName(c.req.query('name')) ?? paintings.view(item.id).title;
    const body = await downloadImage(gallery.resultPath(item.id), request);
    const extension = request.format === 'jpeg' ? 'jpg' : 'png';
    return c.body(new Uint8Array(body), 200, { 'Content-Type': `image/${request.format}`, 'Content-Disposition': attachmentHeader(name, extension), 'Cache-Control': 'private, no-cache' });
  });

  app.delete('/gallery/:id', async (c) => {
    const id = gallery.get(c.req.param('id')).id;
    await paintings.stop(id);
    await gallery.delete(id);
    return c.body(null, 204);
  });

  return app;
}
