/**
 * Shared types of the optimizers. Optimizers work on plain Float32Arrays (the image being
 * painted, flattened) and import nothing from Node, so they run in browsers too.
 */
import { PainterlyError, invalidOption, invalidValue } from '../errors.js';

/** The optimizers Painterly knows, by the name used in options and checkpoints. */
export type OptimizerName = 'adam' | 'lbfgs' | 'sgd';

/**
 * Minimises f by updating `params` in place, one gradient evaluation per step.
 *
 * @example
 * const optimizer = createOptimizer('adam', pixels.length, { learningRate: 2, clampMin: 0, clampMax: 255 });
 * for (let i = 0; i < iterations; i++) {
 *   const { loss, gradient } = evaluate(pixels);
 *   optimizer.step(pixels, gradient, loss);
 * }
 */
export interface Optimizer {
  readonly name: OptimizerName;
  /** One update. `gradient` is ∂J/∂params at the current params, `loss` is J there. Mutates params. */
  step(params: Float32Array, gradient: Float32Array, loss: number): void;
  /** A copy of the optimizer's state for checkpoints/resume (structured-clone-able; shares no memory). */
  state(): OptimizerState;
  /** Restores a state from `state()` (copied in); throws INVALID_OPTION if it belongs to another optimizer or size. */
  restore(state: OptimizerState): void;
}

/**
 * Options every optimizer takes. Values are on the scale of `params` (0–255 pixels in Painterly).
 *
 * @example
 * const options: OptimizerOptions = { learningRate: 2, clampMin: 0, clampMax: 255 };
 */
export interface OptimizerOptions {
  /** Step size; see each optimizer for its meaning and default. */
  learningRate: number;
  /** When given, every value is raised to at least this after each step. */
  clampMin?: number;
  /** When given, every value is lowered to at most this after each step. */
  clampMax?: number;
}

/** Adam's state: moments as Float32Arrays of the params' size. */
export interface AdamState {
  readonly name: 'adam';
  readonly size: number;
  /** Steps taken so far (t in the paper); drives bias correction. */
  readonly stepCount: number;
  readonly firstMoment: Float32Array;
  readonly secondMoment: Float32Array;
}

/** L-BFGS's state: the curvature pairs, oldest first, and the point/gradient of the last step. */
export interface LbfgsState {
  readonly name: 'lbfgs';
  readonly size: number;
  readonly stepCount: number;
  /** Steps s = x_{k+1} − x_k, oldest first. */
  readonly stepHistory: readonly Float32Array[];
  /** Gradient changes y = g_{k+1} − g_k, oldest first. */
  readonly gradientChangeHistory: readonly Float32Array[];
  /** 1 / (yᵀs) for each pair. */
  readonly inverseCurvatures: readonly number[];
  /** γ = sᵀy / yᵀy of the newest pair: the initial inverse-Hessian scaling. */
  readonly hessianScale: number;
  /** Params and gradient at the previous `step` call; null before the first. */
  readonly previousParams: Float32Array | null;
  readonly previousGradient: Float32Array | null;
}

/** SGD keeps nothing but a step count. */
export interface SgdState {
  readonly name: 'sgd';
  readonly size: number;
  readonly stepCount: number;
  /** The learning rate in use (chosen at the first step when none was given). */
  readonly learningRate?: number;
}

/**
 * Any optimizer's state, told apart by `name`. Typed arrays survive `structuredClone` and
 * `postMessage`; for JSON, convert them with `Array.from` and back with `Float32Array.from`.
 */
export type OptimizerState = AdamState | LbfgsState | SgdState;

/**
 * Checks the shared options and returns the clamp range, ±Infinity where no bound is given.
 *
 * @example
 * resolveClampRange({ learningRate: 2, clampMin: 0 }) // → [0, Infinity]
 */
export function resolveClampRange(options: OptimizerOptions): [min: number, max: number] {
  const { learningRate, clampMin = -Infinity, clampMax = Infinity } = options;
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw invalidOption('a finite number above 0', 'learningRate', learningRate);
  }
  if (Number.isNaN(clampMin)) throw invalidOption('a number', 'clampMin', clampMin);
  if (Number.isNaN(clampMax)) throw invalidOption('a number', 'clampMax', clampMax);
  if (clampMin > clampMax) {
    throw invalidOption(`a number at least clampMin (${clampMin})`, 'clampMax', clampMax);
  }
  return [clampMin, clampMax];
}

/**
 * Throws ENGINE_FAILED unless `params` and `gradient` both hold `size` values (a caller bug).
 *
 * @example
 * checkStepSizes('adam', 3, new Float32Array(3), new Float32Array(2)) // throws ENGINE_FAILED
 */
export function checkStepSizes(name: OptimizerName, size: number, params: Float32Array, gradient: Float32Array): void {
  if (params.length !== size || gradient.length !== size) {
    throw new PainterlyError(
      'ENGINE_FAILED',
      `The ${name} optimizer was made for ${size} values but step() received ${params.length} params ` +
        `and ${gradient.length} gradient values; create one optimizer per image size.`,
    );
  }
}

/**
 * Narrows a restored state to the optimizer's own kind; throws INVALID_OPTION if it is another
 * optimizer's or was saved for another size (e.g. a checkpoint from a different image).
 *
 * @example
 * const adamState = expectState(state, 'adam', pixels.length);
 */
export function expectState<N extends OptimizerName>(
  state: OptimizerState,
  name: N,
  size: number,
): Extract<OptimizerState, { name: N }> {
  if (state.name !== name || state.size !== size) {
    throw invalidValue(`a ${name} optimizer state for ${size} values`, 'state', `${state.name} state for ${state.size} values`);
  }
  return state as Extract<OptimizerState, { name: N }>;
}
