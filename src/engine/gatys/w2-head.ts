/**
 * The Wasserstein-2 style cost (`styleLoss: 'w2'`): the squared W2 distance between the Gaussians
 * fitted to the generated features and to the painting's, per style layer,
 *
 *   J = ‖μ − μ_S‖² + tr Σ + tr Σ_S − 2·tr (R Σ R)^½,     R = Σ_S^½ (fed, computed once per style),
 *
 * with μ, Σ the mean and covariance over the layer's nH·nW positions. With M = R Σ R, the gradient is
 *
 *   ∂J/∂Σ = I − R M^−½ R =: D,    ∂J/∂F = (2/N)·D·(F − μ) + (2/N)·(μ − μ_S)·1ᵀ     (F: C×N features),
 *
 * and both M^½ and M^−½ come out of the coupled Newton–Schulz iteration (Higham 2008, §6.7) on
 * M / ‖M‖_F: Y₀ = M/c, Z₀ = I, T = (3I − Z Y)/2, Y ← Y T, Z ← T Z; then M^½ ≈ √c·Y, M^−½ ≈ Z/√c.
 * Three C×C products per iteration, all inside the fused graph.
 */
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { ActivationDims } from '../network/types.js';
import type { LossHead } from './loss-heads.js';

/**
 * Newton–Schulz iterations of the per-iteration graph. Eigenvalues of M/‖M‖_F down to ~1e−5 converge
 * within 15 (each iteration multiplies a small eigenvalue's progress by ≈ 2.25, then converges
 * quadratically); smaller ones are under-estimated, which only softens the pull along directions the
 * features barely use. 12 keeps the 512-channel layers' cost bounded (docs/networks.md has the timing).
 */
export const W2_ITERATIONS = 12;

/** The painting's side of one layer's W2 cost: its feature mean [C] and covariance square root [C,C]. */
export interface W2TargetInputs {
  readonly mean: string;
  readonly covarianceRoot: string;
}

/**
 * Emits the W2 cost of one layer: the unweighted J without the constant tr Σ_S (added by the caller),
 * and `weight`·∂J/∂A as [1,C,H,W] (`weight` a graph value of shape [1]).
 *
 * @example const head = emitW2Head(graph, trace.activation, trace.dims, { mean: 'w2_mean_conv2', covarianceRoot: 'w2_root_conv2' }, layerWeight);
 */
export function emitW2Head(
  graph: GraphBuilder,
  activation: string,
  dims: ActivationDims,
  target: W2TargetInputs,
  weight: string,
  iterations: number = W2_ITERATIONS,
): LossHead {
  const [channels, height, width] = dims;
  const positions = height * width;
  const features = graph.op('Reshape', [activation, graph.constInt64([channels, positions])]);
  const mean = graph.op('ReduceMean', [features, graph.constInt64([1])], { keepdims: { int: 1 } });
  const centred = graph.op('Sub', [features, mean]);
  const covariance = graph.op('Gemm', [centred, centred], { transB: { int: 1 }, alpha: { float: 1 / positions } });
  const root = target.covarianceRoot;
  const middle = graph.op('MatMul', [graph.op('MatMul', [root, covariance]), root]);
  const identity = identityMatrix(graph, channels);
  const { sqrtTrace, inverseRoot } = emitNewtonSchulz(graph, middle, identity, iterations);

  const targetMean = graph.op('Reshape', [target.mean, graph.constInt64([channels, 1])]);
  const meanDifference = graph.op('Sub', [mean, targetMean]);
  const loss = graph.op('Sum', [
    graph.op('ReduceSumSquare', [meanDifference], { keepdims: { int: 0 } }),
    graph.op('ReduceSum', [graph.op('Mul', [covariance, identity])], { keepdims: { int: 0 } }),
    graph.op('Mul', [sqrtTrace, graph.constFloat(-2)]),
  ]);

  // D = I − R M^−½ R, then (2/N)·(D·(F − μ) + (μ − μ_S)), weighted.
  const d = graph.op('Sub', [identity, graph.op('MatMul', [graph.op('MatMul', [root, inverseRoot]), root])]);
  const scale = graph.op('Mul', [weight, graph.constFloat(2 / positions)]);
  const featureGradient = graph.op('Add', [graph.op('MatMul', [d, centred]), meanDifference]);
  return {
    loss,
    gradient: graph.op('Reshape', [graph.op('Mul', [featureGradient, scale]), graph.constInt64([1, channels, height, width])]),
  };
}

/**
 * tr M^½ and M^−½ of a symmetric positive semi-definite [C,C] value by the coupled Newton–Schulz
 * iteration on M/c, c = ‖M‖_F (+ a tiny floor, so an all-zero M gives 0, not NaN); `identity` is the [C,C] identity.
 */
export function emitNewtonSchulz(graph: GraphBuilder, matrix: string, identity: string, iterations: number): { sqrtTrace: string; inverseRoot: string; root: string } {
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
