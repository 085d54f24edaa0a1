import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HOST_TAG, isOwnerGone } from './owner.js';

/**
 * The resumable name of a download: the final path plus `.part`. No writer writes it directly:
 * a writer adopts it by renaming it to its own {@link uniquePartPath} and puts it back when the
 * transfer fails, so the next run resumes from it.
 *
 * @example
 * partPathFor('/c/models/vgg19/w.h5') // → '/c/models/vgg19/w.h5.part'
 */
export function partPathFor(destination: string): string {
  return `${destination}.part`;
}

/** `<file>.<host tag>-<pid>-<random>.part`: whose it is, so a dead writer's bytes can be adopted. */
const UNIQUE_PART = /^(.+)\.([0-9a-f]{8})-(\d+)-[0-9a-f]+\.part$/;

/** An orphan of another host is adopted only when it has not grown for this long. */
const FOREIGN_ORPHAN_AGE_MS = 60 * 60 * 1000;
/** A part named with this process's pid that this thread is not writing: an earlier process's (same pid), or another thread's if silent this long. */
const OWN_PID_ORPHAN_AGE_MS = 60 * 1000;
/** The parts this thread is writing now. */
const activeParts = new Set<string>();

/**
 * A `.part` name only this writer uses: concurrent writers of one file never share bytes, so a
 * checksum is never computed over another writer's half-written data.
 *
 * @example
 * uniquePartPath('/c/models/vgg19/w.h5') // → '/c/models/vgg19/w.h5.3f9a01c2-4242-9e1b0c7d.part'
 */
export function uniquePartPath(destination: string): string {
  const path = `${destination}.${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}.part`;
  activeParts.add(path);
  return path;
}

async function adoptableOrphans(destination: string): Promise<string[]> {
  const names = await readdir(dirname(destination)).catch(() => [] as string[]);
  const candidates: Array<{ path: string; bytes: number }> = [];
  for (const name of names) {
    const match = UNIQUE_PART.exec(name);
    if (!match || match[1] !== basename(destination)) continue;
    const path = join(dirname(destination), name);
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    const ageMs = Date.now() - info.mtimeMs;
    const pid = Number(match[3]);
    const gone =
      match[2] !== HOST_TAG ? ageMs > FOREIGN_ORPHAN_AGE_MS
      : pid === process.pid ? !activeParts.has(path) && ageMs > OWN_PID_ORPHAN_AGE_MS
      : isOwnerGone(pid);
    if (gone) candidates.push({ path, bytes: info.size });
  }
  return candidates.sort((a, b) => b.bytes - a.bytes).map((candidate) => candidate.path);
}

/**
 * Moves earlier bytes of `destination` into `workPath`: the resumable `.part`, else the largest
 * `.part` a dead writer left (a SIGKILL); other dead writers' parts are deleted. A rename is
 * atomic, so of two concurrent writers only one adopts a given file; the other starts from 0.
 *
 * @example
 * await adoptPart('/c/w.h5', uniquePartPath('/c/w.h5')) // → true when there was something to resume
 */
export async function adoptPart(destination: string, workPath: string): Promise<boolean> {
  const sources = [partPathFor(destination), ...(await adoptableOrphans(destination))];
  let adopted = false;
  for (const source of sources) {
    if (!adopted) {
      adopted = await rename(source, workPath).then(() => true, () => false);
    } else if (source !== partPathFor(destination)) {
      await rm(source, { force: true });
    }
  }
  return adopted;
}

/**
 * Puts a writer's bytes back under the resumable name after a failed transfer (empty parts are
 * deleted). Never throws: the transfer's own error is what the user must see.
 *
 * @example
 * await restorePart(workPath, partPathFor(destination));
 */
export async function restorePart(workPath: string, partPath: string): Promise<void> {
  activeParts.delete(workPath);
  const bytes = await existingBytes(workPath).catch(() => 0);
  if (bytes > 0) await rename(workPath, partPath).catch(() => rm(workPath, { force: true }).catch(() => undefined));
  else await rm(workPath, { force: true }).catch(() => undefined);
}

/**
 * Size of the file at `path` in bytes, or 0 when it does not exist.
 *
 * @example
 * await existingBytes('/c/models/vgg19/w.h5.part') // → 1048576 after an interrupted download
 */
export async function existingBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * A failure to write the cache (disk full, read-only, no permission), as opposed to a failure to
 * read the source: the two have different fixes, so the caller words them apart.
 */
export class PartWriteError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'PartWriteError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

async function writing<T>(path: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new PartWriteError(path, error);
  }
}

/**
 * Marks a unique part as finished (renamed into place or deleted), so it is no longer tracked.
 *
 * @example
 * releasePart(workPath);
 */
export function releasePart(workPath: string): void {
  activeParts.delete(workPath);
}

/**
 * Writes every chunk of `chunks` to `path` (appending or truncating first), calling `onChunk`
 * with each chunk's length after it is written. What was written stays on disk if the source fails.
 * Errors of the write side are {@link PartWriteError}; the source's own errors pass through.
 *
 * @example
 * await writeChunks(response.body, partPath, { append: true, onChunk: (n) => (received += n) });
 */
export async function writeChunks(
  chunks: AsyncIterable<Uint8Array>,
  path: string,
  options: { append: boolean; onChunk: (byteLength: number) => void },
): Promise<void> {
  const handle = await writing(path, () => open(path, options.append ? 'a' : 'w'));
  let closed = false;
  try {
    for await (const chunk of chunks) {
      await writing(path, () => handle.write(chunk));
      options.onChunk(chunk.byteLength);
    }
    closed = true;
    await writing(path, () => handle.close());
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
  }
}
