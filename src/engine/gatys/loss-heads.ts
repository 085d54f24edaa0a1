import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { ActivationDims } from '../network/types.js';

/** A loss term's scalar value (unweighted) and the weighted gradient it sends back. */
export interface LossHead {
  readonly loss: string;
  readonly gradient: string;
}

const keepNoDims = { keepdims: { int: 0 } } as const;

/**
 * Content cost at one layer: J = Σ(a_C − a_G)² / (4·nH·nW·nC); sends back `weight`·∂J/∂a_G =
 * `weight`·(a_G − a_C) / (2·nH·nW·nC), `weight` being a graph value of shape [1] (fed every run, so
 * one graph serves any weights). For a tile, `tile.mask` (0/1, broadcast over channels) keeps only
 * the core's positions and `tile.size` is the whole image's nH·nW·nC, so the tiles' terms add up.
 *
 * @example const head = emitContentHead(graph, trace.activation, trace.dims, 'content_target_conv4_2', alpha);
 */
export function emitContentHead(
  graph: GraphBuilder,
  activation: string,
  dims: ActivationDims,
  target: string,
  weight: string,
  tile?: { readonly mask: string; readonly size: number },
): LossHead {
  const size = tile?.size ?? dims[0] * dims[1] * dims[2];
  const fullDifference = graph.op('Sub', [activation, target]);
  const difference = tile ? graph.op('Mul', [fullDifference, tile.mask]) : fullDifference;
  const sumOfSquares = graph.op('ReduceSumSquare', [difference], keepNoDims);
  const gradientScale = graph.op('Mul', [weight, graph.constFloat(1 / (2 * size))]);
  return {
    loss: graph.op('Mul', [sumOfSquares, graph.constFloat(1 / (4 * size))]),
    gradient: graph.op('Mul', [difference, gradientScale]),
  };
}

/** Emits the Gram matrix AᵀA ([C,C]) of an activation [1,C,H,W], A being the (H·W)×C matrix. */
export function emitGram(graph: GraphBuilder, activation: string, dims: ActivationDims): { gram: string; features: string } {
  const [channels, height, width] = dims;
  const features = graph.op('Reshape', [activation, graph.constInt64([channels, height * width])]);
  return { gram: graph.op('Gemm', [features, features], { transB: { int: 1 } }), features };
}

/**
 * Style cost at one layer: J = Σ(G_S − G_G)² / (2·nH·nW·nC)²; sends back
 * `weight`·∂J/∂A = `weight`·4k·(G_G − G_S)·A with k = 1/(2·nH·nW·nC)², `weight` a graph value of shape [1].
 *
 * @example const head = emitStyleHead(graph, trace.activation, trace.dims, 'style_gram_conv1_1', layerWeight);
 */
export function emitStyleHead(
  graph: GraphBuilder,
  activation: string,
  dims: ActivationDims,
  targetGram: string,
  weight: string,
): LossHead {
  const [channels, height, width] = dims;
  const scale = 1 / (2 * channels * height * width) ** 2;
  const { gram, features } = emitGram(graph, activation, dims);
  const difference = graph.op('Sub', [gram, targetGram]);
  const sumOfSquares = graph.op('ReduceSumSquare', [difference], keepNoDims);
  const weightedDifference = graph.op('Mul', [difference, weight]);
  const featureGradient = graph.op('Gemm', [weightedDifference, features], { alpha: { float: 4 * scale } });
  return {
    loss: graph.op('Mul', [sumOfSquares, graph.constFloat(scale)]),
    gradient: graph.op('Reshape', [featureGradient, graph.constInt64([1, channels, height, width])]),
  };
}

/**
 * Total variation of the RGB [1,3,H,W] image on the 0–255 scale:
 * TV = [Σ(x[i+1,j] − x[i,j])² + Σ(x[i,j+1] − x[i,j])²] / (H·W·3); sends back `weight`·∂TV/∂x
 * (`weight` a graph value of shape [1]).
 */
export function emitTotalVariationHead(
  graph: GraphBuilder,
  image: string,
  height: number,
  width: number,
  weight: string,
): LossHead {
  const normaliser = 1 / (height * width * 3);
  const vertical = neighbourDifference(graph, image, 2, height);
  const horizontal = neighbourDifference(graph, image, 3, width);
  const sum = graph.op('Add', [
    graph.op('ReduceSumSquare', [vertical], keepNoDims),
    graph.op('ReduceSumSquare', [horizontal], keepNoDims),
  ]);
  const gradient = graph.op('Add', [
    differenceGradient(graph, vertical, 2, height),
    differenceGradient(graph, horizontal, 3, width),
  ]);
  return {
    loss: graph.op('Mul', [sum, graph.constFloat(normaliser)]),
    gradient: graph.op('Mul', [gradient, graph.op('Mul', [weight, graph.constFloat(2 * normaliser)])]),
  };
}

/** D[k] = x[k+1] − x[k] along `axis` (length `size` − 1). */
function neighbourDifference(graph: GraphBuilder, image: string, axis: number, size: number): string {
  const later = slice(graph, image, axis, 1, size);
  const earlier = slice(graph, image, axis, 0, size - 1);
  return graph.op('Sub', [later, earlier]);
}

/** ∂ΣD²/∂x[k] / 2 = D[k−1] − D[k], with D[−1] = D[size−1] = 0. */
function differenceGradient(graph: GraphBuilder, difference: string, axis: number, size: number): string {
  const pads = [0, 0, 0, 0, 0, 0, 0, 0];
  pads[axis] = 1;
  pads[axis + 4] = 1;
  const padded = graph.op('Pad', [difference, graph.constInt64(pads)]);
  return graph.op('Sub', [slice(graph, padded, axis, 0, size), slice(graph, padded, axis, 1, size + 1)]);
}

function slice(graph: GraphBuilder, value: string, axis: number, start: number, end: number): string {
  return graph.op('Slice', [value, graph.constInt64([start]), graph.constInt64([end]), graph.constInt64([axis])]);
}
