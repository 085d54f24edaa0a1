import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ModelEntry } from './registry.js';

/** The environment variables the cache location depends on (defaults to `process.env`). */
export type CacheEnv = Readonly<Record<string, string | undefined>>;

/**
 * Painterly's cache root: `$PAINTERLY_HOME` if set, else `$XDG_CACHE_HOME/painterly`, else
 * `~/.cache/painterly`. A relative `XDG_CACHE_HOME` is ignored, as the XDG spec asks.
 *
 * @example
 * cacheRoot({ PAINTERLY_HOME: '/tmp/p' }) // → '/tmp/p'
 * cacheRoot({ XDG_CACHE_HOME: '/c' })     // → '/c/painterly'
 */
export function cacheRoot(env: CacheEnv = process.env, home: string = homedir()): string {
  const painterlyHome = env.PAINTERLY_HOME;
  if (painterlyHome) return resolve(painterlyHome);
  const xdgCacheHome = env.XDG_CACHE_HOME;
  if (xdgCacheHome && isAbsolute(xdgCacheHome)) return join(xdgCacheHome, 'painterly');
  return join(home, '.cache', 'painterly');
}

/**
 * The folder that holds a model's files: `<root>/models/<relativeDir>`.
 *
 * @example
 * modelDir(findModel('udnie'), { PAINTERLY_HOME: '/p' }) // → '/p/models/fast-style/udnie'
 */
export function modelDir(entry: ModelEntry, env: CacheEnv = process.env): string {
  return join(cacheRoot(env), 'models', ...entry.relativeDir.split('/'));
}

/**
 * Where one file of a model lives in the cache.
 *
 * @example
 * modelFilePath(findModel('vgg19'), VGG19_FILE_NAME, { PAINTERLY_HOME: '/p' })
 * // → '/p/models/vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5'
 */
export function modelFilePath(entry: ModelEntry, fileName: string, env: CacheEnv = process.env): string {
  return join(modelDir(entry, env), fileName);
}
