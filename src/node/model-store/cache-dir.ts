import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ModelEntry } from './registry.js';
import { prepareWritableDir, type WritableDirLabel } from './writable-dir.js';

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

/**
 * Where the cache root comes from, for messages: the variable and its value, or the default.
 *
 * @example
 * cacheRootLabel({ PAINTERLY_HOME: '/proc/x' }) // → 'PAINTERLY_HOME=/proc/x'
 */
export function cacheRootLabel(env: CacheEnv = process.env): string {
  if (env.PAINTERLY_HOME) return `PAINTERLY_HOME=${env.PAINTERLY_HOME}`;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return `The cache folder ${cacheRoot(env)} (from XDG_CACHE_HOME)`;
  return `The cache folder ${cacheRoot(env)}`;
}

function cacheRootDirLabel(env: CacheEnv): WritableDirLabel {
  return {
    name: cacheRootLabel(env),
    fix: 'Set PAINTERLY_HOME to a writable folder on a normal disk (e.g. PAINTERLY_HOME=$HOME/.cache/painterly) and run the command again.',
  };
}

/**
 * What is wrong with the cache root, or undefined when it is usable; creates nothing (for
 * `models list`, which only reads).
 *
 * @example
 * await cacheRootProblem({ PAINTERLY_HOME: '/proc/x' }) // → 'PAINTERLY_HOME=/proc/x cannot be used: it is inside /proc, …'
 */
export async function cacheRootProblem(env: CacheEnv = process.env): Promise<string | undefined> {
  return prepareWritableDir(cacheRoot(env), cacheRootDirLabel(env), { create: false }).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

const checkedRoots = new Map<string, Promise<void>>();

/**
 * Validates the cache root once per process before anything is written below it (see
 * `prepareWritableDir`): a file, a path below a file, a read-only or kernel filesystem is a clear
 * OUTPUT_NOT_WRITABLE naming PAINTERLY_HOME and the fix.
 *
 * @example
 * await prepareCacheRoot({ PAINTERLY_HOME: '/etc/passwd' })
 * // → throws "PAINTERLY_HOME=/etc/passwd cannot be used: /etc/passwd is a file, not a folder. …"
 */
export function prepareCacheRoot(env: CacheEnv = process.env): Promise<void> {
  const root = cacheRoot(env);
  if (checkedRoots.has(root)) return checkedRoots.get(root)!;
  let checked = checkedRoots.get(root);
  if (!checked) {
    checked = prepareWritableDir(root, cacheRootDirLabel(env));
    checkedRoots.set(root, checked);
    checked.catch(() => checkedRoots.delete(root));
  }
  return checked;
}

/**
 * Checks, before a download writes or locks anything, the cache root and every folder a model's
 * files and lock go to: a `models` folder (or any folder below it) that is a link into `/proc` or
 * `/sys`, a dangling link, a file or a read-only folder is the same clear OUTPUT_NOT_WRITABLE as a bad
 * PAINTERLY_HOME (a recursive mkdir there would spin in the kernel).
 *
 * @example
 * await prepareModelFolders(findModel('udnie'), [modelDir(findModel('udnie')), '/c/models/.locks'])
 */
export async function prepareModelFolders(folders: readonly string[], env: CacheEnv = process.env): Promise<void> {
  await prepareCacheRoot(env);
  const label = cacheRootDirLabel(env);
  for (const folder of folders) {
    await prepareWritableDir(folder, { name: `${label.name} (its folder ${folder})`, fix: `${label.fix} Or replace ${folder} (or the link above it) with a plain folder.` });
  }
}
