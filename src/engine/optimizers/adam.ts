/**
 * Adam (Kingma & Ba, 2015) with bias correction, as in torch.optim.Adam:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 *   x ← x − lr · m̂ / (√v̂ + ε)  with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ),
 * then x is clamped to [clampMin, clampMax] when given. Its first step is ≈ −lr·sign(g), so lr is
 * in the units of the params (pixels on the 0–255 scale). Memory: two Float32Arrays of the params' size.
 */
import { invalidOption } from '../errors.js';
import {
  type AdamState,
  type Optimizer,
  type OptimizerOptions,
  type OptimizerState,
  checkStepSizes,
  expectState,
  resolveClampRange,
} from './types.js';

/** Adam's options; every field is optional. */
export interface AdamOptions extends Partial<OptimizerOptions> {
  /** Decay of the first moment (mean of gradients). */
  beta1?: number;
  /** Decay of the second moment (mean of squared gradients). */
  beta2?: number;
  /** Added to √v̂ so a zero gradient gives a zero step. */
  epsilon?: number;
}

/** Adam's defaults: lr 2 moves each pixel by about 2 of 255 per step at first. */
export const ADAM_DEFAULTS = Object.freeze({ learningRate: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });

/**
 * Adam over `size` values.
 *
 * @example
 * const adam = new AdamOptimizer(pixels.length, { clampMin: 0, clampMax: 255 });
 * adam.step(pixels, gradient, loss);
 */
export class AdamOptimizer implements Optimizer {
  readonly name = 'adam';
  private readonly learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly clampMin: number;
  private readonly clampMax: number;
  private firstMoment: Float32Array;
  private secondMoment: Float32Array;
  private stepCount = 0;

  private readonly size: number;

  constructor(size: number, options: AdamOptions = {}) {
    this.size = size;
    this.learningRate = options.learningRate ?? ADAM_DEFAULTS.learningRate;
    [this.clampMin, this.clampMax] = resolveClampRange({ ...options, learningRate: this.learningRate });
    this.beta1 = checkUnitInterval(options.beta1 ?? ADAM_DEFAULTS.beta1, 'beta1');
    this.beta2 = checkUnitInterval(options.beta2 ?? ADAM_DEFAULTS.beta2, 'beta2');
    this.epsilon = options.epsilon ?? ADAM_DEFAULTS.epsilon;
    if (!(this.epsilon >= 0)) throw invalidOption('a number at least 0', 'epsilon', this.epsilon);
    this.firstMoment = new Float32Array(size);
    this.secondMoment = new Float32Array(size);
  }

  step(params: Float32Array, gradient: Float32Array, _loss: number): void {
    checkStepSizes(this.name, this.size, params, gradient);
    this.stepCount += 1;
    const { beta1, beta2, epsilon, clampMin, clampMax, firstMoment, secondMoment } = this;
    const stepSize = this.learningRate / (1 - beta1 ** this.stepCount);
    const secondCorrectionRoot = Math.sqrt(1 - beta2 ** this.stepCount);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i];
      const m = beta1 * firstMoment[i] + (1 - beta1) * g;
      const v = beta2 * secondMoment[i] + (1 - beta2) * g * g;
      firstMoment[i] = m;
      secondMoment[i] = v;
      const updated = params[i] - (stepSize * m) / (Math.sqrt(v) / secondCorrectionRoot + epsilon);
      params[i] = updated < clampMin ? clampMin : updated > clampMax ? clampMax : updated;
    }
  }

  state(): AdamState {
    return {
      name: this.name,
      size: this.size,
      stepCount: this.stepCount,
      firstMoment: this.firstMoment.slice(),
      secondMoment: this.secondMoment.slice(),
    };
  }

  restore(state: OptimizerState): void {
    const adamState = expectState(state, this.name, this.size);
    this.stepCount = adamState.stepCount;
    this.firstMoment = Float32Array.from(adamState.firstMoment);
    this.secondMoment = Float32Array.from(adamState.secondMoment);
  }
}

function checkUnitInterval(value: number, name: string): number {
  if (!(value >= 0 && value < 1)) throw invalidOption('a number in [0, 1)', name, value);
  return value;
}
