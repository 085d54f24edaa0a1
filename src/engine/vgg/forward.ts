import type { GraphBuilder } from '../onnx/graph-builder.js';
import { layersUpTo, pooledSize, type Pooling, type VggLayerSpec } from './architecture.js';
import { emitConv3x3 } from './conv-kernels.js';
import type { ConvolutionAlgorithm } from './winograd.js';
import type { VggWeights } from './weights.js';

/** Keras "caffe" preprocessing: per-channel means of ImageNet in B, G, R order (0–255 scale). */
export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/** Shape of an activation, batch of one: [channels, height, width]. */
export type ActivationDims = readonly [number, number, number];

/** What the forward pass recorded about one conv layer, for loss heads and the backward pass. */
export interface LayerTrace {
  readonly spec: VggLayerSpec;
  /** The conv input (after pooling when the layer is first in its block). */
  readonly input: string;
  readonly inputDims: ActivationDims;
  /** When pooled: the pooling's input and output (needed for the max-pool backward). */
  readonly pool?: { readonly input: string; readonly inputDims: ActivationDims; readonly output: string };
  /** The activation after ReLU. */
  readonly activation: string;
  readonly dims: ActivationDims;
}

/** Options of the forward emission. */
export interface VggForwardOptions {
  readonly weights: VggWeights;
  readonly pooling: Pooling;
  /** Every layer whose activation a loss reads; the stack stops at the deepest. */
  readonly neededLayers: readonly string[];
  /** How 3×3 convolutions are evaluated (default `auto`: Winograd where it is faster). */
  readonly convolution?: ConvolutionAlgorithm;
}

/**
 * Emits preprocessing (RGB→BGR, mean subtraction) and the VGG19 forward pass up to the deepest
 * needed layer into `graph`. `image` is an RGB [1,3,H,W] value on the 0–255 scale.
 *
 * @example
 * const traces = emitVggForward(graph, 'image', 64, 48, { weights, pooling: 'avg', neededLayers: ['conv4_2'] });
 */
export function emitVggForward(
  graph: GraphBuilder,
  image: string,
  height: number,
  width: number,
  options: VggForwardOptions,
): LayerTrace[] {
  const bgr = graph.op('Gather', [image, graph.constInt64([2, 1, 0])], { axis: { int: 1 } });
  let value = graph.op('Sub', [bgr, graph.constFloat([...CAFFE_MEAN_BGR], [1, 3, 1, 1])]);
  let dims: ActivationDims = [3, height, width];
  const traces: LayerTrace[] = [];
  for (const spec of layersUpTo(options.neededLayers)) {
    let pool: LayerTrace['pool'];
    if (spec.pooledBefore) {
      const pooled = emitPool(graph, value, options.pooling);
      pool = { input: value, inputDims: dims, output: pooled };
      value = pooled;
      dims = [dims[0], pooledSize(dims[1]), pooledSize(dims[2])];
    }
    const conv = options.weights.layers.get(spec.name);
    if (!conv) throw new Error(`VGG weights lack layer ${spec.name}; validate weights before building graphs`);
    const preActivation = emitConv3x3(graph, value, dims, conv, { direction: 'forward', block: spec.block, algorithm: options.convolution ?? 'auto', name: spec.name });
    const activation = graph.op('Relu', [preActivation]);
    const outDims: ActivationDims = [conv.outChannels, dims[1], dims[2]];
    traces.push({ spec, input: value, inputDims: dims, pool, activation, dims: outDims });
    value = activation;
    dims = outDims;
  }
  return traces;
}

function emitPool(graph: GraphBuilder, value: string, pooling: Pooling): string {
  const attributes = { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } };
  return graph.op(pooling === 'avg' ? 'AveragePool' : 'MaxPool', [value], attributes);
}
