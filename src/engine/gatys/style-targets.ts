import type { RgbImage } from '../image.js';
import type { GraphRuntime, TensorValue } from '../runtime.js';
import type { NetworkWeights } from '../network/types.js';
import type { LayerSelection } from './layer-selection.js';
import { buildTargetGraph } from './target-graph.js';

/** A style image and its blend weight (weights are normalised to sum 1 here). */
export interface WeightedStyle {
  readonly image: RgbImage;
  readonly weight: number;
}

/** Blended style Grams per layer, plus the constant that makes the blended cost exact. */
export interface StyleTargets {
  /** Σ_s w_s·G_S(s) per style layer, [C,C]. */
  readonly grams: ReadonlyMap<string, Float32Array>;
  /** Σ_s w_s‖G_S(s) − Ḡ‖² per style layer: J_style^l = k_l·(‖G − Ḡ‖² + this). */
  readonly spread: ReadonlyMap<string, number>;
}

/**
 * Reads each style image's Gram matrices at its own size, rescales them to the generated image's
 * number of positions (`positionsByLayer`, nH·nW per layer; a style image of another size would
 * otherwise weigh more or less), and blends them: since Σ_s w_s‖G − G_s‖² = ‖G − Ḡ‖² + Σ_s w_s‖G_s − Ḡ‖²
 * for Σw = 1, the per-iteration graph needs only Ḡ and a constant.
 */
export async function computeStyleTargets(
  runtime: GraphRuntime,
  weights: NetworkWeights,
  selection: LayerSelection,
  styles: readonly WeightedStyle[],
  positionsByLayer: ReadonlyMap<string, number>,
): Promise<StyleTargets> {
  const total = styles.reduce((sum, style) => sum + style.weight, 0);
  const layers = selection.styleLayers.map((entry) => entry.layer);
  const perStyle: Array<{ weight: number; grams: Map<string, Float32Array> }> = [];
  for (const style of styles) {
    const graph = buildTargetGraph({
      height: style.image.height,
      width: style.image.width,
      weights,
      pooling: selection.pooling,
      activationLayers: [],
      gramLayers: layers,
      // One run per style image: Winograd's filters would cost more to compute and load than they save.
      convolution: 'direct',
    });
    const outputs = await runOnce(runtime, graph.model, style.image);
    const grams = new Map<string, Float32Array>();
    for (const output of graph.outputs) {
      const scale = (positionsByLayer.get(output.layer) ?? output.positions) / output.positions;
      grams.set(output.layer, outputs[output.name].data.map((value) => value * scale));
    }
    perStyle.push({ weight: style.weight / total, grams });
  }
  const blended = new Map<string, Float32Array>();
  const spread = new Map<string, number>();
  for (const layer of layers) {
    const mean = new Float32Array(perStyle[0].grams.get(layer)!.length);
    for (const style of perStyle) {
      const gram = style.grams.get(layer)!;
      for (let i = 0; i < mean.length; i++) mean[i] += style.weight * gram[i];
    }
    let layerSpread = 0;
    for (const style of perStyle) {
      const gram = style.grams.get(layer)!;
      let squared = 0;
      for (let i = 0; i < mean.length; i++) squared += (gram[i] - mean[i]) ** 2;
      layerSpread += style.weight * squared;
    }
    blended.set(layer, mean);
    spread.set(layer, layerSpread);
  }
  return { grams: blended, spread };
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
