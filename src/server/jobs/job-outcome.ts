/**
 * Pure helpers of the job manager: a job's progress (with an ETA from its pace so far) from worker
 * messages, and the gallery change that records how a job ended.
 */
import type { ItemPatch } from '../gallery/store.js';
import type { JobProgress } from './job-view.js';
import type { FinalMessage, IterationMessage, TileMessage } from './protocol.js';

/**
 * Measures a job's pace: the time per step since the first step it saw.
 *
 * @example
 * const pace = new Pace();
 * pace.etaMs(1, 100); // → undefined (one step says nothing about speed)
 */
export class Pace {
  private first?: { step: number; atMs: number };

  /** Time left after `step` of `steps`, or undefined until two steps were seen. */
  etaMs(step: number, steps: number, nowMs: number = performance.now()): number | undefined {
    this.first ??= { step, atMs: nowMs };
    const stepsDone = step - this.first.step;
    if (stepsDone <= 0) return undefined;
    return Math.round(((nowMs - this.first.atMs) / stepsDone) * (steps - step));
  }
}

/**
 * The progress a step message reports: iterations of a quality job, tiles of a fast one.
 *
 * @example
 * progressOf({ type: 'iteration', iteration: 10, iterations: 100, loss: 5, elapsedMs: 900 }, pace)
 */
export function progressOf(message: IterationMessage | TileMessage, pace: Pace): JobProgress {
  const step =
    message.type === 'tile'
      ? { unit: 'tile' as const, iteration: message.index, iterations: message.count }
      : { unit: 'iteration' as const, iteration: message.iteration, iterations: message.iterations, loss: message.loss };
  const etaMs = pace.etaMs(step.iteration, step.iterations);
  return { ...step, elapsedMs: message.elapsedMs, ...(etaMs === undefined ? {} : { etaMs }) };
}

/**
 * The gallery change for a job that ended with `final`; a job stopped by a shutdown is `interrupted`.
 *
 * @example
 * outcomePatch({ type: 'cancelled' }, false) // → { status: 'cancelled' }
 */
export function outcomePatch(final: FinalMessage, shuttingDown: boolean): ItemPatch {
  if (final.type === 'done') {
    return { status: 'done', result: { width: final.width, height: final.height }, elapsedMs: Math.round(final.elapsedMs), ...(final.loss === undefined ? {} : { loss: final.loss }) };
  }
  if (final.type === 'failed') return { status: 'failed', error: { code: final.code, message: final.message } };
  if (shuttingDown) return { status: 'interrupted', error: { code: 'INTERRUPTED', message: 'The server stopped before this job finished. Reopen it to run it again.' } };
  return { status: 'cancelled' };
}
