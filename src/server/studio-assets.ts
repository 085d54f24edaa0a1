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
  if (!existsSync(join(dist, 'index.html'))) {
    log('The studio page is not built (studio/dist); building it now with Vite…');
    await buildWithVite(source, buildDir);
    dist = buildDir;
  }
  const assets = new Map<string, StudioAsset>();
  for (const file of await listFiles(dist)) {
    const path = `/${relative(dist, file).split(sep).join('/')}`;
    const asset = { body: await fs.readFile(file), contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', immutable: path.startsWith('/assets/') };
    assets.set(path === '/index.html' ? '/' : path, asset);
  }
  return assets;
}

async function buildWithVite(source: string, outDir: string): Promise<void> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error('The studio page is not built and Vite is not installed to build it. Run `npm run build:studio` in the painterly folder.');
  }
  await vite.build({ configFile: join(source, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : Promise.resolve(entry.isFile() ? [join(dir, entry.name)] : []))),
  );
  return nested.flat();
}
