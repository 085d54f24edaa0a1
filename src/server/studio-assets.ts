/**
 * The studio page's files. The page lives in `studio/` (TypeScript modules, built by Vite into
 * `studio/dist`). The server serves `studio/dist` when it is there; otherwise it builds the page once
 * at startup with Vite's JS API into `<data>/studio-build`. The built files are read into memory,
 * so a request path is only ever looked up in that table, never joined onto a folder.
 */
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** One file of the page. */
export interface StudioAsset {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** Hashed file names never change, so they may be cached for good. */
  readonly immutable: boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The folder holding `studio/index.html`: the package root, found upwards from this file (which is
 * `src/server/` from source or `dist/src/server/` when built).
 */
export function studioSourceDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    if (existsSync(join(dir, 'studio', 'index.html'))) return join(dir, 'studio');
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * The page's files by URL path (`/`, `/assets/index-abc.js`, …): from `studio/dist`, else built now
 * into `buildDir`. Throws with the fix when neither works.
 *
 * @example
 * const assets = await loadStudioAssets('/data/studio-build', console.error);
 * assets.get('/')?.contentType // → 'text/html; charset=utf-8'
 */
export async function loadStudioAssets(buildDir: string, log: (message: string) => void): Promise<Map<string, StudioAsset>> {
  const source = studioSourceDir();
  if (!source) throw new Error('The studio page is missing from this installation (no studio/index.html). Reinstall painterly.');
  let dist = join(source, 'dist');
  const built = existsSync(join(dist, 'index.html'));
  if (!built || (await isStale(source, dist))) {
    try {
      await buildWithVite(source, buildDir);
      dist = buildDir;
    } catch (error) {
      if (!built) throw error;
      log(`Serving studio/dist, which is older than the page's sources (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  const assets = new Map<string, StudioAsset>();
  for (const file of await listFiles(dist)) {
    const path = `/${relative(dist, file).split(sep).join('/')}`;
    const asset = { body: await fs.readFile(file), contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', immutable: path.startsWith('/assets/') };
    assets.set(path === '/index.html' ? '/' : path, asset);
  }
  return assets;
}

/** Whether any source of the page (index.html, src/, public/, vite.config.ts) is newer than `dist/index.html`. */
async function isStale(source: string, dist: string): Promise<boolean> {
  const builtMs = (await fs.stat(join(dist, 'index.html'))).mtimeMs;
  const sources = [join(source, 'index.html'), join(source, 'vite.config.ts')];
  for (const folder of ['src', 'public']) {
    if (existsSync(join(source, folder))) sources.push(...(await listFiles(join(source, folder))));
  }
  for (const file of sources) {
    const stats = await fs.stat(file).catch(() => undefined);
    if (stats && stats.mtimeMs > builtMs) return true;
  }
  return false;
}

/**
 * Builds the page with Vite's JS API in a worker thread, so the build tool's memory leaves with the
 * thread instead of staying in the server.
 */
async function buildWithVite(source: string, outDir: string): Promise<void> {
  let vite: string;
  try {
    vite = import.meta.resolve('vite');
  } catch {
    throw new Error('The studio page is not built and Vite is not installed to build it. Run `npm run build:studio` in the painterly folder.');
  }
  const config = { configFile: join(source, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } };
  const code = `const { build } = await import(${JSON.stringify(vite)}); await build(${JSON.stringify(config)});`;
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    worker.once('error', (error: Error) => reject(new Error(`Building the studio page failed: ${error.message}`)));
    worker.once('exit', (exitCode) => (exitCode === 0 ? resolve() : reject(new Error(`Building the studio page failed (exit code ${exitCode}).`))));
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : Promise.resolve(entry.isFile() ? [join(dir, entry.name)] : []))),
  );
  return nested.flat();
}
