/**
 * Routes for what a job is made from: the studio's configuration (presets, samples, weights,
 * limits), uploads, and thumbnails.
 *
 * GET  /api/config                       presets, samples, weights, limits, defaults
 * POST /api/uploads?name=FILE            body: the image bytes → 201 { id, width, height, format, … }
 * GET  /api/uploads/:id                  its record { id, width, height, format, bytes, name }
 * GET  /api/uploads/:id/image            the uploaded file
 * GET  /api/uploads/:id/thumbnail        a JPEG thumbnail
 * GET  /api/samples/:name/thumbnail      a JPEG thumbnail of a sample painting
 * GET  /api/presets/:name/sample         a small JPEG the preset painted (made once; 404 when not downloaded)
 */
import fs from 'node:fs/promises';
import { Hono } from 'hono';
import type { UploadInfo } from '../api-types.js';
import { studioConfig } from '../studio-config.js';
import { IMAGE_TYPES } from '../uploads.js';
import type { StudioServices } from '../services.js';


/**
 * The library routes.
 *
 * @example
 * app.route('/api', libraryRoutes(services));
 */
export function libraryRoutes(services: StudioServices): Hono {
  const { options, uploads, uploadReceiver, samples, presetSamples } = services;
  const app = new Hono();

  app.get('/config', async (c) => c.json(await studioConfig({ options, samples, uploadLimits: uploads.limits })));

  app.post('/uploads', async (c) => {
    const bytes = await uploadReceiver.read(c.req.raw);
    const info: UploadInfo = await uploads.save(bytes, c.req.query('name') ?? 'image');
    return c.json(info, 201);
  });

  app.get('/uploads/:id', async (c) => c.json(await uploads.info(c.req.param('id'))));

  app.get('/uploads/:id/image', async (c) => {
    const info = await uploads.info(c.req.param('id'));
    const body = await fs.readFile(await uploads.imagePath(info.id));
    return c.body(body, 200, { 'Content-Type': IMAGE_TYPES[info.format] ?? 'application/octet-stream', 'Cache-Control': 'private, max-age=31536000, immutable' });
  });

  app.get('/uploads/:id/thumbnail', async (c) => {
    const body = await fs.readFile(await uploads.thumbnailPath(c.req.param('id')));
    return c.body(body, 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=31536000, immutable' });
  });

  app.get('/samples/:name/thumbnail', async (c) => {
    const body = await samples.thumbnail(c.req.param('name'));
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=3600' });
  });

  app.get('/presets/:name/sample', async (c) => {
    const body = await presetSamples.sample(c.req.param('name'));
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=3600' });
  });

  return app;
}
