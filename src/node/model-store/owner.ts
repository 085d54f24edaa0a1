import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/** This machine's host name, as lock files record it. */
export const HOST_NAME = hostname();

/**
 * Eight hex digits naming this host in file names (a host name may hold any character).
 *
 * @example
 * HOST_TAG // → '3f9a01c2'
 */
export const HOST_TAG = createHash('sha256').update(HOST_NAME).digest('hex').slice(0, 8);

/**
 * Whether process `pid` of this host is gone (so what it left behind can be taken over). This
 * process and processes we may not signal (EPERM) count as alive.
 *
 * @example
 * isOwnerGone(process.pid) // → false
 */
export function isOwnerGone(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * When this process started (ms since the epoch, the same in every worker thread): with the pid it
 * tells this process from an earlier one that had the same pid (containers reuse small pids).
 */
export const PROCESS_STARTED_MS = Math.round(Date.now() - process.uptime() * 1000);

/**
 * Whether `pid` + `startedMs` (as a lock file records them) is this very process, e.g. another
 * worker thread of it. A second of tolerance absorbs rounding and clock steps.
 *
 * @example
 * isThisProcess(process.pid, PROCESS_STARTED_MS) // → true
 */
export function isThisProcess(pid: number, startedMs: number | undefined): boolean {
  return pid === process.pid && startedMs !== undefined && Math.abs(startedMs - PROCESS_STARTED_MS) < 1000;
}
