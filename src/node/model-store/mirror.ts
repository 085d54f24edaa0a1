import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CacheEnv } from './cache-dir.js';
import type { ModelEntry, ModelFile } from './registry.js';

/** The variable that points downloads at a mirror laid out like `<mirror>/vgg19/<file>`, `<mirror>/fast-style/<style>/<file>`, `<mirror>/darknet/tiny/<file>`. */
export const MODEL_MIRROR_ENV = 'PAINTERLY_MODEL_MIRROR';

/**
 * The mirror named by `$PAINTERLY_MODEL_MIRROR` (a directory, a `file://` URL or an http(s) URL
 * base), or `undefined` when none is set.
 *
 * @example
 * modelMirror({ PAINTERLY_MODEL_MIRROR: '/srv/models' }) // → '/srv/models'
 */
export function modelMirror(env: CacheEnv = process.env): string | undefined {
  const mirror = env[MODEL_MIRROR_ENV]?.trim();
  return mirror ? mirror : undefined;
}

/**
 * Where to fetch one file of a model from: the mirror when one is set, else the file's own URL.
 * Returns an http(s) URL or a local path; both are accepted by `downloadFile`.
 *
 * @example
 * fileSource(findModel('udnie'), file, { PAINTERLY_MODEL_MIRROR: '/work/shared/models' })
 * // → '/work/shared/models/fast-style/udnie/Variable_3'
 */
export function fileSource(entry: ModelEntry, file: ModelFile, env: CacheEnv = process.env): string {
  const mirror = modelMirror(env);
  if (mirror === undefined) return file.url;
  if (/^https?:\/\//i.test(mirror)) {
    const segments = [...entry.relativeDir.split('/'), file.name].map(encodeURIComponent);
    return `${mirror.replace(/\/+$/, '')}/${segments.join('/')}`;
  }
  const directory = mirror.startsWith('file:') ? fileURLToPath(mirror) : resolve(mirror);
  return join(directory, ...entry.relativeDir.split('/'), file.name);
}
