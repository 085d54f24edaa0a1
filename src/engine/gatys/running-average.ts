/**
 * An exponential moving average of optimizer iterates with bias correction (as Adam corrects its
 * moments): after t updates the value is Σ β^(t−i)·(1−β)·x_i / (1 − β^t), so the first value is the
 * first iterate, not a blend with zeros. Averaging Adam's iterates removes the jitter of its last steps.
 */

/** Decay per step: the average spans roughly the last 1/(1−β) = 10 iterates. */
export const AVERAGE_DECAY = 0.9;

/** What a checkpoint keeps of an average: the raw (uncorrected) sum and the number of updates. */
export interface RunningAverageState {
  readonly sum: Float32Array;
  readonly updates: number;
}

export class RunningAverage {
  private readonly sum: Float32Array;
  private updates = 0;

  constructor(
    size: number,
    private readonly decay: number = AVERAGE_DECAY,
  ) {
    this.sum = new Float32Array(size);
  }

  /** Folds in the next iterate. */
  add(values: Float32Array): void {
    const { decay, sum } = this;
    for (let i = 0; i < sum.length; i++) sum[i] = decay * sum[i] + (1 - decay) * values[i];
    this.updates += 1;
  }

  /** The bias-corrected average (a fresh array); `fallback` when nothing was added yet. */
  value(fallback: Float32Array): Float32Array {
    if (this.updates === 0) return fallback.slice();
    const correction = 1 / (1 - this.decay ** this.updates);
    return this.sum.map((value) => value * correction);
  }

  state(): RunningAverageState {
    return { sum: this.sum.slice(), updates: this.updates };
  }

  restore(state: RunningAverageState): void {
    if (state.sum.length !== this.sum.length) throw new RangeError(`average of ${state.sum.length} values restored into one of ${this.sum.length}`);
    this.sum.set(state.sum);
    this.updates = state.updates;
  }
}
