import { GraphBuilder } from '../onnx/graph-builder.js';
import { emitNetworkBackward } from '../network/backward.js';
import { emitNetworkForward, type ActivationDims, type LayerTrace } from '../network/forward.js';
import type { NetworkWeights } from '../network/types.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import { emitContentHead, emitStyleHead, emitTotalVariationHead } from './loss-heads.js';
import { neededLayers, type LayerSelection } from './layer-selection.js';

/** The cost weights J = α·J_content + β·J_style + γ·TV. */
export interface CostWeights {
  readonly content: number;
  readonly style: number;
  readonly totalVariation: number;
}

/** A graph input the caller feeds every run, with its shape. */
export interface TargetInput {
  readonly name: string;
  readonly layer: string;
  readonly dims: readonly number[];
}

/** The fused per-iteration graph and what it expects. */
export interface LossGraph {
  readonly model: Uint8Array;
  readonly imageDims: readonly [1, 3, number, number];
  /** Content activations a_C, [1,C,H,W], one per content layer. */
  readonly contentTargets: readonly TargetInput[];
  /** Blended style Grams, [C,C], one per style layer. */
  readonly styleTargets: readonly TargetInput[];
}

/** Names of the fused graph's outputs. */
export const LOSS_GRAPH_OUTPUTS = {
  content: 'content_cost',
  style: 'style_cost',
  totalVariation: 'tv_cost',
  gradient: 'gradient',
} as const;

/**
 * Builds the fused graph of one optimization step: VGG forward to the deepest needed layer, the
 * content, style and total-variation heads, and the analytic backward pass, so one session run
 * returns the unweighted J_content, J_style (Σ_l λ_l·J_style^l against the blended Gram), TV and
 * ∂J/∂image for the weighted J.
 *
 * @example
 * const graph = buildLossGraph({ height: 256, width: 384, weights, selection: DEFAULT_LAYER_SELECTION, costWeights: { content: 10, style: 40, totalVariation: 0 } });
 */
export function buildLossGraph(spec: {
  readonly height: number;
  readonly width: number;
  readonly weights: NetworkWeights;
  readonly selection: LayerSelection;
  readonly costWeights: CostWeights;
  /** How 3×3 convolutions are evaluated (default `auto`). */
  readonly convolution?: ConvolutionAlgorithm;
}): LossGraph {
  const { height, width, weights, selection, costWeights, convolution } = spec;
  const graph = new GraphBuilder('painterly_gatys_step');
  const imageDims = [1, 3, height, width] as const;
  const image = graph.input('image', imageDims);
  const traces = emitNetworkForward(graph, image, height, width, {
    weights,
    pooling: selection.pooling,
    neededLayers: neededLayers(selection),
    convolution,
  });
  const gradients = new Map<string, string[]>();
  const addGradient = (layer: string, gradient: string) => gradients.set(layer, [...(gradients.get(layer) ?? []), gradient]);

  const contentTargets: TargetInput[] = [];
  const contentLosses: string[] = [];
  for (const layer of selection.contentLayers) {
    const trace = traceOf(traces, layer);
    const target = graph.input(`content_target_${layer}`, [1, ...trace.dims]);
    contentTargets.push({ name: target, layer, dims: [1, ...trace.dims] });
    const head = emitContentHead(graph, trace.activation, trace.dims, target, costWeights.content);
    contentLosses.push(head.loss);
    addGradient(layer, head.gradient);
  }

  const styleTargets: TargetInput[] = [];
  const styleLosses: string[] = [];
  for (const { layer, weight } of selection.styleLayers) {
    const trace = traceOf(traces, layer);
    const channels = trace.dims[0];
    const target = graph.input(`style_gram_${layer}`, [channels, channels]);
    styleTargets.push({ name: target, layer, dims: [channels, channels] });
    const head = emitStyleHead(graph, trace.activation, trace.dims, target, costWeights.style * weight);
    styleLosses.push(graph.op('Mul', [head.loss, graph.constFloat(weight)]));
    addGradient(layer, head.gradient);
  }

  const tv = emitTotalVariationHead(graph, image, height, width, costWeights.totalVariation);
  let gradient = emitNetworkBackward(graph, traces, weights, selection.pooling, gradients, convolution);
  if (costWeights.totalVariation !== 0) gradient = graph.op('Add', [gradient, tv.gradient]);

  graph.output(sumOf(graph, contentLosses), LOSS_GRAPH_OUTPUTS.content, []);
  graph.output(sumOf(graph, styleLosses), LOSS_GRAPH_OUTPUTS.style, []);
  graph.output(tv.loss, LOSS_GRAPH_OUTPUTS.totalVariation, []);
  graph.output(gradient, LOSS_GRAPH_OUTPUTS.gradient, imageDims);
  return { model: graph.toModel(), imageDims, contentTargets, styleTargets };
}

/** The forward trace of `layer`, which the selection guarantees was emitted. */
export function traceOf(traces: readonly LayerTrace[], layer: string): LayerTrace & { dims: ActivationDims } {
  const trace = traces.find((candidate) => candidate.spec.name === layer);
  if (!trace) throw new Error(`layer ${layer} is not in the forward graph`);
  return trace;
}

function sumOf(graph: GraphBuilder, values: readonly string[]): string {
  if (values.length === 0) return graph.constFloat(0);
  return values.length === 1 ? values[0] : graph.op('Sum', values);
}
