/**
 * The studio's data folder, checked before anything is created in it: a path that is a file, lies
 * below a file, is read-only or sits in a kernel file system (`/proc`, `/sys`) is refused with a
 * message naming the problem and the fix — never an "unexpected error", and never a recursive
 * `mkdir` on procfs (which spins there).
 */
import { constants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { PainterlyError } from '../engine/errors.js';
import { errnoCode } from '../node/atomic-write.js';

/** Kernel file systems no data folder may live in, by mount point and by `statfs` type. */
const KERNEL_ROOTS = ['/proc', '/sys'];
const KERNEL_FS_TYPES = new Set([0x9fa0 /* proc */, 0x62656572 /* sysfs */, 0x64626720 /* debugfs */, 0x27e0eb /* cgroup */, 0x63677270 /* cgroup2 */]);

/**
 * Checks `path` and creates it (with its parents) when it is missing. `name` says where the path
 * came from in messages (`--data`, or the default under PAINTERLY_HOME). Errors: INVALID_OPTION.
 *
 * @example
 * await prepareDataDir('/home/me/studio', '--data');
 */
export async function prepareDataDir(path: string, name: string): Promise<void> {
  const target = resolve(path);
  const refuse = (problem: string, fix = `Pass --data with a folder of your own, e.g. --data ~/painterly-studio.`): PainterlyError =>
    new PainterlyError('INVALID_OPTION', `The studio's data folder ${path} (${name}) ${problem}. ${fix}`);
  const existing = await nearestExisting(target).catch((error: unknown) => {
    throw refuse(`cannot be reached (${errnoCode(error) ?? String(error)})`, 'Check the path and its permissions, or pass --data with another folder.');
  });
  if (existing.danglingTo !== undefined) {
    const where = existing.path === target ? 'is' : `lies below ${existing.path}, which is`;
    throw refuse(`${where} a symbolic link to ${existing.danglingTo}, which does not exist`, `Create ${existing.danglingTo}, or pass --data with another folder.`);
  }
  if (existing.path === target && !existing.stats.isDirectory()) throw refuse(`is ${kindOf(existing.stats)}, not a folder`);
  if (existing.path !== target && !existing.stats.isDirectory()) throw refuse(`lies below ${existing.path}, which is ${kindOf(existing.stats)}, not a folder`);
  const real = await fs.realpath(existing.path);
  const kernelRoot = KERNEL_ROOTS.find((root) => real === root || real.startsWith(`${root}${sep}`));
  if (kernelRoot !== undefined || (await isKernelFileSystem(real))) {
    throw refuse(`is in ${kernelRoot ?? real}, a kernel file system where no files can be kept`);
  }
  try {
    await fs.access(existing.path, constants.W_OK | constants.X_OK);
    await fs.mkdir(target, { recursive: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EROFS') throw refuse(`is on a read-only file system (${existing.path})`);
    if (code === 'EACCES' || code === 'EPERM') throw refuse(`cannot be written: no permission in ${existing.path}`, 'Pass --data with a folder you can write to, or change its permissions.');
    if (code === 'ENOSPC' || code === 'EDQUOT') throw refuse(`cannot be created: the disk is full`, 'Free some space or pass --data with a folder on another disk.');
    throw error;
  }
}

/** The path itself or its nearest ancestor that exists, with its stats (symbolic links followed); or the dangling link on the way. */
async function nearestExisting(target: string): Promise<{ path: string; stats: Stats; danglingTo?: string }> {
  for (let candidate = target; ; candidate = dirname(candidate)) {
    try {
      return { path: candidate, stats: await fs.stat(candidate) };
    } catch (error) {
      const code = errnoCode(error);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(candidate) === candidate) throw error;
      const link = await fs.readlink(candidate).catch(() => undefined);
      if (link !== undefined) return { path: candidate, stats: await fs.lstat(candidate), danglingTo: resolve(dirname(candidate), link) };
    }
  }
}

async function isKernelFileSystem(path: string): Promise<boolean> {
  const stats = await fs.statfs(path).catch(() => undefined);
  return stats !== undefined && KERNEL_FS_TYPES.has(stats.type);
}

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular folder';
}
