import type { GraphBuilder } from '../onnx/graph-builder.js';
import { emitConv } from './conv-kernels.js';
import { layersUpTo, pooledSize } from './layers.js';
import type { Activation, ActivationDims, ConvLayerSpec, NetworkTable, NetworkWeights, Pooling } from './types.js';
import type { ConvolutionAlgorithm } from './winograd.js';

export type { ActivationDims } from './types.js';

/** What the forward pass recorded about one conv layer, for loss heads and the backward pass. */
export interface LayerTrace {
  readonly spec: ConvLayerSpec;
  /** The conv input (after pooling when a pooling precedes the layer). */
  readonly input: string;
  readonly inputDims: ActivationDims;
  /** When pooled: the pooling's input and output (needed for the max-pool backward). */
  readonly pool?: { readonly input: string; readonly inputDims: ActivationDims; readonly output: string };
  /** The activation after the nonlinearity. */
  readonly activation: string;
  readonly dims: ActivationDims;
}

/** Options of the forward emission. */
export interface NetworkForwardOptions {
  readonly weights: NetworkWeights;
  readonly pooling: Pooling;
  /** Every layer whose activation a loss reads; the chain stops at the deepest. */
  readonly neededLayers: readonly string[];
  /** How 3×3 convolutions are evaluated (default `auto`: Winograd where it is faster). */
  readonly convolution?: ConvolutionAlgorithm;
}

/**
 * Emits the network's preprocessing (channel order, scale, mean) and its forward pass up to the
 * deepest needed layer into `graph`. `image` is an RGB [1,3,H,W] value on the 0–255 scale.
 *
 * @example
 * const traces = emitNetworkForward(graph, 'image', 64, 48, { weights, pooling: 'avg', neededLayers: ['conv4_2'] });
 */
export function emitNetworkForward(
  graph: GraphBuilder,
  image: string,
  height: number,
  width: number,
  options: NetworkForwardOptions,
): LayerTrace[] {
  const network = options.weights.network;
  let value = emitPreprocessing(graph, image, network);
  let dims: ActivationDims = [3, height, width];
  const traces: LayerTrace[] = [];
  for (const spec of layersUpTo(network, options.neededLayers)) {
    let pool: LayerTrace['pool'];
    if (spec.pooledBefore) {
      const outDims: ActivationDims = [dims[0], pooledSize(dims[1], network.poolPadding), pooledSize(dims[2], network.poolPadding)];
      const pooled = emitPool(graph, value, dims, outDims, options.pooling);
      pool = { input: value, inputDims: dims, output: pooled };
      value = pooled;
      dims = outDims;
    }
    const conv = options.weights.layers.get(spec.name);
    if (!conv) throw new Error(`${network.displayName} weights lack layer ${spec.name}; validate weights before building graphs`);
    const preActivation = emitConv(graph, value, dims, conv, { direction: 'forward', stage: spec.stage, algorithm: options.convolution ?? 'auto', name: spec.name });
    const activation = emitActivation(graph, preActivation, spec.activation);
    const outDims: ActivationDims = [conv.outChannels, dims[1], dims[2]];
    traces.push({ spec, input: value, inputDims: dims, pool, activation, dims: outDims });
    value = activation;
    dims = outDims;
  }
  return traces;
}

/** x' = (reorder(x)·scale − mean) / std. */
function emitPreprocessing(graph: GraphBuilder, image: string, network: NetworkTable): string {
  const { channelOrder, scale, mean, std } = network.preprocessing;
  let value = channelOrder === 'bgr' ? graph.op('Gather', [image, graph.constInt64([2, 1, 0])], { axis: { int: 1 } }) : image;
  if (scale !== 1) value = graph.op('Mul', [value, graph.constFloat(scale)]);
  if (mean.some((m) => m !== 0)) value = graph.op('Sub', [value, graph.constFloat([...mean], [1, 3, 1, 1])]);
  if (std && std.some((s) => s !== 1)) value = graph.op('Div', [value, graph.constFloat([...std], [1, 3, 1, 1])]);
  return value;
}

function emitActivation(graph: GraphBuilder, value: string, activation: Activation): string {
  if (activation.kind === 'relu') return graph.op('Relu', [value]);
  if (activation.kind === 'leaky-relu') return graph.op('LeakyRelu', [value], { alpha: { float: activation.alpha } });
  return value;
}

/**
 * 2×2 stride-2 pooling; where the output is ⌈n/2⌉ (`same`), the missing bottom/right row/column
 * is padding that never wins the max and is left out of the average.
 */
function emitPool(graph: GraphBuilder, value: string, inputDims: ActivationDims, outputDims: ActivationDims, pooling: Pooling): string {
  const padBottom = 2 * outputDims[1] - inputDims[1];
  const padRight = 2 * outputDims[2] - inputDims[2];
  const attributes = {
    kernel_shape: { ints: [2, 2] },
    strides: { ints: [2, 2] },
    ...(padBottom > 0 || padRight > 0 ? { pads: { ints: [0, 0, Math.max(0, padBottom), Math.max(0, padRight)] } } : {}),
  };
  return graph.op(pooling === 'avg' ? 'AveragePool' : 'MaxPool', [value], attributes);
}
