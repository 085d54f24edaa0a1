/**
 * Runs one job in its own worker thread, so the server stays responsive and every byte the job held
 * is freed when the thread ends. Cancelling asks the worker to stop (it stops between iterations);
 * a worker that has not stopped after a grace period is terminated.
 */
import { Worker } from 'node:worker_threads';
import type { FinalMessage, ProgressMessage, WorkerJob, WorkerMessage } from './protocol.js';

/** How long a cancelled worker may take to stop by itself before it is terminated. */
export const CANCEL_GRACE_MS = 5_000;

/** A job running in a worker. */
export interface WorkerRun {
  /** Resolves with the job's final message once the worker thread has exited. */
  readonly finished: Promise<FinalMessage>;
  /** Asks the job to stop; it ends as `cancelled` (unless it already finished). With `keep`, a quality job ends `done`, unfinished, when it has an image to keep. */
  cancel(keep?: boolean): void;
}

/**
 * The worker script next to this file: `worker.js` in the build. When the server runs from source
 * under tsx, `worker.ts` is loaded through a small module that registers tsx in the worker first.
 */
function workerScript(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

/**
 * Starts `job` in a new worker thread; `onProgress` receives its progress messages.
 *
 * @example
 * const run = runInWorker(job, (message) => console.log(message.type));
 * setTimeout(() => run.cancel(), 1000);
 * const final = await run.finished; // { type: 'cancelled' }
 */
export function runInWorker(job: WorkerJob, onProgress: (message: ProgressMessage) => void, graceMs = CANCEL_GRACE_MS): WorkerRun {
  const worker = new Worker(workerScript(), { workerData: job });
  let final: FinalMessage | undefined;
  let cancelled = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const finished = new Promise<FinalMessage>((resolve) => {
    worker.on('message', (message: WorkerMessage) => {
      if (final) return;
      if (message.type === 'done' || message.type === 'failed' || message.type === 'cancelled') {
        final = message;
        void worker.terminate();
        return;
      }
      onProgress(message);
    });
    worker.on('error', (error: Error) => {
      final ??= { type: 'failed', code: 'ENGINE_FAILED', message: `The job's worker crashed (${error.message}).` };
    });
    worker.on('exit', (exitCode) => {
      clearTimeout(graceTimer);
      if (cancelled && final?.type !== 'done') final = { type: 'cancelled' };
      resolve(final ?? { type: 'failed', code: 'ENGINE_FAILED', message: `The job's worker stopped unexpectedly (exit code ${exitCode}). It may have run out of memory: try a smaller size.` });
    });
  });
  return {
    finished,
    cancel(keep = false) {
      if (cancelled || final) return;
      cancelled = true;
      worker.postMessage({ type: 'cancel', keep });
      graceTimer = setTimeout(() => void worker.terminate(), graceMs);
    },
  };
}
