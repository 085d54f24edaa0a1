import type { RgbImage } from '../image.js';
import type { GraphRuntime, TensorValue } from '../runtime.js';
import type { NetworkWeights } from '../network/types.js';
import type { LayerSelection } from './layer-selection.js';
import type { StyleTargetInput } from './loss-graph.js';
import { buildTargetGraph } from './target-graph.js';
import type { StyleLossKind, WeightedStyle } from './types.js';
import { choleskyFactor } from './cholesky.js';

export type { WeightedStyle } from './types.js';

/**
 * The painting's side of the style cost per layer, blended over the style images, and per layer the
 * constant that completes the cost (the graph computes the part that depends on the generated image).
 */
export type StyleTargets =
  | {
      readonly kind: 'gram';
      /** Σ_s w_s·G_S(s) per style layer, [C,C]. */
      readonly grams: ReadonlyMap<string, Float32Array>;
      /** k_l·Σ_s w_s‖G_S(s) − Ḡ‖², the blend's own spread: J_style^l = k_l·‖G − Ḡ‖² + this. */
      readonly constants: ReadonlyMap<string, number>;
    }
  | {
      readonly kind: 'w2';
      /** μ_S per style layer, [C]. */
      readonly means: ReadonlyMap<string, Float32Array>;
      /** L with L·Lᵀ = Σ_S per style layer, [C,C] (lower triangular). */
      readonly covarianceFactors: ReadonlyMap<string, Float32Array>;
      /** tr Σ_S per style layer. */
      readonly constants: ReadonlyMap<string, number>;
    };

/**
 * A ridge added to each painting covariance, relative to its mean eigenvalue (tr Σ_S / C): it keeps
 * Σ_S positive definite (a Cholesky factor exists) where the painting's features are rank-deficient
 * (few positions, dead channels).
 */
const COVARIANCE_RIDGE = 1e-5;

/**
 * Reads each style image's statistics at its own size and blends them.
 * - `gram`: the Grams are rescaled to the generated image's number of positions (`positionsByLayer`,
 *   nH·nW per layer; a style image of another size would otherwise weigh more or less) and averaged:
 *   since Σ_s w_s‖G − G_s‖² = ‖G − Ḡ‖² + Σ_s w_s‖G_s − Ḡ‖² for Σw = 1, the graph needs only Ḡ and a constant.
 * - `w2`: the Gaussian of the style images' pooled features (the mixture's mean and covariance:
 *   μ̄ = Σ_s w_s μ_s, Σ̄ = Σ_s w_s (Σ_s + μ_s μ_sᵀ) − μ̄ μ̄ᵀ, in float64), a small ridge, then its
 *   Cholesky factor.
 *
 * @example const targets = await computeStyleTargets(runtime, weights, selection, 'gram', styles, positions);
 */
