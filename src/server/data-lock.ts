/**
 * One studio server per data folder. Two servers on one folder would both run every waiting job and
 * rewrite each other's records, so `startStudioServer` takes `<data>/studio.lock` before it reads or
 * rewrites anything there, and holds it for the server's life. The lock file is created exclusively
 * (`O_EXCL`) and names its holder (pid, host, process start, address once listening); the holder
 * touches it every 5 s. A lock whose process is gone on this host (a killed server), or that nobody
 * touched for 30 s (another host, a reused pid), is stale and taken over; a live holder's lock makes
 * the second server refuse, naming the folder and the holder.
 *
 * Why not `proper-lockfile`: its staleness is by modification time only, so after a `kill -9` a restart
 * would wait out the stale period (or, made short, could break a busy server's lock), and it cannot
 * say which process holds the folder. The pid + host + start-time check is the one the model store's
 * download locks already use (`model-store/owner.ts`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { PainterlyError } from '../engine/errors.js';
import { errnoCode, writeFileAtomic } from '../node/atomic-write.js';
import { HOST_NAME, PROCESS_STARTED_MS, isOwnerGone, isThisProcess } from '../node/model-store/owner.js';

/** The lock's file name in the data folder. */
export const DATA_LOCK_NAME = 'studio.lock';
/** A lock nobody touched for this long is stale (its holder touches it every sixth of it). */
export const DATA_LOCK_STALE_MS = 30_000;

/** Who holds a data folder, as its lock file says. */
export interface DataLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly processStartedMs: number;
  /** When the lock was taken (ISO time). */
  readonly since: string;
  /** The studio's address, once it listens. */
  readonly url?: string;
}

/** A held data-folder lock. */
export interface DataLock {
  readonly path: string;
  /** Records the address the holder serves (shown to a second server). */
  setUrl(url: string): Promise<void>;
  /** Removes the lock (only while it is still ours). Safe to call twice. */
  release(): Promise<void>;
}

/**
 * Takes the lock of data folder `dataDir` (which must exist), or refuses with INVALID_OPTION naming
 * the folder and the server holding it.
 *
 * @example
 * const lock = await lockDataDir('/home/me/.painterly/studio');
 * try { … } finally { await lock.release(); }
 */
export async function lockDataDir(dataDir: string, staleMs = DATA_LOCK_STALE_MS): Promise<DataLock> {
  const path = join(dataDir, DATA_LOCK_NAME);
  let holder: DataLockHolder = { pid: process.pid, host: HOST_NAME, token: randomBytes(8).toString('hex'), processStartedMs: PROCESS_STARTED_MS, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, holder)) break;
    const touchedMs = await fs.stat(path).then((stats) => stats.mtimeMs, () => undefined);
    if (touchedMs === undefined) continue; // released just now
    const current = await readHolder(path);
    if (attempt < 3 && isStale(current, touchedMs, staleMs)) {
      // A rename is atomic: of two servers breaking the same stale lock, one moves it aside.
      const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
      if (await fs.rename(path, aside).then(() => true, () => false)) await fs.rm(aside, { force: true });
      continue;
    }
    throw inUse(dataDir, path, current);
  }
  const touch = setInterval(() => {
    const now = new Date();
    fs.utimes(path, now, now).catch(() => undefined);
  }, staleMs / 6);
  touch.unref();
  // A server that exits without closing (an uncaught error, process.exit) still frees the folder.
  const onExit = () => {
    try {
      if ((JSON.parse(readFileSync(path, 'utf8')) as DataLockHolder).token === holder.token) unlinkSync(path);
    } catch {
      // already gone, or not ours
    }
  };
  process.once('exit', onExit);
  let released = false;
  return {
    path,
    async setUrl(url) {
      if (released || (await readHolder(path))?.token !== holder.token) return;
      holder = { ...holder, url };
      await writeFileAtomic(path, Buffer.from(JSON.stringify(holder))).catch(() => undefined);
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(touch);
      process.off('exit', onExit);
      // Only our own lock: one judged stale and taken over belongs to another server now.
      if ((await readHolder(path))?.token === holder.token) await fs.rm(path, { force: true });
    },
  };
}

async function tryCreate(path: string, holder: DataLockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await fs.open(path, 'wx');
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw new PainterlyError('INVALID_OPTION', `Cannot create the lock ${path} of the studio's data folder (${errnoCode(error) ?? String(error)}). Make the folder writable, or pass --data with another folder.`, { cause: error });
  }
  try {
    await handle.writeFile(JSON.stringify(holder));
  } finally {
    await handle.close();
  }
  return true;
}

async function readHolder(path: string): Promise<DataLockHolder | undefined> {
  try {
    const holder = JSON.parse(await fs.readFile(path, 'utf8')) as DataLockHolder;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' && typeof holder.token === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isStale(holder: DataLockHolder | undefined, touchedMs: number, staleMs: number): boolean {
  if (Date.now() - touchedMs > staleMs) return true;
  if (holder === undefined || holder.host !== HOST_NAME) return false;
  if (holder.pid === process.pid) return !isThisProcess(holder.pid, holder.processStartedMs);
  return isOwnerGone(holder.pid);
}

function inUse(dataDir: string, path: string, holder: DataLockHolder | undefined): PainterlyError {
  const who = holder
    ? `another studio server (pid ${holder.pid} on ${holder.host === HOST_NAME ? 'this machine' : `host ${holder.host}`}, since ${holder.since}${holder.url ? `, at ${holder.url}` : ''})`
    : `another studio server (its lock ${path} is being written or unreadable)`;
  const stop = holder && holder.host === HOST_NAME ? `Stop that server (kill ${holder.pid})` : 'Stop that server';
  return new PainterlyError(
    'INVALID_OPTION',
    `The studio's data folder ${dataDir} is in use by ${who}: two servers on one folder would both run every job. ${stop}, or pass --data with another folder.`,
  );
}
