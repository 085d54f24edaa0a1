import { GraphBuilder } from '../onnx/graph-builder.js';
import { emitSum } from '../onnx/portable-ops.js';
import { emitNetworkBackward } from '../network/backward.js';
import { emitNetworkForward, type LayerTrace } from '../network/forward.js';
import type { ActivationDims } from '../network/types.js';
import type { NetworkWeights } from '../network/types.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import { emitContentHead, emitStyleHead, emitTotalVariationHead } from './loss-heads.js';
import { neededLayers, type LayerSelection } from './layer-selection.js';
import type { StyleLossKind, TargetInput } from './types.js';
import { emitW2Head } from './w2-head.js';

/** The fused per-iteration graph and what it expects. */
export interface LossGraph {
  readonly model: Uint8Array;
  readonly imageDims: readonly [1, 3, number, number];
  /** Content activations a_C, [1,C,H,W], one per content layer. */
  readonly contentTargets: readonly TargetInput[];
  /** The painting's side per style layer: blended Grams [C,C] (`gram`), or means [C] and covariance Cholesky factors [C,C] (`w2`). */
  readonly styleTargets: readonly StyleTargetInput[];
}

/** A style layer's target input: which statistic of the painting it holds. */
export interface StyleTargetInput extends TargetInput {
  readonly statistic: 'gram' | 'mean' | 'covarianceFactor';
}

/** Names of the fused graph's outputs. */
export const LOSS_GRAPH_OUTPUTS = {
  content: 'content_cost',
  /** [L]: each style layer's unweighted J_style^l (for `w2` without its constant tr Σ_S). */
  styleLayers: 'style_layer_costs',
  totalVariation: 'tv_cost',
  gradient: 'gradient',
} as const;

/**
 * The graph input every run feeds: [α, γ, w_1 … w_L], the weights the gradient is taken for
 * (w_l = β·λ_l times the layer's balance factor). Fed, not baked in, so one graph serves the
 * balance probe (one layer at a time) and the run.
 */
export const TERM_WEIGHTS_INPUT = 'term_weights';

/** The [1]-shaped slice `index` of the term-weights input. */
export function termWeight(graph: GraphBuilder, termWeights: string, index: number): string {
  return graph.op('Slice', [termWeights, graph.constInt64([index]), graph.constInt64([index + 1]), graph.constInt64([0])]);
}

/**
 * Builds the fused graph of one optimization step: the network's forward pass to the deepest needed
 * layer, the content, style (`gram` or `w2`) and total-variation heads, and the analytic backward
 * pass, so one session run returns the unweighted J_content, each layer's J_style^l, TV and ∂J/∂image
 * for J = α·J_content + Σ_l w_l·J_style^l + γ·TV with the fed term weights.
 *
 * @example
 * const graph = buildLossGraph({ height: 256, width: 384, weights, selection: DEFAULT_LAYER_SELECTION, styleLoss: 'gram', totalVariation: false });
 */
export function buildLossGraph(spec: {
  readonly height: number;
  readonly width: number;
  readonly weights: NetworkWeights;
  readonly selection: LayerSelection;
  readonly styleLoss: StyleLossKind;
  /** Whether the graph has a total-variation term (its weight γ is fed). */
  readonly totalVariation: boolean;
  /** How 3×3 convolutions are evaluated (default `auto`). */
  readonly convolution?: ConvolutionAlgorithm;
}): LossGraph {
  const { height, width, weights, selection, styleLoss, convolution } = spec;
  const graph = new GraphBuilder('painterly_gatys_step');
  const imageDims = [1, 3, height, width] as const;
  const image = graph.input('image', imageDims);
  const termWeights = graph.input(TERM_WEIGHTS_INPUT, [2 + selection.styleLayers.length]);
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
    const head = emitContentHead(graph, trace.activation, trace.dims, target, termWeight(graph, termWeights, 0));
    contentLosses.push(head.loss);
    addGradient(layer, head.gradient);
  }

  const styleTargets: StyleTargetInput[] = [];
  const styleLosses: string[] = [];
  selection.styleLayers.forEach(({ layer }, index) => {
    const trace = traceOf(traces, layer);
    const channels = trace.dims[0];
    const weight = termWeight(graph, termWeights, 2 + index);
    const targetInput = (statistic: StyleTargetInput['statistic'], dims: readonly number[]) => {
      const name = graph.input(`style_${statistic}_${layer}`, dims);
      styleTargets.push({ name, layer, dims, statistic });
      return name;
    };
    const head =
      styleLoss === 'w2'
        ? emitW2Head(graph, trace.activation, trace.dims, { mean: targetInput('mean', [channels]), covarianceFactor: targetInput('covarianceFactor', [channels, channels]) }, weight)
        : emitStyleHead(graph, trace.activation, trace.dims, targetInput('gram', [channels, channels]), weight);
    styleLosses.push(graph.op('Reshape', [head.loss, graph.constInt64([1])]));
    addGradient(layer, head.gradient);
  });

  let gradient = emitNetworkBackward(graph, traces, weights, selection.pooling, gradients, convolution);
  // Without TV the output is a computed 0 (an output fed straight from a constant gets folded, and ORT warns).
  let tvLoss = graph.op('ReduceSum', [graph.op('Mul', [termWeights, graph.constFloat(0)])], { keepdims: { int: 0 } });
  if (spec.totalVariation) {
    const tv = emitTotalVariationHead(graph, image, height, width, termWeight(graph, termWeights, 1));
    gradient = graph.op('Add', [gradient, tv.gradient]);
    tvLoss = tv.loss;
  }

  graph.output(sumOf(graph, contentLosses), LOSS_GRAPH_OUTPUTS.content, []);
  const styleLayerCosts = styleLosses.length === 1 ? styleLosses[0] : graph.op('Concat', styleLosses, { axis: { int: 0 } });
  graph.output(styleLayerCosts, LOSS_GRAPH_OUTPUTS.styleLayers, [styleLosses.length]);
  graph.output(tvLoss, LOSS_GRAPH_OUTPUTS.totalVariation, []);
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
  return emitSum(graph, values);
}
