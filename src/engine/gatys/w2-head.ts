/**
 * The Wasserstein-2 style cost (`styleLoss: 'w2'`): the squared W2 distance between the Gaussians
 * fitted to the generated features and to the painting's, per style layer,
 *
 *   J = ‖μ − μ_S‖² + tr Σ + tr Σ_S − 2·tr (Σ_S^½ Σ Σ_S^½)^½,
 *
 * with μ, Σ the mean and covariance over the layer's nH·nW positions. The cross term needs no root of
 * Σ_S: with its Cholesky factor L (L·Lᵀ = Σ_S, fed, computed once per painting in float64), M = Lᵀ Σ L has
 * the same eigenvalues as Σ_S^½ Σ Σ_S^½, so tr (…)^½ = tr M^½, and
 *
 *   ∂J/∂Σ = I − L M^−½ Lᵀ =: D,    ∂J/∂F = (2/N)·D·(F − μ) + (2/N)·(μ − μ_S)·1ᵀ     (F: C×N features),
 *
 * and both M^½ and M^−½ come out of the coupled Newton–Schulz iteration (Higham 2008, §6.7) on
 * M / ‖M‖_F: Y₀ = M/c, Z₀ = I, T = (3I − Z Y)/2, Y ← Y T, Z ← T Z; then M^½ ≈ √c·Y, M^−½ ≈ Z/√c.
 * Three products of min(C, N)² matrices per iteration, all inside the fused graph.
 */
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { emitSum } from '../onnx/portable-ops.js';
import type { ActivationDims } from '../network/types.js';
import type { LossHead } from './loss-heads.js';

/**
 * Newton–Schulz iterations of the per-iteration graph, by the size of the matrix whose root is taken.
 * Each iteration multiplies a small eigenvalue's progress by ≈ 2.25, then it converges quadratically;
 * on Darknet Tiny's real features (eigenvalues of M/‖M‖_F spread over 1e−7…1) tr M^½ was off by
 * 2–7e−3 after 12 iterations, 3–6e−4 after 16 and < 1e−4 after 24 (float64, scripts/reference). Small
 * matrices get 24 (cheap, and their cost is a small difference of large terms, so errors show); 256
 * get 16; larger ones 12, where the 512-channel layer's products dominate an iteration's time (w2 at
 * 512×384 measured 2.17× the Gram iteration with 16 there; `npm run bench:style`) and its cost is
 * large against the root's residual.
 */
export function w2Iterations(size: number): number {
  if (size <= 128) return 24;
  return size <= 256 ? 16 : 12;
}

/** The ridge of the generated side's root, relative to the matrix's trace (see emitNewtonSchulz). */
const NULL_RIDGE = 1e-6;

/** The painting's side of one layer's W2 cost: its feature mean [C] and the Cholesky factor L of its covariance [C,C]. */
export interface W2TargetInputs {
  readonly mean: string;
  readonly covarianceFactor: string;
}

/**
 * Emits the W2 cost of one layer: the unweighted J without the constant tr Σ_S (added by the caller),
 * and `weight`·∂J/∂A as [1,C,H,W] (`weight` a graph value of shape [1]).
 *
 * @example const head = emitW2Head(graph, trace.activation, trace.dims, { mean: 'style_mean_conv2', covarianceFactor: 'style_covarianceFactor_conv2' }, layerWeight);
 */
