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

/** SGD's default lr: 1, as neutral as any; Gatys losses usually need far smaller. */
export const SGD_DEFAULTS = Object.freeze({ learningRate: 1 });

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
  private readonly learningRate: number;
  private readonly clampMin: number;
  private readonly clampMax: number;
  private stepCount = 0;

  constructor(size: number, options: SgdOptions = {}) {
    this.size = size;
    this.learningRate = options.learningRate ?? SGD_DEFAULTS.learningRate;
    [this.clampMin, this.clampMax] = resolveClampRange({ ...options, learningRate: this.learningRate });
  }

  step(params: Float32Array, gradient: Float32Array, _loss: number): void {
    checkStepSizes(this.name, this.size, params, gradient);
    this.stepCount += 1;
    const { learningRate, clampMin, clampMax } = this;
    for (let i = 0; i < params.length; i++) {
      const updated = params[i] - learningRate * gradient[i];
      params[i] = updated < clampMin ? clampMin : updated > clampMax ? clampMax : updated;
    }
  }

  state(): SgdState {
    return { name: this.name, size: this.size, stepCount: this.stepCount };
  }

  restore(state: OptimizerState): void {
    this.stepCount = expectState(state, this.name, this.size).stepCount;
  }
}
