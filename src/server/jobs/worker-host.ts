/**
 * Runs one job in its own worker process, so the server stays responsive and every byte the job held
 * goes back to the system when the process ends (threads would leave their freed memory in the
 * server's malloc arenas: measured, RSS then climbs from ~130 MB to ~270 MB over three bursts of 12
 * small jobs and stays there). Cancelling asks the worker to stop (it stops between iterations);
 * a worker that has not stopped after a grace period is killed.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FinalMessage, ProgressMessage, WorkerJob, WorkerMessage } from './protocol.js';

/** How long a cancelled worker may take to stop by itself before it is killed. */
export const CANCEL_GRACE_MS = 5_000;

/** A job running in a worker. */
export interface WorkerRun {
  /** Resolves with the job's final message once the worker process has exited. */
  readonly finished: Promise<FinalMessage>;
  /** Asks the job to stop; it ends as `cancelled` (unless it already finished). With `keep`, a quality job ends `done`, unfinished, when it has an image to keep. */
  cancel(keep?: boolean): void;
}

/**
 * The worker script next to this file (`worker.js` in the build) and the Node flags it needs: when
 * the server runs from source under tsx, `worker.ts` is loaded through tsx.
 */
function workerScript(): { path: string; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { path: fileURLToPath(new URL('./worker.js', import.meta.url)), execArgv: [] };
  return { path: fileURLToPath(new URL('./worker.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}

/**
 * Starts `job` in a new worker process; `onProgress` receives its progress messages.
 *
 * @example
 * const run = runInWorker(job, (message) => console.log(message.type));
 * setTimeout(() => run.cancel(), 1000);
 * const final = await run.finished; // { type: 'cancelled' }
 */
export function runInWorker(job: WorkerJob, onProgress: (message: ProgressMessage) => void, graceMs = CANCEL_GRACE_MS): WorkerRun {
  const script = workerScript();
  const child = fork(script.path, [], { execArgv: script.execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let final: FinalMessage | undefined;
  let cancelled = false;
  let graceTimer: NodeJS.Timeout | undefined;
  /** Kills the worker unless it exits within `graceMs` (one timer: a later call replaces an earlier one). */
  const killAfterGrace = (): void => {
    clearTimeout(graceTimer);
    graceTimer = setTimeout(() => void child.kill('SIGKILL'), graceMs);
  };
  const send = (message: unknown): void => {
    if (child.connected) child.send(message as object, (error) => void error);
  };
  send({ type: 'job', job });
  const finished = new Promise<FinalMessage>((resolve) => {
    child.on('message', (message: WorkerMessage) => {
      if (final) return;
      if (message.type === 'done' || message.type === 'failed' || message.type === 'cancelled') {
        final = message;
        // The worker exits by itself once its final message is out; make sure of it.
        killAfterGrace();
        return;
      }
      onProgress(message);
    });
    child.on('error', (error: Error) => {
      final ??= { type: 'failed', code: 'ENGINE_FAILED', message: `The job's worker could not run (${error.message}).` };
    });
    child.on('exit', (exitCode, signal) => {
      clearTimeout(graceTimer);
      if (cancelled && final?.type !== 'done') final = { type: 'cancelled' };
      const how = signal ? `signal ${signal}` : `exit code ${exitCode}`;
      resolve(final ?? { type: 'failed', code: 'ENGINE_FAILED', message: `The job's worker stopped unexpectedly (${how}). It may have run out of memory: try a smaller size.` });
    });
  });
  return {
    finished,
    cancel(keep = false) {
      if (cancelled || final) return;
      cancelled = true;
      send({ type: 'cancel', keep });
      killAfterGrace();
    },
  };
}
