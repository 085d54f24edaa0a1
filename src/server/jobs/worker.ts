/**
 * The entry of a job's worker process: receives one `WorkerJob` (the first IPC message), runs it with
 * the fast, the quality or the visualize engine, sends progress, then exactly one final message, and
 * exits. A `cancel` message aborts the run. The process ends with the job, so every byte the job held
 * goes back to the system. When the server is gone (its IPC channel closes) the run stops as if
 * cancelled (a quality job writes its checkpoint) and the process exits. A terminal's Ctrl-C, which
 * reaches the whole process group, is left to the server: it stops its jobs itself, as `interrupted`.
 */
import { isPainterlyError } from '../../engine/errors.js';
import { requestField } from '../http-errors.js';
import type { FinalMessage, WorkerJob, WorkerMessage } from './protocol.js';

/** A worker whose server is gone gives its run this long to stop (and write its checkpoint). */
const ORPHAN_EXIT_MS = 10_000;

if (process.send) {
  const controller = new AbortController();
  let keep = false;
  let started = false;
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => {
    controller.abort();
    if (!started) process.exit(1);
    setTimeout(() => process.exit(1), ORPHAN_EXIT_MS).unref();
  });
  process.on('message', (message: { type?: unknown; keep?: unknown; job?: WorkerJob }) => {
    if (message?.type === 'job' && message.job && !started) {
      started = true;
      void start(message.job);
    }
    if (message?.type !== 'cancel') return;
    keep = message.keep === true;
    controller.abort();
  });
  const post = (message: WorkerMessage): void => void process.send?.(message);
  const start = async (job: WorkerJob): Promise<void> => {
    const final = await run(job, post, controller.signal, () => keep);
    // Exit once the final message is out (the server also stops the process when it has it).
    if (!process.connected) process.exit(0);
    process.send?.(final, undefined, {}, () => process.exit(0));
  };
}

async function run(job: WorkerJob, post: (message: WorkerMessage) => void, signal: AbortSignal, keep: () => boolean): Promise<FinalMessage> {
  try {
    // Only the job's own engine is loaded (each is a few dozen modules; a worker runs one job).
    if (job.kind === 'visualize') return await (await import('../engines/visualize.js')).runVisualizeJob(job, post, signal);
    if (job.kind === 'fast') return await (await import('../engines/fast.js')).runFastJob(job, post, signal);
    return await (await import('../engines/quality.js')).runQualityJob(job, post, signal, keep);
  } catch (error) {
    if (signal.aborted) return { type: 'cancelled' };
    if (isPainterlyError(error)) {
      const field = requestField(error.option);
      return { type: 'failed', code: error.code, message: error.message, ...(field ? { field } : {}) };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { type: 'failed', code: 'ENGINE_FAILED', message: `The engine failed unexpectedly (${detail}). Try a smaller size; if it keeps failing, please report it.` };
  }
}
