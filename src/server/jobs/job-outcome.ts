/**
 * Pure helpers of the job manager: a job's progress (with the one remaining-time estimate) from worker
 * messages, and the gallery change that records how a job ended.
 */
import type { RemainingTimeEstimator } from '../../engine/progress/remaining-time.js';
import { stoppedWhileRunning, type ItemPatch } from '../gallery/store.js';
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
 * The gallery change for a job that ended with `final` after running `elapsedMs` in all (see
 * `RunClock`; undefined: it never started). A job stopped by a shutdown runs again when the server
 * starts again: a quality job is `interrupted` and resumes from its checkpoint; a fast job, which
 * has none and takes seconds, waits again (`queued`) to run from the start.
 *
 * @example
 * outcomePatch({ type: 'cancelled' }, false, 'fast', 800) // → { status: 'cancelled', elapsedMs: 800 }
 */
export function outcomePatch(final: FinalMessage, shuttingDown: boolean, mode: 'fast' | 'quality', elapsedMs: number | undefined): ItemPatch {
  const ran = elapsedMs === undefined ? {} : { elapsedMs: Math.round(elapsedMs) };
  if (final.type === 'done') {
    return {
      status: 'done',
      result: { width: final.width, height: final.height, ...(final.painted ? { painted: final.painted } : {}) },
      ...ran,
      ...(final.loss === undefined ? {} : { loss: final.loss }),
      ...(final.unfinished ? { unfinished: true } : {}),
      error: undefined,
      resumeOnStart: undefined,
    };
  }
  if (final.type === 'failed') return { status: 'failed', error: { code: final.code, message: final.message, ...(final.field ? { field: final.field } : {}) }, ...ran };
  if (shuttingDown) return stoppedWhileRunning(mode, ran.elapsedMs);
  return { status: 'cancelled', ...ran };
}
