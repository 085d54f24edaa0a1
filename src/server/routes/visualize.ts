/**
 * Routes of "What the network sees": for units of one VGG19 layer, the nine patches of the studio's
 * images that excite each most, drawn as a grid (the `painterly visualize` engine, in a worker).
 *
 * POST   /api/visualize               body: { layer, units? | topUnits?, weights?, images?, size? } → 202 the run
 * GET    /api/visualize               the runs this server made, newest first
 * GET    /api/visualize/:id           one run (status, progress, result)
 * GET    /api/visualize/:id/image     its grid PNG, once done
 * POST   /api/visualize/:id/cancel    cancel it
 *
 * Runs are `visualize` jobs of the one job manager (their own lane, one at a time).
 */
import fs from 'node:fs/promises';
import { Hono } from 'hono';
import { HttpError } from '../http-errors.js';
import type { StudioServices } from '../services.js';
import { resolveVisualizeRequest } from '../visualize/resolve-visualize-request.js';
import type { VisualizeSource } from '../visualize/visualize-request.js';
import { jsonRequestBody, jsonRequestLimit } from './json-request.js';

/** The most images one run looks at (the newest first). */
export const MAX_VISUALIZE_IMAGES = 100;

/**
 * The visualize routes.
 *
 * @example
 * app.route('/api', visualizeRoutes(services));
 */
export function visualizeRoutes(services: StudioServices): Hono {
  const { visualizations, options } = services;
  const app = new Hono();

  app.post(
    '/visualize',
    jsonRequestLimit('visualize request'),
    async (c) => {
      const body = await jsonRequestBody(c, 'visualize request');
      const request = await resolveVisualizeRequest(
        body,
        options.weights,
        'The pretrained VGG19 weights are not downloaded on this machine. Run `painterly models download vgg19` (80 MB, once), or choose the random weights (untrained: they show what a random network responds to).',
      );
      const weights = request.effectiveWeights;
      const imagePaths = await studioImages(request.images, services);
      if (imagePaths.length === 0) throw new HttpError(409, 'CONFLICT', emptyMessage(request.images), 'images');
      const view = await visualizations.submit({
        layer: request.layer,
        unitsText: request.unitsText,
        units: request.units,
        topUnits: request.topUnits,
        source: request.images,
        size: request.size,
        weightsRequested: request.weights,
        weights,
        imagePaths,
        threads: options.threads,
        device: options.device,
      });
      return c.json(view, 202);
    },
  );

  app.get('/visualize', (c) => c.json({ runs: visualizations.list() }));

  app.get('/visualize/:id', (c) => c.json(visualizations.view(c.req.param('id'))));

  app.get('/visualize/:id/image', async (c) => {
    const body = await fs.readFile(visualizations.gridPath(c.req.param('id')));
    return c.body(body, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=31536000, immutable' });
  });

  app.post('/visualize/:id/cancel', async (c) => c.json(await visualizations.cancel(c.req.param('id'))));

  return app;
}

/**
 * The image files of `source`, newest first, at most `MAX_VISUALIZE_IMAGES`: finished gallery
 * results, the uploaded photos they were painted from (each once), or both. Files are found by id only.
 */
async function studioImages(source: VisualizeSource, services: StudioServices): Promise<string[]> {
  const { gallery, uploads } = services;
  const paths: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    if (seen.has(path) || paths.length >= MAX_VISUALIZE_IMAGES) return;
    seen.add(path);
    paths.push(path);
  };
  for (const item of gallery.list()) {
    if (source !== 'photos' && item.status === 'done') {
      const path = gallery.resultPath(item.id);
      if (await exists(path)) add(path);
    }
    if (source !== 'results') {
      const content = item.settings.content;
      const path = await uploads.imagePath(content).catch(() => undefined);
      if (path && (await exists(path))) add(path);
    }
  }
  return paths;
}

function emptyMessage(source: VisualizeSource): string {
  if (source === 'photos') return 'No photos to look at yet: paint something first (the photos of the gallery’s paintings are used).';
  return 'The gallery has no images yet: paint something first.';
}

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then((stats) => stats.isFile(), () => false);
}
