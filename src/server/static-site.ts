/**
 * `painterly serve --static-only`: the in-browser page (`studio/dist-browser`) and the model store's
 * files under `/models/`, nothing else: no API, no uploads, no jobs. The page paints on the
 * visitor's machine; this server only hands out files. Responses are cross-origin isolated
 * (COOP/COEP), which lets onnxruntime-web run WASM with threads.
 */
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { PainterlyError } from '../engine/errors.js';
import { modelDir, modelMirror, MODEL_REGISTRY, type ModelEntry } from '../node/model-store/index.js';
import { allowedHostNames, hostHeaderName, isLoopback, isWildcard } from './host-names.js';
import { HttpError } from './http-errors.js';
import { requestGuards } from './security.js';
import { listenError } from './start-server.js';
import { studioSourceDir } from './studio-assets.js';

/** The folder `npm run build` writes the in-browser page to, below `studio/`. */
export const BROWSER_PAGE_DIR = 'dist-browser';

/**
 * The page's policy: its own scripts (and WebAssembly), models from any http(s) address the visitor
 * points it at, workers and images from itself or blobs.
 */
export const BROWSER_PAGE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self' blob: http: https:; img-src 'self' blob: data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Options of `startStaticSite` (validated by the serve command's schema). */
export interface StaticSiteOptions {
  readonly port: number;
  readonly host: string;
  readonly allowRemote: boolean;
  readonly allowHosts: readonly string[];
}

/** A running static site. */
export interface StaticSite {
  readonly url: string;
  readonly port: number;
  /** Where `/models/` is read from: the local mirror, else the model cache. */
  readonly modelsFrom: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * Serves the built page and the model files. Throws with the fix when the page is not built or a
 * non-loopback host lacks `allowRemote`.
 *
 * @example
 * const site = await startStaticSite({ port: 0, host: '127.0.0.1', allowRemote: false, allowHosts: [] });
 * console.log(site.url); // open it: the page fetches ./models/fast-style/udnie/… from this server
 */
export async function startStaticSite(options: StaticSiteOptions): Promise<StaticSite> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new PainterlyError('INVALID_OPTION', `Listening on ${options.host} lets other machines load the page and your cached model files. Pass --allow-remote as well to do that on purpose, or leave out --host to listen on 127.0.0.1 only.`);
  }
  const pages = await loadPage();
  const models = modelsRoot();
  let port = options.port;
  const app = new Hono();
  app.use('*', requestGuards({ names: allowedHostNames(options.host, options.allowHosts), port: () => port }));
  app.use('*', async (c, next) => {
    await next();
    // Cross-origin isolation: SharedArrayBuffer, so onnxruntime-web runs WASM with threads.
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Embedder-Policy', 'require-corp');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Content-Security-Policy', BROWSER_PAGE_CSP);
  });
  app.on(['GET', 'HEAD'], '/models/*', (c) => sendModelFile(c, models.dir, models.mirror));
  app.on(['GET', 'HEAD'], '*', (c) => {
    const asset = pages.get(c.req.path === '/index.html' ? '/' : c.req.path);
    if (!asset) throw new HttpError(404, 'NOT_FOUND', `No such file: ${c.req.path}.`);
    c.header('Content-Type', asset.contentType);
    c.header('Cache-Control', c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (c.req.method === 'HEAD') return c.body(null);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  app.all('*', (c) => c.text(`The in-browser page only serves files: ${c.req.method} is not accepted.`, 405, { Allow: 'GET, HEAD' }));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.text(error.message, error.status as 403);
    return c.text('Internal error.', 500);
  });
  const listening = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => resolve({ server, port: info.port }));
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)));
  });
  port = listening.port;
  const host = isWildcard(options.host) ? (options.host === '0.0.0.0' ? '127.0.0.1' : '[::1]') : hostHeaderName(options.host);
  return {
    url: `http://${host}:${port}/`,
    port,
    modelsFrom: models.dir,
    close: () =>
      new Promise<void>((resolve) => {
        listening.server.close(() => resolve());
        if ('closeAllConnections' in listening.server) listening.server.closeAllConnections();
      }),
  };
}

/** The built page's files by URL path, read into memory (a request path is only looked up, never joined onto a folder). */
async function loadPage(): Promise<Map<string, { body: Uint8Array; contentType: string }>> {
  const source = studioSourceDir();
  const dist = source ? join(source, BROWSER_PAGE_DIR) : undefined;
  if (!dist || !existsSync(join(dist, 'index.html'))) {
    throw new PainterlyError('INVALID_OPTION', 'The in-browser page is not built (no studio/dist-browser/index.html). Run `npm run build` in the painterly folder, then `painterly serve --static-only` again.');
  }
  const files = new Map<string, { body: Uint8Array; contentType: string }>();
  for (const entry of await fs.readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const path = `/${relative(dist, file).split(sep).join('/')}`;
    files.set(path === '/index.html' ? '/' : path, { body: await fs.readFile(file), contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  }
  return files;
}

/** `/models/` is the local mirror (PAINTERLY_MODEL_MIRROR, when a folder) or the model cache: the same layout. */
function modelsRoot(): { dir: string; mirror: boolean } {
  const mirror = modelMirror();
  if (mirror !== undefined && !/^https?:\/\//i.test(mirror)) return { dir: mirror.startsWith('file:') ? new URL(mirror).pathname : mirror, mirror: true };
  return { dir: join(modelDir(MODEL_REGISTRY[0]), '..'), mirror: false };
}

/** The models the page reads: the presets and Darknet Tiny (not the 80 MB VGG19). */
const PAGE_MODELS: readonly ModelEntry[] = MODEL_REGISTRY.filter((entry) => entry.kind !== 'vgg');

/** One registered model file, streamed from `root/<relativeDir>/<name>`; any other path is 404. */
async function sendModelFile(c: Context, root: string, mirror: boolean): Promise<Response> {
  const path = c.req.path.slice('/models/'.length);
  const entry = PAGE_MODELS.find((candidate) => path.startsWith(`${candidate.relativeDir}/`));
  const file = entry?.files.find((candidate) => `${entry.relativeDir}/${candidate.name}` === path);
  if (!entry || !file) throw new HttpError(404, 'NOT_FOUND', `No such model file: ${path}. The page reads fast-style presets and Darknet Tiny.`);
  const location = join(root, ...entry.relativeDir.split('/'), file.name);
  const stats = await fs.stat(location).catch(() => undefined);
  if (!stats?.isFile()) {
    const fix = mirror ? `The mirror ${root} lacks it.` : `Download it first: \`painterly models download ${entry.name}\` (or set PAINTERLY_MODEL_MIRROR to a folder of the models).`;
    throw new HttpError(404, 'NOT_FOUND', `${entry.name} is not in the model store. ${fix}`);
  }
  c.header('Content-Type', 'application/octet-stream');
  c.header('Content-Length', String(stats.size));
  c.header('Cache-Control', 'no-cache');
  if (c.req.method === 'HEAD') return c.body(null);
  return c.body(Readable.toWeb(createReadStream(location)) as ReadableStream<Uint8Array<ArrayBuffer>>);
}
