/**
 * Atomic file writes: readers see either the old file or the whole new one, never a half-written file.
 */
import fs from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PainterlyError } from '../engine/errors.js';
import { tempPathFor } from './temp-files.js';

/**
 * Writes `data` to `path` atomically: into a temp file in the same directory
 * (`.<name>.painterly-<pid>-<random>.tmp`, see temp-files.ts), flushed to disk, then renamed over `path`. On any failure the temp
 * file is deleted and an existing file at `path` is left untouched. A replaced file keeps its mode.
 * File-system failures become PainterlyError OUTPUT_NOT_WRITABLE naming the directory and the fix.
 *
 * @example
 * await writeFileAtomic('out/result.png', pngBytes);
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const target = resolve(path);
  const tempPath = tempPathFor(target);
  try {
    const handle = await fs.open(tempPath, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await keepExistingMode(target, tempPath);
    await fs.rename(tempPath, target);
  } catch (error) {
    await fs.rm(tempPath, { force: true }).catch(() => undefined);
    throw outputNotWritable(target, error);
  }
}

/**
 * Turns a file-system error met while writing `path` into PainterlyError OUTPUT_NOT_WRITABLE that
 * names the directory and says how to fix it. Errors that are not file-system errors pass through.
 *
 * @example
 * throw outputNotWritable('/no/such/dir/out.png', enoentError);
 * // → "Cannot write /no/such/dir/out.png: the directory /no/such/dir does not exist. Create it or choose another output path."
 */
export function outputNotWritable(path: string, error: unknown): Error {
  const code = errnoCode(error);
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  const directory = dirname(resolve(path));
  const reasons: Record<string, string> = {
    ENOENT: `the directory ${directory} does not exist. Create it or choose another output path.`,
    ENOTDIR: `${directory} is not a directory. Choose an output path inside a directory.`,
    EISDIR: `${path} is a directory. Pass a file path such as ${join(path, 'output.png')}.`,
    EACCES: `no permission to write in the directory ${directory}. Choose a directory you can write to or change its permissions.`,
    EROFS: `the directory ${directory} is on a read-only file system. Choose another output path.`,
    ENOSPC: `the disk holding ${directory} is full. Free some space or choose another output path.`,
  };
  reasons.EPERM = reasons.EACCES;
  reasons.EDQUOT = reasons.ENOSPC;
  const reason = reasons[code] ?? `${code} in the directory ${directory}. Check the path and its permissions.`;
  return new PainterlyError('OUTPUT_NOT_WRITABLE', `Cannot write ${path}: ${reason}`, { cause: error });
}

/** The `code` of a Node file-system error (`ENOENT`, `EACCES`, ...), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

async function keepExistingMode(target: string, tempPath: string): Promise<void> {
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing?.isFile()) await fs.chmod(tempPath, existing.mode & 0o7777);
}
