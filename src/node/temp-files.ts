/**
 * Painterly's temporary files: how they are named, so that ours are recognisable next to an output,
 * and how the ones a killed process left behind are removed by the next run.
 *
 * A temp file is `.<NAME>.painterly-<PID>-<RANDOM>.tmp` in the directory of the file NAME it will
 * replace (see `writeFileAtomic`). A SIGKILL or a power cut between its creation and the rename
 * leaves it there; `removeStaleTempFiles` deletes those whose process is gone (or that are older than
 * `STALE_TEMP_AGE_MS`), and never touches a file a live process may still be writing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A temp file older than this is stale even when a process with its pid runs (pids are reused): no write of ours takes minutes. */
export const STALE_TEMP_AGE_MS = 15 * 60 * 1000;

/** Ours: `.NAME.painterly-PID-HEX.tmp`; and the name used before (`.NAME.PID.HEX12.tmp`), so leftovers of older versions go too. */
const TEMP_NAME = /^\.(.+)\.painterly-(\d+)-[0-9a-f]+\.tmp$/;
const LEGACY_TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * A fresh temp path next to `path`, named so `removeStaleTempFiles` recognises it.
 *
 * @example
 * tempPathFor('out/result.png') // → '/abs/out/.result.png.painterly-4242-9f86d081884c.tmp'
 */
export function tempPathFor(path: string): string {
  const target = resolve(path);
  return join(dirname(target), `.${basename(target)}.painterly-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Removes the stale temp files of ours in `dir` that belong to a file whose name `belongs` accepts:
 * those of a process that no longer runs, or older than `STALE_TEMP_AGE_MS`. Files of this process
 * and of live processes are kept; failures to remove are ignored (the next run tries again).
 * Returns the paths removed.
 *
 * @example
 * await removeStaleTempFiles('out', (name) => name === 'result.png') // → ['out/.result.png.painterly-4242-9f86d081884c.tmp']
 */
export async function removeStaleTempFiles(dir: string, belongs: (name: string) => boolean, nowMs = Date.now()): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name) ?? LEGACY_TEMP_NAME.exec(name);
    if (!match || !belongs(match[1])) continue;
    const pid = Number(match[2]);
    if (pid === process.pid) continue;
    const path = join(dir, name);
    const stats = await fs.lstat(path).catch(() => undefined);
    if (!stats?.isFile()) continue;
    if (isProcessAlive(pid) && nowMs - stats.mtimeMs < STALE_TEMP_AGE_MS) continue;
    await fs.rm(path, { force: true }).then(() => removed.push(path), () => undefined);
  }
  return removed;
}

/** Whether a process with this pid runs (EPERM: it runs under another user). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
