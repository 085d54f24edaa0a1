import type { TensorValue } from '../runtime.js';
import { spatialSizeAt } from '../network/layers.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import { buildLossGraph, LOSS_GRAPH_OUTPUTS, TERM_WEIGHTS_INPUT } from './loss-graph.js';
import { computeStyleTargets, runOnce, styleTargetFeeds } from './style-targets.js';
import { buildTargetGraph } from './target-graph.js';
import { createTermWeights, styleProbeWeights, sumAbs } from './term-weights.js';
import type { GatysLossEvaluator, GatysProblem } from './types.js';

export type { CostTerms, GatysLossEvaluator } from './types.js';

/**
 * Reads the content and style targets off their images, then builds and loads the fused
 * per-iteration graph for the content's size.
 *
 * @example
 * const evaluator = await createGatysLossEvaluator({ runtime, weights, content, styles, selection, costWeights: { content: 10, style: 40, totalVariation: 0 }, styleLoss: 'gram' });
 * const { terms, gradient } = await evaluator.evaluate(image.data);
 */
export async function createGatysLossEvaluator(
  problem: GatysProblem,
  options: { readonly convolution?: ConvolutionAlgorithm } = {},
): Promise<GatysLossEvaluator> {
  const { runtime, weights, content, selection, costWeights, styleLoss } = problem;
  const positions = new Map(
    selection.styleLayers.map(({ layer }) => {
      const [height, width] = spatialSizeAt(weights.network, layer, content.height, content.width);
      return [layer, height * width] as const;
    }),
  );
  const styleTargets = await computeStyleTargets(runtime, weights, selection, styleLoss, problem.styles, positions);
  const contentActivations = await contentTargets(problem, options.convolution);
  // The model bytes stay out of the closures below, so they are freed once the session holds the graph.
  const { model, ...graph } = buildLossGraph({
    height: content.height,
    width: content.width,
    weights,
    selection,
    styleLoss,
    totalVariation: costWeights.totalVariation !== 0,
    convolution: options.convolution,
  });
  const feeds: Record<string, TensorValue> = styleTargetFeeds(styleTargets, graph.styleTargets);
  for (const target of graph.contentTargets) feeds[target.name] = { data: contentActivations.get(target.layer)!, dims: target.dims };
  const termWeights = createTermWeights(costWeights, selection);
  const layerConstants = selection.styleLayers.map(({ layer }) => styleTargets.constants.get(layer)!);

  const session = await runtime.createSession(model);
  const run = (pixels: Float32Array, fedWeights: Float32Array) =>
    session.run({ ...feeds, [TERM_WEIGHTS_INPUT]: { data: fedWeights, dims: [fedWeights.length] }, image: { data: pixels, dims: graph.imageDims } });
  return {
    tiles: 1,
    async evaluate(pixels) {
      const outputs = await run(pixels, termWeights.fed());
      const layerCosts = Array.from(outputs[LOSS_GRAPH_OUTPUTS.styleLayers].data, (cost, index) => cost + layerConstants[index]);
      const terms = termWeights.terms(outputs[LOSS_GRAPH_OUTPUTS.content].data[0], layerCosts, outputs[LOSS_GRAPH_OUTPUTS.totalVariation].data[0]);
      return { terms, gradient: outputs[LOSS_GRAPH_OUTPUTS.gradient].data };
    },
    async styleGradientNorms(pixels) {
      const norms: number[] = [];
      for (let layer = 0; layer < selection.styleLayers.length; layer++) {
        norms.push(sumAbs((await run(pixels, styleProbeWeights(selection, layer)))[LOSS_GRAPH_OUTPUTS.gradient].data));
      }
      return norms;
    },
    setStyleLayerFactors: (factors) => termWeights.setFactors(factors),
    release: () => session.release(),
  };
}

async function contentTargets(problem: GatysProblem, convolution: ConvolutionAlgorithm | undefined): Promise<Map<string, Float32Array>> {
  const { content, weights, selection } = problem;
  const graph = buildTargetGraph({
    height: content.height,
    width: content.width,
    weights,
    pooling: selection.pooling,
    activationLayers: selection.contentLayers,
    gramLayers: [],
    convolution,
  });
  const outputs = await runOnce(problem.runtime, graph.model, content);
  return new Map(graph.outputs.map((output) => [output.layer, outputs[output.name].data]));
}
