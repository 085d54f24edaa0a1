/**
 * The fused graph of one tile of a tiled Gatys evaluation: VGG forward over the tile window, the
 * content and style terms of the positions in the tile's core (a 0/1 mask per pooling level), and the
 * analytic backward pass to the window's pixels.
 *
 * The style cost is global (the Gram matrix sums over the whole image), so a tile cannot compute it
 * alone. With G = Σ_t G_t over tiles whose cores partition the positions,
 *   ∂/∂A_t  k·‖G − G_S‖² = 4k·(G − G_S)·A_t(core),
 * so each tile is fed D = G − G_S (the whole image's Gram from the previous evaluation minus the
 * target) and returns its own core's Gram G_t for the next D and for the exact loss, summed outside.
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { emitSum } from '../onnx/portable-ops.js';
import { emitNetworkBackward } from '../network/backward.js';
import { emitNetworkForward } from '../network/forward.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import type { NetworkWeights } from '../network/types.js';
import { neededLayers, type LayerSelection } from './layer-selection.js';
import { emitContentHead, emitGram } from './loss-heads.js';
import { TERM_WEIGHTS_INPUT, termWeight, traceOf } from './loss-graph.js';
import type { TargetInput } from './types.js';

/** A core mask the caller feeds: 1 at the core's positions at one pooling level, 0 elsewhere. */
export interface MaskInput {
  readonly name: string;
  /** Poolings before this level (0 = pixels). */
  readonly pools: number;
  readonly dims: readonly [1, 1, number, number];
}

/** The tile graph and what it expects and returns. */
export interface TileLossGraph {
  readonly model: Uint8Array;
  readonly imageDims: readonly [1, 3, number, number];
  readonly masks: readonly MaskInput[];
  /** Content activations of the whole canvas cropped to the window, [1,C,h,w]. */
  readonly contentTargets: readonly TargetInput[];
  /** D = G − G_S per style layer, [C,C]. */
  readonly gramDifferences: readonly TargetInput[];
  /** Output names of the core's Gram per style layer. */
  readonly gramOutputs: ReadonlyMap<string, string>;
}

/** Output names of the tile graph's scalar and gradient. */
export const TILE_GRAPH_OUTPUTS = { content: 'content_cost', gradient: 'gradient' } as const;

/**
 * Builds the tile graph for `tileWidth × tileHeight` windows of a `canvasWidth × canvasHeight` canvas.
 * Normalisations use the canvas's activation sizes, so the tiles' terms add up to the whole image's.
 * The content output is the core's share of the unweighted J_content; the gradient is ∂(α·J_content +
 * Σ_l w_l·J_style^l)/∂window with [α, γ, w_1 … w_L] fed as TERM_WEIGHTS_INPUT (γ unused: total
 * variation is computed outside, on the whole image).
 *
 * @example
 * const graph = buildTileLossGraph({ tileWidth: 768, tileHeight: 768, canvasWidth: 2048, canvasHeight: 960, weights, selection });
 */
export function buildTileLossGraph(spec: {
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  readonly weights: NetworkWeights;
  readonly selection: LayerSelection;
  /** How 3×3 convolutions are evaluated (default `auto`). */
  readonly convolution?: ConvolutionAlgorithm;
}): TileLossGraph {
  const { tileWidth, tileHeight, weights, selection, convolution } = spec;
  const graph = new GraphBuilder('painterly_gatys_tile');
  const imageDims = [1, 3, tileHeight, tileWidth] as const;
  const image = graph.input('image', imageDims);
  const termWeights = graph.input(TERM_WEIGHTS_INPUT, [2 + selection.styleLayers.length]);
  const traces = emitNetworkForward(graph, image, tileHeight, tileWidth, { weights, pooling: selection.pooling, neededLayers: neededLayers(selection), convolution });
  const masks = new Map<number, MaskInput>();
  const maskFor = (pools: number): string => {
    let mask = masks.get(pools);
    if (!mask) {
      const dims = [1, 1, tileHeight >> pools, tileWidth >> pools] as const;
      mask = { name: graph.input(`mask_${pools}`, dims), pools, dims };
      masks.set(pools, mask);
    }
    return mask.name;
  };
  const gradients = new Map<string, string[]>();
  const addGradient = (layer: string, gradient: string) => gradients.set(layer, [...(gradients.get(layer) ?? []), gradient]);

  const contentTargets: TargetInput[] = [];
  const contentLosses: string[] = [];
  for (const layer of selection.contentLayers) {
    const trace = traceOf(traces, layer);
    const [channels, height, width] = trace.dims;
    const pools = Math.log2(tileHeight / height);
    const canvasSize = channels * (spec.canvasHeight >> pools) * (spec.canvasWidth >> pools);
    const target = graph.input(`content_target_${layer}`, [1, channels, height, width]);
    contentTargets.push({ name: target, layer, dims: [1, channels, height, width] });
    const head = emitContentHead(graph, trace.activation, trace.dims, target, termWeight(graph, termWeights, 0), { mask: maskFor(pools), size: canvasSize });
    contentLosses.push(head.loss);
    addGradient(layer, head.gradient);
  }

  const gramDifferences: TargetInput[] = [];
  const gramOutputs = new Map<string, string>();
  for (const [index, { layer }] of selection.styleLayers.entries()) {
    const trace = traceOf(traces, layer);
    const [channels, height, width] = trace.dims;
    const pools = Math.log2(tileHeight / height);
    const canvasPositions = (spec.canvasHeight >> pools) * (spec.canvasWidth >> pools);
    const scale = 1 / (2 * channels * canvasPositions) ** 2;
    const { gram, features } = emitGram(graph, graph.op('Mul', [trace.activation, maskFor(pools)]), trace.dims);
    gramOutputs.set(layer, graph.output(gram, `gram_${layer}`, [channels, channels]));
    const difference = graph.input(`gram_difference_${layer}`, [channels, channels]);
    gramDifferences.push({ name: difference, layer, dims: [channels, channels] });
    const weightedDifference = graph.op('Mul', [difference, termWeight(graph, termWeights, 2 + index)]);
    const featureGradient = graph.op('Gemm', [weightedDifference, features], { alpha: { float: 4 * scale } });
    addGradient(layer, graph.op('Reshape', [featureGradient, graph.constInt64([1, channels, height, width])]));
  }

  const gradient = emitNetworkBackward(graph, traces, weights, selection.pooling, gradients, convolution);
  graph.output(emitSum(graph, contentLosses), TILE_GRAPH_OUTPUTS.content, []);
  graph.output(gradient, TILE_GRAPH_OUTPUTS.gradient, imageDims);
  return { model: graph.toModel(), imageDims, masks: [...masks.values()], contentTargets, gramDifferences, gramOutputs };
}
