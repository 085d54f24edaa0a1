import type { CostWeights, StyleLossKind } from '../../src/engine/gatys/types.js';
import { buildLossGraph, LOSS_GRAPH_OUTPUTS, TERM_WEIGHTS_INPUT } from '../../src/engine/gatys/loss-graph.js';
import type { LayerSelection } from '../../src/engine/gatys/layer-selection.js';
import type { TensorValue } from '../../src/engine/runtime.js';
import type { NetworkWeights } from '../../src/engine/network/types.js';
import type { ConvolutionAlgorithm } from '../../src/engine/network/winograd.js';
import { createRng } from '../../src/engine/random.js';
import { createOrtRuntime } from '../../src/node/ort-runtime.js';

/** J and ∂J/∂image of the fused loss graph at one image, with made-up targets. */
export interface LossEvaluator {
  evaluate(image: Float32Array): Promise<{ loss: number; content: number; style: number; tv: number; gradient: Float32Array }>;
  release(): Promise<void>;
}

/**
 * Builds the fused loss graph for a tiny problem and feeds it deterministic targets: content
 * activations |N(0,1)|·10 and symmetric positive style Grams, so every head has a non-trivial cost.
 */
export async function createLossEvaluator(spec: {
  height: number;
  width: number;
  weights: NetworkWeights;
  selection: LayerSelection;
  costWeights: CostWeights;
  /** Default `gram`. */
  styleLoss?: StyleLossKind;
  convolution?: ConvolutionAlgorithm;
  seed?: number;
  /** Scale of the made-up targets: content |N(0,1)|·10·s, Grams |N(0,1)|·1000·s² (s = 1 suits VGG's 0–255 input; ~0.03 a 0–1 network). */
  targetScale?: number;
}): Promise<LossEvaluator> {
  const targetScale = spec.targetScale ?? 1;
  const graph = buildLossGraph({ ...spec, styleLoss: spec.styleLoss ?? 'gram', totalVariation: spec.costWeights.totalVariation !== 0 });
  const session = await createOrtRuntime({ threads: 1 }).createSession(graph.model);
  const rng = createRng(spec.seed ?? 11);
  const feeds: Record<string, TensorValue> = {};
  for (const target of graph.contentTargets) {
    const size = target.dims.reduce((a, b) => a * b, 1);
    feeds[target.name] = { data: new Float32Array(size).map(() => Math.abs(rng.normal()) * 10 * targetScale), dims: target.dims };
  }
  for (const target of graph.styleTargets) {
    const channels = target.dims[0];
    if (target.statistic === 'mean') {
      feeds[target.name] = { data: new Float32Array(channels).map(() => Math.abs(rng.normal()) * 10 * targetScale), dims: target.dims };
      continue;
    }
    // A Gram: symmetric with positive entries; a covariance factor: lower triangular with a positive diagonal.
    const matrix = new Float32Array(channels * channels);
    const isGram = target.statistic === 'gram';
    const scale = isGram ? 1000 * targetScale ** 2 : 3 * targetScale;
    for (let i = 0; i < channels; i++)
      for (let j = 0; j <= i; j++) {
        const value = Math.abs(rng.normal()) * scale * (isGram || i === j ? 1 : 0.3);
        matrix[i * channels + j] = value;
        if (isGram) matrix[j * channels + i] = value;
      }
    feeds[target.name] = { data: matrix, dims: target.dims };
  }
  const { content: alpha, style: beta, totalVariation: gamma } = spec.costWeights;
  const lambdas = spec.selection.styleLayers.map((entry) => entry.weight);
  const termWeights = Float32Array.from([alpha, gamma, ...lambdas.map((lambda) => beta * lambda)]);
  return {
    async evaluate(image) {
      const out = await session.run({ ...feeds, [TERM_WEIGHTS_INPUT]: { data: termWeights, dims: [termWeights.length] }, image: { data: image, dims: graph.imageDims } });
      const content = out[LOSS_GRAPH_OUTPUTS.content].data[0];
      const style = Array.from(out[LOSS_GRAPH_OUTPUTS.styleLayers].data).reduce((sum, cost, l) => sum + lambdas[l] * cost, 0);
      const tv = out[LOSS_GRAPH_OUTPUTS.totalVariation].data[0];
      return { loss: alpha * content + beta * style + gamma * tv, content, style, tv, gradient: out[LOSS_GRAPH_OUTPUTS.gradient].data };
    },
    release: () => session.release(),
  };
}

/** Relative error of the analytic directional derivative ∇J·v against the central difference (J(x+hv) − J(x−hv)) / 2h. */
export async function directionalDerivativeError(
  evaluator: LossEvaluator,
  image: Float32Array,
  direction: Float32Array,
  step: number,
): Promise<{ analytic: number; numeric: number; relativeError: number }> {
  const { gradient } = await evaluator.evaluate(image);
  let analytic = 0;
  for (let i = 0; i < image.length; i++) analytic += gradient[i] * direction[i];
  const plus = image.map((value, i) => value + step * direction[i]);
  const minus = image.map((value, i) => value - step * direction[i]);
  const numeric = ((await evaluator.evaluate(plus)).loss - (await evaluator.evaluate(minus)).loss) / (2 * step);
  return { analytic, numeric, relativeError: Math.abs(analytic - numeric) / Math.max(Math.abs(numeric), 1e-12) };
}