export function emitW2Head(graph: GraphBuilder, activation: string, dims: ActivationDims, target: W2TargetInputs, weight: string): LossHead {
  const [channels, height, width] = dims;
  const positions = height * width;
  const features = graph.op('Reshape', [activation, graph.constInt64([channels, positions])]);
  // Opset 13: ReduceMean takes its axes as an attribute (ReduceSum as an input).
  const mean = graph.op('ReduceMean', [features], { axes: { ints: [1] }, keepdims: { int: 1 } });
  const centred = graph.op('Sub', [features, mean]);
  const covariance = graph.op('Gemm', [centred, centred], { transB: { int: 1 }, alpha: { float: 1 / positions } });
  const factor = target.covarianceFactor;
  const transposedTimes = (value: string) => graph.op('Gemm', [factor, value], { transA: { int: 1 } }); // Lᵀ·value
  const targetMean = graph.op('Reshape', [target.mean, graph.constInt64([channels, 1])]);
  const meanDifference = graph.op('Sub', [mean, targetMean]);
  const channelIdentity = identityMatrix(graph, channels);
  const covarianceTrace = graph.op('ReduceSum', [graph.op('Mul', [covariance, channelIdentity])], { keepdims: { int: 0 } });

  // The cross term's matrix root and the feature gradient's correction term (2/N)·Q, Q = L M^−½ Lᵀ (F − μ).
  // M = B·Bᵀ with B = Lᵀ (F − μ)/√N shares its non-zero eigenvalues with K = Bᵀ·B, so when there are
  // fewer positions than channels (deep layers at small scales) the root is taken of the N×N matrix K,
  // using L M^−½ Lᵀ (F − μ) = √N·L·B·K^−½.
  let sqrtTrace: string;
  let correction: string;
  if (positions < channels) {
    const b = graph.op('Mul', [transposedTimes(centred), graph.constFloat(1 / Math.sqrt(positions))]);
    // K·1 = 0 (the features are centred), and Newton–Schulz grows Z by 1.5 per iteration along a null
    // direction, so that direction gets an eigenvalue of its own, c = tr K / N, via c·(1/N)·11ᵀ: it adds
    // exactly √c to tr K^½ (subtracted again) and nothing to the gradient (B·1 = 0).
    const k = graph.op('Gemm', [b, b], { transA: { int: 1 } });
    const identity = identityMatrix(graph, positions);
    const nullEigenvalue = graph.op('Mul', [graph.op('ReduceSum', [graph.op('Mul', [k, identity])], { keepdims: { int: 0 } }), graph.constFloat(1 / positions)]);
    const ones = graph.initializer('ones', new Float32Array(positions * positions).fill(1 / positions), [positions, positions]);
    const completed = graph.op('Add', [k, graph.op('Mul', [ones, nullEigenvalue])]);
    const result = emitNewtonSchulz(graph, completed, identity, w2Iterations(positions));
    sqrtTrace = graph.op('Sub', [result.sqrtTrace, graph.op('Sqrt', [nullEigenvalue])]);
    correction = graph.op('Mul', [graph.op('MatMul', [factor, graph.op('MatMul', [b, result.inverseRoot])]), graph.constFloat(Math.sqrt(positions))]);
  } else {
    const middle = transposedTimes(graph.op('MatMul', [covariance, factor]));
    const result = emitNewtonSchulz(graph, middle, channelIdentity, w2Iterations(channels));
    sqrtTrace = result.sqrtTrace;
    correction = graph.op('MatMul', [factor, graph.op('MatMul', [result.inverseRoot, transposedTimes(centred)])]);
  }
  const loss = emitSum(graph, [
    graph.op('ReduceSumSquare', [meanDifference], { keepdims: { int: 0 } }),
    covarianceTrace,
    graph.op('Mul', [sqrtTrace, graph.constFloat(-2)]),
  ]);
  // ∂J/∂F = (2/N)·((F − μ) − Q + (μ − μ_S)), weighted.
  const scale = graph.op('Mul', [weight, graph.constFloat(2 / positions)]);
  const featureGradient = graph.op('Add', [graph.op('Sub', [centred, correction]), meanDifference]);
  return {
    loss,
    gradient: graph.op('Reshape', [graph.op('Mul', [featureGradient, scale]), graph.constInt64([1, channels, height, width])]),
  };
}

/**
 * tr M^½ and M^−½ of a symmetric positive semi-definite [C,C] value by the coupled Newton–Schulz
 * iteration on M/c, c = ‖M‖_F (+ a tiny floor, so an all-zero M gives 0, not NaN); `identity` is the [C,C] identity.
 */
export function emitNewtonSchulz(graph: GraphBuilder, input: string, identity: string, iterations: number): { sqrtTrace: string; inverseRoot: string; root: string } {
  // A ridge of NULL_RIDGE·tr/n (the mean eigenvalue): float32 rounding of M (≈ 1e−7 of its largest
  // eigenvalue) can make its smallest eigenvalues negative, where the iteration diverges, and Z grows
  // by 1.5 an iteration along null directions; the ridge keeps both bounded.
  const size = graph.op('ReduceSum', [identity], { keepdims: { int: 0 } });
  const meanEigenvalue = graph.op('Div', [graph.op('ReduceSum', [graph.op('Mul', [input, identity])], { keepdims: { int: 0 } }), size]);
  const matrix = graph.op('Add', [input, graph.op('Mul', [identity, graph.op('Mul', [meanEigenvalue, graph.constFloat(NULL_RIDGE)])])]);
  const norm = graph.op('Add', [graph.op('Sqrt', [graph.op('ReduceSumSquare', [matrix], { keepdims: { int: 0 } })]), graph.constFloat(1e-30)]);
  const threeHalves = graph.op('Mul', [identity, graph.constFloat(1.5)]);
  let y = graph.op('Div', [matrix, norm]);
  // First iteration with Z₀ = I: T = (3I − Y₀)/2, Y₁ = Y₀ T, Z₁ = T.
  let t = graph.op('Sub', [threeHalves, graph.op('Mul', [y, graph.constFloat(0.5)])]);
  y = graph.op('MatMul', [y, t]);
  let z = t;
  for (let k = 1; k < iterations; k++) {
    t = graph.op('Sub', [threeHalves, graph.op('Mul', [graph.op('MatMul', [z, y]), graph.constFloat(0.5)])]);
    y = graph.op('MatMul', [y, t]);
    z = graph.op('MatMul', [t, z]);
  }
  const rootNorm = graph.op('Sqrt', [norm]);
  return {
    sqrtTrace: graph.op('Mul', [graph.op('ReduceSum', [graph.op('Mul', [y, identity])], { keepdims: { int: 0 } }), rootNorm]),
    inverseRoot: graph.op('Div', [z, rootNorm]),
    root: graph.op('Mul', [y, rootNorm]),
  };
}

/** The [C,C] identity as a graph constant. */
export function identityMatrix(graph: GraphBuilder, channels: number): string {
  const data = new Float32Array(channels * channels);
  for (let i = 0; i < channels; i++) data[i * channels + i] = 1;
  return graph.initializer('identity', data, [channels, channels]);
}
