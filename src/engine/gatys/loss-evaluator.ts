import type { RgbImage } from '../image.js';
import type { CostFields } from './events.js';
import type { GraphRuntime, TensorValue } from '../runtime.js';
import { spatialSizeAt } from '../network/layers.js';
import type { NetworkWeights } from '../network/types.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import { buildLossGraph, LOSS_GRAPH_OUTPUTS, type CostWeights } from './loss-graph.js';
import type { LayerSelection } from './layer-selection.js';
import { computeStyleTargets, runOnce, type WeightedStyle } from './style-targets.js';
import { buildTargetGraph } from './target-graph.js';

/** The unweighted cost terms and the weighted total J at one image. */
export type CostTerms = CostFields;

/** Evaluates J and ∂J/∂G for images of the content's size; owns one ONNX session. */
export interface GatysLossEvaluator {
  /** How many graph runs one evaluation takes: 1 for the whole image at once, more when tiled. */
  readonly tiles: number;
  /** Cost terms and the gradient (a fresh array) at `pixels` (RGB planar, 0–255, the content's size). */
  evaluate(pixels: Float32Array): Promise<{ terms: CostTerms; gradient: Float32Array }>;
  release(): Promise<void>;
}

/**
 * Reads the content and style targets off their images, then builds and loads the fused
 * per-iteration graph for the content's size.
 *
 * @example
 * const evaluator = await createGatysLossEvaluator(runtime, weights, content, styles, selection, { content: 10, style: 40, totalVariation: 0 });
 * const { terms, gradient } = await evaluator.evaluate(image.data);
 */
export async function createGatysLossEvaluator(
  runtime: GraphRuntime,
  weights: NetworkWeights,
  content: RgbImage,
  styles: readonly WeightedStyle[],
  selection: LayerSelection,
  costWeights: CostWeights,
  options: { readonly convolution?: ConvolutionAlgorithm } = {},
): Promise<GatysLossEvaluator> {
  const positions = new Map(
    selection.styleLayers.map(({ layer }) => {
      const [height, width] = spatialSizeAt(weights.network, layer, content.height, content.width);
      return [layer, height * width] as const;
    }),
  );
  const styleTargets = await computeStyleTargets(runtime, weights, selection, styles, positions);
  const contentActivations = await contentTargets(runtime, weights, selection, content, options.convolution);
  // The model bytes stay out of the closures below, so they are freed once the session holds the graph.
  const { model, ...graph } = buildLossGraph({ height: content.height, width: content.width, weights, selection, costWeights, convolution: options.convolution });
  const feeds: Record<string, TensorValue> = {};
  for (const target of graph.contentTargets) feeds[target.name] = { data: contentActivations.get(target.layer)!, dims: target.dims };
  for (const target of graph.styleTargets) feeds[target.name] = { data: styleTargets.grams.get(target.layer)!, dims: target.dims };
  // The graph matches the blended Gram; the blend's own spread is a constant of the style cost.
  const styleConstant = selection.styleLayers.reduce((sum, { layer, weight }) => {
    const [height, width] = spatialSizeAt(weights.network, layer, content.height, content.width);
    const channels = weights.layers.get(layer)!.outChannels;
    return sum + (weight * styleTargets.spread.get(layer)!) / (2 * channels * height * width) ** 2;
  }, 0);

  const session = await runtime.createSession(model);
  return {
    tiles: 1,
    async evaluate(pixels) {
      const outputs = await session.run({ ...feeds, image: { data: pixels, dims: graph.imageDims } });
      const content = outputs[LOSS_GRAPH_OUTPUTS.content].data[0];
      const style = outputs[LOSS_GRAPH_OUTPUTS.style].data[0] + styleConstant;
      const tv = outputs[LOSS_GRAPH_OUTPUTS.totalVariation].data[0];
      const loss = costWeights.content * content + costWeights.style * style + costWeights.totalVariation * tv;
      return { terms: { content, style, tv, loss }, gradient: outputs[LOSS_GRAPH_OUTPUTS.gradient].data };
    },
    release: () => session.release(),
  };
}

async function contentTargets(
  runtime: GraphRuntime,
  weights: NetworkWeights,
  selection: LayerSelection,
  content: RgbImage,
  convolution: ConvolutionAlgorithm | undefined,
): Promise<Map<string, Float32Array>> {
  const graph = buildTargetGraph({
    height: content.height,
    width: content.width,
    weights,
    pooling: selection.pooling,
    activationLayers: selection.contentLayers,
    gramLayers: [],
    convolution,
  });
  const outputs = await runOnce(runtime, graph.model, content);
  return new Map(graph.outputs.map((output) => [output.layer, outputs[output.name].data]));
}
