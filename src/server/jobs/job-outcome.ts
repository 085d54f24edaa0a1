/**
 * Pure helpers of the job manager: a job's progress (with the one remaining-time estimate) from worker
 * messages, and the gallery change that records how a job ended.
 */
import type { RemainingTimeEstimator } from '../../engine/progress/remaining-time.js';
import type { ItemPatch } from '../gallery/store.js';
import type { JobProgress } from './job-view.js';
import type { FinalMessage, IterationMessage, TileMessage } from './protocol.js';

/**
 * The progress a step message reports: iterations of a quality job, tiles of a fast one.
 *
 * @example
 * progressOf({ type: 'iteration', iteration: 10, iterations: 100, loss: 5, elapsedMs: 900 }, eta)
 */
export function progressOf(message: IterationMessage | TileMessage, eta: RemainingTimeEstimator | undefined): JobProgress {
  const step =
    message.type === 'tile'
      ? { unit: 'tile' as const, iteration: message.index, iterations: message.count }
      : { unit: 'iteration' as const, iteration: message.iteration, iterations: message.iterations, loss: message.loss };
  const etaMs = eta?.observe(step.iteration, message.elapsedMs);
  return { ...step, elapsedMs: message.elapsedMs, ...(etaMs === undefined ? {} : { etaMs }) };
}

/**
 * The gallery change for a job that ended with `final`; a job stopped by a shutdown is `interrupted`
 * (a quality job then resumes from its checkpoint when the server starts again).
 *
 * @example
 * outcomePatch({ type: 'cancelled' }, false, 'fast') // → { status: 'cancelled' }
 */
export function outcomePatch(final: FinalMessage, shuttingDown: boolean, mode: 'fast' | 'quality'): ItemPatch {
  if (final.type === 'done') {
    return {
      status: 'done',
      result: { width: final.width, height: final.height },
      elapsedMs: Math.round(final.elapsedMs),
      ...(final.loss === undefined ? {} : { loss: final.loss }),
      ...(final.unfinished ? { unfinished: true } : {}),
      error: undefined,
      resumeOnStart: undefined,
    };
  }
  if (final.type === 'failed') return { status: 'failed', error: { code: final.code, message: final.message } };
  if (shuttingDown) {
    const message = mode === 'quality' ? 'The server stopped before this job finished; it continues from its checkpoint when the server starts again.' : 'The server stopped before this job finished. Reopen it to run it again.';
    return { status: 'interrupted', error: { code: 'INTERRUPTED', message }, ...(mode === 'quality' ? { resumeOnStart: true } : {}) };
  }
  return { status: 'cancelled' };
}
