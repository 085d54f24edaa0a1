/**
 * Plain gradient descent: x ← x − lr·∂J/∂x, then clamped to [clampMin, clampMax] when given.
 * It keeps no memory besides a step count. Unlike Adam's, its step scales with the gradient, so
 * lr must suit the loss's scale (stable only for lr < 2 / largest curvature).
 */
import {
  type Optimizer,
  type OptimizerOptions,
  type OptimizerState,
  type SgdState,
  checkStepSizes,
  expectState,
  resolveClampRange,
} from './types.js';

/** SGD's options; every field is optional. */
export type SgdOptions = Partial<OptimizerOptions>;

/**
 * Without a learning rate, SGD picks one at its first step so that step moves the most-changed
 * value by `firstStepPx` (lr = firstStepPx / max|∂J/∂x|), then keeps it: Gatys gradients range over
 * orders of magnitude with the image size and weights, so no fixed default suits them.
 */
export const SGD_DEFAULTS = Object.freeze({ firstStepPx: 1 });

/**
 * Gradient descent over `size` values.
 *
 * @example
 * const sgd = new SgdOptimizer(pixels.length, { learningRate: 1e-3, clampMin: 0, clampMax: 255 });
 * sgd.step(pixels, gradient, loss);
 */
export class SgdOptimizer implements Optimizer {
  readonly name = 'sgd';
  private readonly size: number;
  private learningRate: number | undefined;
  private readonly clampMin: number;
  private readonly clampMax: number;
  private stepCount = 0;

  constructor(size: number, options: SgdOptions = {}) {
    this.size = size;
    this.learningRate = options.learningRate;
    [this.clampMin, this.clampMax] = resolveClampRange({ ...options, learningRate: this.learningRate ?? 1 });
  }

  step(params: Float32Array, gradient: Float32Array, _loss: number): void {
    checkStepSizes(this.name, this.size, params, gradient);
    this.stepCount += 1;
    this.learningRate ??= SGD_DEFAULTS.firstStepPx / Math.max(largestMagnitude(gradient), Number.MIN_VALUE);
    const { learningRate, clampMin, clampMax } = this;
    for (let i = 0; i < params.length; i++) {
      const updated = params[i] - learningRate * gradient[i];
      params[i] = updated < clampMin ? clampMin : updated > clampMax ? clampMax : updated;
    }
  }

  state(): SgdState {
    return { name: this.name, size: this.size, stepCount: this.stepCount, learningRate: this.learningRate };
  }

  restore(state: OptimizerState): void {
    const restored = expectState(state, this.name, this.size);
    this.stepCount = restored.stepCount;
    this.learningRate = restored.learningRate ?? this.learningRate;
  }
}

function largestMagnitude(values: Float32Array): number {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  return largest;
}
