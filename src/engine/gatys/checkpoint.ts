/**
 * A resumable snapshot of a run: where it is in the schedule and everything the next step needs.
 * The engine produces and consumes it; the Node edge writes it to disk (src/node/checkpoint-file.ts).
 */
import type { OptimizerState } from '../optimizers/types.js';
import type { RunningAverageState } from './running-average.js';

export interface RunCheckpoint {
  /** Index of the scale in the run's schedule (0 = smallest). */
  readonly scale: number;
  /** Optimizer steps already taken at that scale. */
  readonly step: number;
  /** Optimizer steps taken over the whole run (the global iteration the run continues from). */
  readonly iteration: number;
  readonly width: number;
  readonly height: number;
  /** The current iterate, RGB planar 0–255 at the scale's size. */
  readonly pixels: Float32Array;
  /** Adam's or SGD's state; absent for L-BFGS (its history is large and rebuilds within a few steps). */
  readonly optimizer?: OptimizerState;
  /** The running average of this scale's iterates, when the run averages them. */
  readonly average?: RunningAverageState;
  /** The balance factors of this scale's style layers (balanced runs), so a resumed scale keeps its cost. */
  readonly styleFactors?: readonly number[];
  /** Time spent before the checkpoint, so elapsed times continue across a resume. */
  readonly elapsedMs: number;
}