export async function computeStyleTargets(
  runtime: GraphRuntime,
  weights: NetworkWeights,
  selection: LayerSelection,
  styleLoss: StyleLossKind,
  styles: readonly WeightedStyle[],
  positionsByLayer: ReadonlyMap<string, number>,
): Promise<StyleTargets> {
  const total = styles.reduce((sum, style) => sum + style.weight, 0);
  const layers = selection.styleLayers.map((entry) => entry.layer);
  const perStyle: Array<{ weight: number; grams: Map<string, Float32Array>; means: Map<string, Float32Array>; covariances: Map<string, Float32Array> }> = [];
  for (const style of styles) {
    const graph = buildTargetGraph({
      height: style.image.height,
      width: style.image.width,
      weights,
      pooling: selection.pooling,
      activationLayers: [],
      gramLayers: styleLoss === 'gram' ? layers : [],
      meanLayers: styleLoss === 'w2' ? layers : [],
      // One run per style image: Winograd's filters would cost more to compute and load than they save.
      convolution: 'direct',
    });
    const outputs = await runOnce(runtime, graph.model, style.image);
    const grams = new Map<string, Float32Array>();
    const means = new Map<string, Float32Array>();
    const covariances = new Map<string, Float32Array>();
    for (const output of graph.outputs) {
      const values = outputs[output.name].data;
      if (output.kind === 'mean') means.set(output.layer, values);
      else if (output.kind === 'covariance') covariances.set(output.layer, values);
      // A Gram is rescaled to the generated image's number of positions.
      else if (output.kind === 'gram') grams.set(output.layer, values.map((value) => (value * (positionsByLayer.get(output.layer) ?? output.positions)) / output.positions));
    }
    perStyle.push({ weight: style.weight / total, grams, means, covariances });
  }
  const blend = (pick: (style: (typeof perStyle)[number]) => Float32Array): Float32Array => {
    const mean = new Float32Array(pick(perStyle[0]).length);
    for (const style of perStyle) {
      const values = pick(style);
      for (let i = 0; i < mean.length; i++) mean[i] += style.weight * values[i];
    }
    return mean;
  };
  const constants = new Map<string, number>();
  if (styleLoss === 'gram') {
    const grams = new Map<string, Float32Array>();
    for (const { layer } of selection.styleLayers) {
      const mean = blend((style) => style.grams.get(layer)!);
      let spread = 0;
      for (const style of perStyle) {
        const gram = style.grams.get(layer)!;
        let squared = 0;
        for (let i = 0; i < mean.length; i++) squared += (gram[i] - mean[i]) ** 2;
        spread += style.weight * squared;
      }
      const channels = Math.sqrt(mean.length);
      grams.set(layer, mean);
      constants.set(layer, spread / (2 * channels * positionsByLayer.get(layer)!) ** 2);
    }
    return { kind: 'gram', grams, constants };
  }
  const means = new Map<string, Float32Array>();
  const covarianceFactors = new Map<string, Float32Array>();
  for (const { layer } of selection.styleLayers) {
    const mean = blend((style) => style.means.get(layer)!);
    const channels = mean.length;
    // Σ̄ = Σ_s w_s Σ_s + Σ_s w_s (μ_s − μ̄)(μ_s − μ̄)ᵀ, the mixture's covariance in float64.
    const covariance = new Float64Array(channels * channels);
    for (const style of perStyle) {
      const own = style.covariances.get(layer)!;
      const styleMean = style.means.get(layer)!;
      for (let i = 0; i < channels; i++) {
        const di = styleMean[i] - mean[i];
        for (let j = 0; j < channels; j++) covariance[i * channels + j] += style.weight * (own[i * channels + j] + di * (styleMean[j] - mean[j]));
      }
    }
    let trace = 0;
    for (let i = 0; i < channels; i++) trace += covariance[i * channels + i];
    const ridge = (COVARIANCE_RIDGE * trace) / channels;
    for (let i = 0; i < channels; i++) covariance[i * channels + i] += ridge;
    means.set(layer, mean);
    covarianceFactors.set(layer, Float32Array.from(choleskyFactor(covariance, channels)));
    constants.set(layer, trace + ridge * channels);
  }
  return { kind: 'w2', means, covarianceFactors, constants };
}

/** The graph feeds of `targets` for the inputs a loss graph declared. */
export function styleTargetFeeds(targets: StyleTargets, inputs: readonly StyleTargetInput[]): Record<string, TensorValue> {
  const feeds: Record<string, TensorValue> = {};
  for (const input of inputs) {
    const data =
      targets.kind === 'gram'
        ? targets.grams.get(input.layer)
        : input.statistic === 'mean'
          ? targets.means.get(input.layer)
          : targets.covarianceFactors.get(input.layer);
    if (!data) throw new Error(`no ${input.statistic} target for ${input.layer} (${targets.kind})`);
    feeds[input.name] = { data, dims: input.dims };
  }
  return feeds;
}

/** Builds a session for `model`, runs it on one image, and releases it. */
export async function runOnce(
  runtime: GraphRuntime,
  model: Uint8Array,
  image: RgbImage,
): Promise<Record<string, TensorValue>> {
  const session = await runtime.createSession(model);
  try {
    return await session.run({ image: { data: image.data, dims: [1, 3, image.height, image.width] } });
  } finally {
    await session.release();
  }
}
