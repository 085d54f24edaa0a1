import { constants } from 'node:fs';
import { access, mkdir, readlink, realpath, stat, statfs } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';

/** Kernel pseudo-filesystems a cache can never live on (writing there hangs or fails oddly). */
const PSEUDO_ROOTS = ['/proc', '/sys'];
/** statfs magic numbers of procfs, sysfs, cgroup (v1, v2) and debugfs: refused wherever they are mounted. */
const PSEUDO_FS_TYPES = new Set([0x9fa0 /* proc */, 0x62656572 /* sysfs */, 0x27e0eb /* cgroup */, 0x63677270 /* cgroup2 */, 0x64626720 /* debugfs */]);

/** How a folder is named in messages, and what the user should do instead. */
export interface WritableDirLabel {
  /** e.g. `PAINTERLY_HOME=/proc/x` or `--data /srv/studio`. */
  readonly name: string;
  /** e.g. 'Set PAINTERLY_HOME to a writable folder, e.g. PAINTERLY_HOME=$HOME/.cache/painterly.' */
  readonly fix: string;
}

function isBelow(path: string, root: string): boolean {
  return path === root || path.startsWith(root + sep);
}

function refuse(label: WritableDirLabel, problem: string, cause?: unknown): PainterlyError {
  return new PainterlyError('OUTPUT_NOT_WRITABLE', `${label.name} cannot be used: ${problem}. ${label.fix}`, { cause });
}

/** The nearest existing path at or above `dir` (stat follows links), with what it is; or the dangling link on the way. */
async function nearestExisting(dir: string): Promise<{ path: string; isDirectory: boolean; danglingTo?: string }> {
  for (let path = dir; ; path = dirname(path)) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (info) return { path, isDirectory: info.isDirectory() };
    const link = await readlink(path).catch(() => undefined);
    if (link !== undefined) return { path, isDirectory: false, danglingTo: resolve(dirname(path), link) };
    if (dirname(path) === path) return { path, isDirectory: true };
  }
}

/**
 * Checks, before anything is written, that `dir` is (or can become) a writable folder, then
 * creates it. Refused with OUTPUT_NOT_WRITABLE naming the problem and `label.fix`: a regular file,
 * a path below a file, a read-only filesystem, no permission, or a kernel pseudo-filesystem
 * (`/proc`, `/sys`, checked with stat/realpath/statfs before any mkdir: a recursive mkdir
 * on procfs never returns). With `create: false` it only checks.
 *
 * @example
 * await prepareWritableDir('/proc/1/x', { name: 'PAINTERLY_HOME=/proc/1/x', fix: 'Set PAINTERLY_HOME to a writable folder.' })
 * // → throws "PAINTERLY_HOME=/proc/1/x cannot be used: it is inside /proc, a kernel filesystem. Set …"
 */
export async function prepareWritableDir(dir: string, label: WritableDirLabel, options: { create?: boolean } = {}): Promise<void> {
  const absolute = resolve(dir);
  const lexicalRoot = PSEUDO_ROOTS.find((root) => isBelow(absolute, root));
  if (lexicalRoot) throw refuse(label, `it is inside ${lexicalRoot}, a kernel filesystem`);
  let existing: { path: string; isDirectory: boolean; danglingTo?: string };
  try {
    existing = await nearestExisting(absolute);
  } catch (error) {
    throw refuse(label, `${absolute} cannot be inspected (${(error as NodeJS.ErrnoException).code ?? String(error)})`, error);
  }
  if (existing.danglingTo !== undefined) {
    throw refuse(label, `${existing.path} is a symbolic link to ${existing.danglingTo}, which does not exist (create that folder, or point the link at one that exists)`);
  }
  if (!existing.isDirectory) {
    throw refuse(label, existing.path === absolute ? `${absolute} is a file, not a folder` : `${existing.path} is a file, so nothing can be created below it`);
  }
  const real = await realpath(existing.path).catch(() => existing.path);
  const realRoot = PSEUDO_ROOTS.find((root) => isBelow(real, root));
  if (realRoot) throw refuse(label, `${existing.path} leads into ${realRoot} (${real}), a kernel filesystem`);
  const fsType = await statfs(real).then((info) => info.type, () => undefined);
  if (fsType !== undefined && PSEUDO_FS_TYPES.has(fsType)) throw refuse(label, `${real} is on a kernel pseudo-filesystem`);
  try {
    await access(real, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'EROFS' ? `${real} is on a read-only filesystem` : `${real} is not writable for this user (${code ?? 'access denied'})`;
    throw refuse(label, problem, error);
  }
  // Root passes access(); a folder with no write bit at all was made read-only on purpose.
  const mode = await stat(real).then((info) => info.mode, () => 0o777);
  if ((mode & 0o222) === 0) throw refuse(label, `${real} is read-only (permissions ${(mode & 0o777).toString(8)})`);
  if (existing.path === absolute || options.create === false) return;
  await mkdir(absolute, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    const problem = error.code === 'EROFS' ? `${absolute} is on a read-only filesystem` : `${absolute} could not be created (${error.code ?? error.message})`;
    throw refuse(label, problem, error);
  });
}
