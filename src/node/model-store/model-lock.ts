import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PainterlyError, throwIfAborted } from '../../engine/errors.js';
import { HOST_NAME, PROCESS_STARTED_MS, isOwnerGone, isThisProcess } from './owner.js';

/** Who holds a model's lock, as its lock file says. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  /** When the lock was taken. */
  readonly startedMs: number;
  /** When the owning process started (tells it from an earlier process with the same pid). */
  readonly processStartedMs: number;
}

/** Options of {@link withModelLock}. */
export interface ModelLockOptions {
  readonly signal?: AbortSignal;
  /** Called once when the lock is held by someone else and this call starts to wait. */
  readonly onWait?: (owner: LockOwner | undefined) => void;
  /** How often a waiter looks again (default 200 ms). */
  readonly pollMs?: number;
  /** A lock whose file has not been touched for this long is stale (default 30 s; the holder touches it every staleMs/6). */
  readonly staleMs?: number;
}

const DEFAULT_STALE_MS = 30_000;
/** Tails of the in-process queues, by lock path: jobs of one process wait for each other here first. */
const queues = new Map<string, Promise<unknown>>();

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.token === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A lock is stale when its owner is a dead process of this host, a leftover of an earlier process
 * with this process's pid (containers reuse pids), or when nobody touched it for `staleMs` (other
 * hosts, a frozen owner, an unreadable file). Another worker thread of this process is alive.
 */
function isStale(owner: LockOwner | undefined, touchedMs: number, staleMs: number): boolean {
  if (Date.now() - touchedMs > staleMs) return true;
  if (owner === undefined || owner.host !== HOST_NAME) return false;
  if (owner.pid === process.pid) return !isThisProcess(owner.pid, owner.processStartedMs);
  return isOwnerGone(owner.pid);
}

async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'ENOENT') throw lockError(lockPath, error);
    await mkdir(dirname(lockPath), { recursive: true }).catch((cause: unknown) => {
      throw lockError(lockPath, cause);
    });
    return tryCreate(lockPath, owner);
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}

function lockError(lockPath: string, cause: unknown): PainterlyError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new PainterlyError(
    'OUTPUT_NOT_WRITABLE',
    `Cannot create the download lock ${lockPath}${code ? ` (${code})` : ''}. ` +
      'Make the model cache writable (or set PAINTERLY_HOME to a writable folder) and run the command again.',
    { cause },
  );
}

/** Moves a stale lock aside and deletes it; a rename is atomic, so only one waiter breaks it. */
async function breakLock(lockPath: string): Promise<void> {
  const aside = `${lockPath}.stale-${randomBytes(4).toString('hex')}`;
  if (await rename(lockPath, aside).then(() => true, () => false)) await rm(aside, { force: true });
}

async function acquire(lockPath: string, options: ModelLockOptions): Promise<LockOwner> {
  const owner: LockOwner = {
    pid: process.pid,
    host: HOST_NAME,
    token: randomBytes(8).toString('hex'),
    startedMs: Date.now(),
    processStartedMs: PROCESS_STARTED_MS,
  };
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  let waiting = false;
  for (;;) {
    throwIfAborted(options.signal, `Cancelled while waiting for another download (lock ${lockPath}).`);
    if (await tryCreate(lockPath, owner)) return owner;
    const touchedMs = await stat(lockPath).then((info) => info.mtimeMs, () => undefined);
    if (touchedMs === undefined) continue; // released just now
    const current = await readOwner(lockPath);
    if (isStale(current, touchedMs, staleMs)) {
      await breakLock(lockPath);
      continue;
    }
    if (!waiting) options.onWait?.(current);
    waiting = true;
    await sleep(options.pollMs ?? 200, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

async function release(lockPath: string, owner: LockOwner): Promise<void> {
  // Only our own lock: if ours was judged stale and broken, the file is someone else's now.
  if ((await readOwner(lockPath))?.token === owner.token) await rm(lockPath, { force: true });
}

/** Resolves when `previous` settles, or rejects as ABORTED when `signal` fires first. */
function queued(previous: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  const settled = previous.then(() => undefined, () => undefined);
  if (!signal) return settled;
  return new Promise<void>((resolve, reject) => {
    const abort = (): void => reject(new PainterlyError('ABORTED', 'Cancelled while waiting for another download of the same model.'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    void settled.then(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    });
  });
}

/**
 * Runs `action` while holding the lock file `lockPath`: one holder at a time across processes
 * (an exclusive create, `O_EXCL`; worker threads of one process included) and within this
 * thread (a queue). The file names its owner
 * (pid, host) and is touched while held; a dead or silent owner's lock is broken. The lock only
 * saves duplicate downloads: correctness never depends on it (each writer has its own `.part`).
 *
 * @example
 * await withModelLock('/c/models/.locks/udnie.lock', () => downloadMissingFiles(), { signal });
 */
export async function withModelLock<T>(lockPath: string, action: () => Promise<T>, options: ModelLockOptions = {}): Promise<T> {
  const previous = queues.get(lockPath) ?? Promise.resolve();
  const run = queued(previous, options.signal).then(async () => {
    const owner = await acquire(lockPath, options);
    const touch = setInterval(() => {
      const now = new Date();
      utimes(lockPath, now, now).catch(() => undefined);
    }, (options.staleMs ?? DEFAULT_STALE_MS) / 6);
    touch.unref();
    try {
      return await action();
    } finally {
      clearInterval(touch);
      await release(lockPath, owner);
    }
  });
  queues.set(lockPath, run);
  try {
    return await run;
  } finally {
    if (queues.get(lockPath) === run) queues.delete(lockPath);
  }
}
