/**
 * L-BFGS (Nocedal & Wright, Algorithm 7.4) in the manner of torch.optim.LBFGS's defaults: one
 * function evaluation per step, no line search, fixed step length lr.
 *
 * - Direction d = −H·g from the two-loop recursion over the last `historySize` pairs
 *   (s = x_{k+1} − x_k, y = g_{k+1} − g_k), initial inverse Hessian γ·I with γ = sᵀy / yᵀy.
 * - A pair is stored only when yᵀs > 1e-10 (keeps H positive definite).
 * - With no pair stored (the first step), the step is steepest descent of length
 *   min(1, 1/‖g‖₁)·lr along −g, as torch's first iteration.
 * - Since `step` receives the gradient at the current params, the previous params and gradient
 *   are kept to form (s, y); s is the step actually taken, so clamping keeps pairs honest.
 *
 * Differences from torch: when d is not a descent direction (gᵀd > −1e-9, e.g. after clamping)
 * the history is dropped and a scaled steepest-descent step is taken, where torch stops for
 * good; likewise a scaled step replaces torch's unscaled −g when step 2's pair was skipped.
 * A gradient with ‖g‖∞ ≤ 1e-7 leaves params untouched (converged), as in torch.
 *
 * Memory: 4·n bytes per vector for s and y (Float32Array), plus previous params and gradient
 * (Float32Array) and the direction (Float64Array): 8·n·(historySize + 2) bytes in all. For a
 * 512×512 RGB image (n = 786,432) and historySize 100 that is about 640 MB; use a smaller
 * history (10–20 works well) in browsers. Dot products accumulate in float64.
 */
import { PainterlyError, invalidOption, invalidValue } from '../errors.js';
import {
  type LbfgsState,
  type Optimizer,
  type OptimizerOptions,
  type OptimizerState,
  checkStepSizes,
  expectState,
  resolveClampRange,
} from './types.js';

/** L-BFGS's options; every field is optional. */
export interface LbfgsOptions extends Partial<OptimizerOptions> {
  /** How many (s, y) pairs to remember. */
  historySize?: number;
}

/** torch.optim.LBFGS's defaults (lr 1, history 100, tolerance_grad 1e-7, tolerance_change 1e-9). */
export const LBFGS_DEFAULTS = Object.freeze({
  learningRate: 1,
  historySize: 100,
  /** ‖g‖∞ at or below this counts as converged: no step. */
  gradientTolerance: 1e-7,
  /** gᵀd above −this is not a descent direction. */
  descentTolerance: 1e-9,
  /** yᵀs at or below this is not stored as a curvature pair. */
  curvatureTolerance: 1e-10,
});

/**
 * L-BFGS over `size` values.
 *
 * @example
 * const lbfgs = new LbfgsOptimizer(pixels.length, { historySize: 20, clampMin: 0, clampMax: 255 });
 * lbfgs.step(pixels, gradient, loss);
 */
export class LbfgsOptimizer implements Optimizer {
  readonly name = 'lbfgs';
  private readonly size: number;
  private readonly learningRate: number;
  private readonly historySize: number;
  private readonly clampMin: number;
  private readonly clampMax: number;
  private stepHistory: Float32Array[] = [];
  private gradientChangeHistory: Float32Array[] = [];
  private inverseCurvatures: number[] = [];
  private hessianScale = 1;
  private previousParams: Float32Array | null = null;
  private previousGradient: Float32Array | null = null;
  private stepCount = 0;
  private readonly direction: Float64Array;

  constructor(size: number, options: LbfgsOptions = {}) {
    this.size = size;
    this.learningRate = options.learningRate ?? LBFGS_DEFAULTS.learningRate;
    [this.clampMin, this.clampMax] = resolveClampRange({ ...options, learningRate: this.learningRate });
    this.historySize = options.historySize ?? LBFGS_DEFAULTS.historySize;
    if (!(Number.isInteger(this.historySize) && this.historySize >= 1)) {
      throw invalidOption('an integer at least 1', 'historySize', this.historySize);
    }
    this.direction = new Float64Array(size);
  }

  step(params: Float32Array, gradient: Float32Array, _loss: number): void {
    checkStepSizes(this.name, this.size, params, gradient);
    const { maxAbs, sumAbs } = norms(gradient);
    if (!Number.isFinite(sumAbs)) {
      throw new PainterlyError('ENGINE_FAILED', 'L-BFGS received a gradient that is not finite; try a smaller learning rate or Adam.');
    }
    if (maxAbs <= LBFGS_DEFAULTS.gradientTolerance) return;
    this.stepCount += 1;
    if (this.previousParams && this.previousGradient) this.rememberCurvature(params, gradient);
    let stepLength = this.learningRate;
    if (this.stepHistory.length === 0 || !this.computeDirection(gradient)) {
      this.forgetCurvature();
      for (let i = 0; i < gradient.length; i++) this.direction[i] = -gradient[i];
      stepLength = Math.min(1, 1 / sumAbs) * this.learningRate;
    }
    this.previousParams = copyInto(this.previousParams, params);
    this.previousGradient = copyInto(this.previousGradient, gradient);
    const { direction, clampMin, clampMax } = this;
    for (let i = 0; i < params.length; i++) {
      const updated = params[i] + stepLength * direction[i];
      params[i] = updated < clampMin ? clampMin : updated > clampMax ? clampMax : updated;
    }
  }

