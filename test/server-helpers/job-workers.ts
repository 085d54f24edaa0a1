/**
 * The studio's job workers (one child process of `painterly serve` per running job), found and
 * paused from a test (Linux: /proc and SIGSTOP/SIGCONT). A test that needs a job *still running*
 * when it stops, kills or clicks freezes the job's worker instead of relying on a slow network: a
 * frozen worker makes no progress however fast the machine, and costs no CPU while it waits.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { api, type Json } from './studio-server.js';

/** How long a thawed worker runs between two looks at its progress (`stepWorkerUntil`). */
const STEP_SLICE_MS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pids of `parent`'s child processes (Linux: the parent pid in /proc/PID/stat).
 *
 * @example
 * const workers = await childPids(serverPid); // → [48121]
 */
export async function childPids(parent: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …: the name may hold spaces and parentheses, so read after the last ')'.
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) pids.push(Number(name));
  }
  return pids;
}

/**
 * Waits until `server` has `count` job workers besides `known`, and freezes them (SIGSTOP) at once:
 * a worker needs hundreds of ms to start Node and load ONNX Runtime and its network, far longer
 * than one look at /proc every 10 ms, so a frozen job is still running when the test acts, however
 * fast the machine. A child still between fork and exec (its command line still the server's) is
 * left alone until it runs its own program: frozen there, it would hold up the server, which waits
 * for that exec. Resolves with their pids: `thaw` them to let them go on, or kill them after the
 * server (a frozen worker cannot notice that its server is gone).
 *
 * @example
 * const [worker] = await freezeNewWorkers(serverPid, 1);
 */
export async function freezeNewWorkers(server: number, count: number, known: readonly number[] = []): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  const serverCommand = await readFile(`/proc/${server}/cmdline`, 'utf8');
  for (;;) {
    const workers: number[] = [];
    for (const pid of await childPids(server)) {
      if (known.includes(pid)) continue;
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (command !== '' && command !== serverCommand) workers.push(pid);
    }
    if (workers.length >= count) {
      for (const pid of workers) process.kill(pid, 'SIGSTOP');
      return workers;
    }
    assert.ok(Date.now() < deadline, `the server did not start ${count} job worker(s)`);
    await sleep(10);
  }
}

/** /proc/PID/stat, or why it cannot be read (the process is gone). */
function procStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').trim();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Whether process `pid` exists and has not exited (a zombie waiting for its parent has). */
function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  const state = /\) (\S)/.exec(stat.slice(stat.lastIndexOf(')')))?.[1];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** Lets a frozen worker run on (SIGCONT). */
export function thaw(pid: number): void {
  process.kill(pid, 'SIGCONT');
}

/** Freezes a worker (SIGSTOP). */
export function freeze(pid: number): void {
  process.kill(pid, 'SIGSTOP');
}

/**
 * Runs frozen worker `pid` in slices of ~10 ms — thaw, wait, freeze, look — until `reached()`
 * says so, and leaves it frozen. The job can only get as far as one slice past the point the test
 * waits for (a few iterations; a busy machine slows the worker as much as the test), never to its
 * end when it has many more iterations left: unlike waiting for a slow network, this holds on a
 * machine of any speed. `reached` is asked while the worker is frozen (the server still passes on
 * what the worker reported before). On a failure the worker is thawed (a later test must not meet
 * a frozen job) and the message ends with `serverLog()`, what the server wrote (the worker's own
 * errors go there too).
 *
 * @example
 * await stepWorkerUntil(worker, async () => (await jobIteration(studio, id)) >= 12, { serverLog: studio.stderr });
 */
export async function stepWorkerUntil(pid: number, reached: () => Promise<boolean>, options: { timeoutMs?: number; serverLog?: () => string } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  const fail = (why: string): never => {
    if (isRunning(pid)) thaw(pid);
    const log = options.serverLog?.().slice(-2_000);
    assert.fail(`worker ${pid} ${why}${log ? `; the server's log ends:\n${log}` : ''}`);
  };
  while (!(await reached())) {
    if (Date.now() >= deadline) fail(`did not get there in ${timeoutMs} ms`);
    if (!isRunning(pid)) fail(`ended before it got there (its job finished or failed; /proc/${pid}/stat: ${procStat(pid)})`);
    thaw(pid);
    await sleep(STEP_SLICE_MS);
    freeze(pid);
    // Let the server read what the worker wrote in its slice before looking.
    await sleep(STEP_SLICE_MS);
  }
}

/**
 * The iteration job `id` last reported on `studio` (0 before its first).
 *
 * @example
 * await stepWorkerUntil(worker, async () => (await jobIteration(studio, id)) >= 12);
 */
export async function jobIteration(studio: { url: string }, id: string): Promise<number> {
  const progress = (await api<Json>(studio, `/api/jobs/${id}`)).body.progress as Json | undefined;
  return Number(progress?.iteration ?? 0);
}

/**
 * Does `act` (a click on Start, a POST) and freezes the job worker it makes `studio` start, as soon
 * as it exists (`freezeNewWorkers`); resolves with its pid.
 *
 * @example
 * const worker = await freezeWorkerStartedBy(studio, () => page.click('#start-button'));
 * // … the job is running, frozen; click Cancel, then:
 * thaw(worker);
 */
export async function freezeWorkerStartedBy(studio: { url: string }, act: () => Promise<unknown>): Promise<number> {
  const server = (await api<{ pid: number }>(studio, '/api/health')).body.pid;
  const known = await childPids(server);
  await act();
  const [worker] = await freezeNewWorkers(server, 1, known);
  return worker;
}
