/**
 * The studio page's files as HTTP responses: the same built page (`loadStudioAssets`) for the local
 * studio and a hosted API node, looked up by path only, hashed assets cached for good, the HTML with
 * the page's Content-Security-Policy. Paths under `/api/` are never the page: they answer a 404.
 */
import type { Context } from 'hono';
import { HttpError } from './http-errors.js';
import { STUDIO_CSP } from './security.js';
import type { StudioAsset } from './studio-assets.js';

/**
 * The response for a GET of `c.req.path`; 404 naming the path when there is no such file.
 *
 * @example
 * app.get('*', (c) => studioPageResponse(c, assets));
 */
export function studioPageResponse(c: Context, assets: ReadonlyMap<string, StudioAsset>): Response {
  if (c.req.path.startsWith('/api/')) throw new HttpError(404, 'NOT_FOUND', `No such API route: GET ${c.req.path}.`);
  const asset = assets.get(c.req.path);
  if (!asset) throw new HttpError(404, 'NOT_FOUND', `No such page: ${c.req.path}.`);
  const headers: Record<string, string> = {
    'Content-Type': asset.contentType,
    'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (asset.contentType.startsWith('text/html')) headers['Content-Security-Policy'] = STUDIO_CSP;
  return c.body(new Uint8Array(asset.body), 200, headers);
}
