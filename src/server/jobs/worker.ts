/**
 * The entry of a job's worker thread: runs the one `WorkerJob` in `workerData` with the fast, the
 * quality or the visualize engine, posts progress, then exactly one final message. A `cancel` message aborts the run.
 * The server terminates the thread after the final message, which frees everything the job held.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isPainterlyError } from '../../engine/errors.js';
import { runFastJob } from '../engines/fast.js';
import { runQualityJob } from '../engines/quality.js';
import { runVisualizeJob } from '../engines/visualize.js';
import type { FinalMessage, WorkerJob, WorkerMessage } from './protocol.js';

if (parentPort) {
  const port = parentPort;
  const job = workerData as WorkerJob;
  const controller = new AbortController();
  let keep = false;
  port.on('message', (message: { type?: unknown; keep?: unknown }) => {
    if (message?.type !== 'cancel') return;
    keep = message.keep === true;
    controller.abort();
  });
  const post = (message: WorkerMessage): void => {
    const transfer = message.type === 'preview' ? [message.jpeg.buffer as ArrayBuffer] : [];
    port.postMessage(message, transfer);
  };
  const final = await run(job, post, controller.signal, () => keep);
  post(final);
}

async function run(job: WorkerJob, post: (message: WorkerMessage) => void, signal: AbortSignal, keep: () => boolean): Promise<FinalMessage> {
  try {
    if (job.kind === 'visualize') return await runVisualizeJob(job, post, signal);
    return job.kind === 'fast' ? await runFastJob(job, post, signal) : await runQualityJob(job, post, signal, keep);
  } catch (error) {
    if (signal.aborted) return { type: 'cancelled' };
    if (isPainterlyError(error)) return { type: 'failed', code: error.code, message: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return { type: 'failed', code: 'ENGINE_FAILED', message: `The engine failed unexpectedly (${detail}). Try a smaller size; if it keeps failing, please report it.` };
  }
}