  state(): LbfgsState {
    return {
      name: this.name,
      size: this.size,
      stepCount: this.stepCount,
      stepHistory: this.stepHistory.map((s) => s.slice()),
      gradientChangeHistory: this.gradientChangeHistory.map((y) => y.slice()),
      inverseCurvatures: [...this.inverseCurvatures],
      hessianScale: this.hessianScale,
      previousParams: this.previousParams?.slice() ?? null,
      previousGradient: this.previousGradient?.slice() ?? null,
    };
  }

  restore(state: OptimizerState): void {
    const lbfgsState = expectState(state, this.name, this.size);
    const pairs = lbfgsState.stepHistory.length;
    if (pairs > this.historySize || lbfgsState.gradientChangeHistory.length !== pairs || lbfgsState.inverseCurvatures.length !== pairs) {
      throw invalidValue(`an L-BFGS state with at most ${this.historySize} complete pairs`, 'state', `${pairs} pairs`);
    }
    this.stepCount = lbfgsState.stepCount;
    this.stepHistory = lbfgsState.stepHistory.map((s) => Float32Array.from(s));
    this.gradientChangeHistory = lbfgsState.gradientChangeHistory.map((y) => Float32Array.from(y));
    this.inverseCurvatures = [...lbfgsState.inverseCurvatures];
    this.hessianScale = lbfgsState.hessianScale;
    this.previousParams = lbfgsState.previousParams ? Float32Array.from(lbfgsState.previousParams) : null;
    this.previousGradient = lbfgsState.previousGradient ? Float32Array.from(lbfgsState.previousGradient) : null;
  }

  /** Stores (s, y) from the previous step to now if yᵀs > 1e-10, recycling the oldest pair when full. */
  private rememberCurvature(params: Float32Array, gradient: Float32Array): void {
    const previousParams = this.previousParams as Float32Array;
    const previousGradient = this.previousGradient as Float32Array;
    let ys = 0;
    let yy = 0;
    for (let i = 0; i < params.length; i++) {
      const y = gradient[i] - previousGradient[i];
      ys += y * (params[i] - previousParams[i]);
      yy += y * y;
    }
    if (!(ys > LBFGS_DEFAULTS.curvatureTolerance)) return;
    const full = this.stepHistory.length === this.historySize;
    const s = full ? (this.stepHistory.shift() as Float32Array) : new Float32Array(this.size);
    const y = full ? (this.gradientChangeHistory.shift() as Float32Array) : new Float32Array(this.size);
    if (full) this.inverseCurvatures.shift();
    for (let i = 0; i < params.length; i++) {
      s[i] = params[i] - previousParams[i];
      y[i] = gradient[i] - previousGradient[i];
    }
    this.stepHistory.push(s);
    this.gradientChangeHistory.push(y);
    this.inverseCurvatures.push(1 / ys);
    this.hessianScale = ys / yy;
  }

  /** Two-loop recursion: direction ← −H·g. Returns false if that is not a descent direction. */
  private computeDirection(gradient: Float32Array): boolean {
    const { direction: q, stepHistory: s, gradientChangeHistory: y, inverseCurvatures: rho } = this;
    const alphas = new Float64Array(s.length);
    for (let i = 0; i < q.length; i++) q[i] = -gradient[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alphas[k] = rho[k] * dot(s[k], q);
      axpy(-alphas[k], y[k], q);
    }
    for (let i = 0; i < q.length; i++) q[i] *= this.hessianScale;
    for (let k = 0; k < s.length; k++) axpy(alphas[k] - rho[k] * dot(y[k], q), s[k], q);
    return dot(gradient, q) < -LBFGS_DEFAULTS.descentTolerance;
  }

  private forgetCurvature(): void {
    this.stepHistory = [];
    this.gradientChangeHistory = [];
    this.inverseCurvatures = [];
    this.hessianScale = 1;
  }
}

function dot(a: Float32Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** target ← target + scale·x */
function axpy(scale: number, x: Float32Array, target: Float64Array): void {
  for (let i = 0; i < x.length; i++) target[i] += scale * x[i];
}

function norms(values: Float32Array): { maxAbs: number; sumAbs: number } {
  let maxAbs = 0;
  let sumAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    sumAbs += magnitude;
    if (magnitude > maxAbs) maxAbs = magnitude;
  }
  return { maxAbs, sumAbs };
}

function copyInto(target: Float32Array | null, source: Float32Array): Float32Array {
  if (!target) return source.slice();
  target.set(source);
  return target;
}
