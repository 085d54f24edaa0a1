/**
 * The ONNX graph of a fast-style transformer network for one input size, following the architecture
 * table in `architecture.ts` (TF 'SAME' zero padding everywhere, instance norm ε = 1e-3,
 * 150·tanh(x) + 127.5, clipped to 0–255, cropped back to the input size).
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { INSTANCE_NORM_EPSILON, networkOutputSize, OUTPUT_OFFSET, OUTPUT_TANH_SCALE, type FastLayerSpec } from './architecture.js';
import type { FastLayerWeights, FastStyleCheckpoint } from './checkpoint.js';
import { onnxFilter, onnxFilterDims, samePadding, transposedSamePadding } from './kernels.js';

/** The per-channel statistics of one layer's pre-norm activation (population variance). */
export interface LayerStatistics {
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

/**
 * How the instance norms get their mean and variance:
 * - `instance`: from the input itself (the network as trained). With `exposeStatistics` the graph also
 *   outputs every layer's mean and variance (`statisticsOutputs`).
 * - `fixed`: from `statistics` (one entry per layer), folded into the conv weights and biases, which makes
 *   the network a plain local convolution stack (used for seamless tiles, see `stylize-fast.ts`).
 */
export type FastNormalization =
  | { readonly kind: 'instance'; readonly exposeStatistics?: boolean }
  | { readonly kind: 'fixed'; readonly statistics: readonly LayerStatistics[] };

/** Options of {@link buildFastStyleGraph}. */
export interface FastGraphOptions {
  readonly height: number;
  readonly width: number;
  /** Default `{ kind: 'instance' }`. */
  readonly normalization?: FastNormalization;
}

/** A built network: feed `inputName` [1,3,H,W] RGB 0–255, read `outputName` [1,3,H,W] RGB 0–255. */
export interface FastStyleGraph {
  readonly model: Uint8Array;
  readonly inputName: string;
  readonly outputName: string;
  readonly dims: readonly [1, 3, number, number];
  /** Per layer, the output names of its mean and variance ([1,C,1,1]); empty unless exposed. */
  readonly statisticsOutputs: readonly { readonly mean: string; readonly variance: string }[];
}

/** Input and output names of every fast-style graph. */
export const FAST_GRAPH_IO = { input: 'image', output: 'stylized' } as const;

interface Emitter {
  readonly graph: GraphBuilder;
  readonly normalization: FastNormalization;
  readonly statisticsOutputs: { mean: string; variance: string }[];
}

/**
 * Builds the network for a `height × width` input.
 *
 * @example
 * const graph = buildFastStyleGraph(checkpoint, { height: 29, width: 33 });
 * const session = await runtime.createSession(graph.model);
 * const { [graph.outputName]: out } = await session.run({ [graph.inputName]: { data: image.data, dims: graph.dims } });
 */
export function buildFastStyleGraph(checkpoint: FastStyleCheckpoint, options: FastGraphOptions): FastStyleGraph {
  const { height, width } = options;
  const normalization = options.normalization ?? { kind: 'instance' };
  const emitter: Emitter = { graph: new GraphBuilder('fast_style'), normalization, statisticsOutputs: [] };
  const { graph } = emitter;
  const dims = [1, 3, height, width] as const;
  let value = graph.input(FAST_GRAPH_IO.input, dims);
  let spatial: [number, number] = [height, width];
  const layerInputs: string[] = [];
  for (const layer of checkpoint.layers) {
    layerInputs.push(value);
    const conv = emitFilter(emitter, layer, value, spatial);
    value = conv.value;
    spatial = conv.spatial;
    value = emitNorm(emitter, layer, value);
    if (layer.spec.addsInputOf !== undefined) value = graph.op('Add', [value, layerInputs[layer.spec.addsInputOf]]);
    if (layer.spec.activation === 'relu') value = graph.op('Relu', [value]);
  }
  const tanh = graph.op('Tanh', [value]);
  const scaled = graph.op('Add', [graph.op('Mul', [tanh, graph.constFloat(OUTPUT_TANH_SCALE)]), graph.constFloat(OUTPUT_OFFSET)]);
  const clipped = graph.op('Clip', [scaled, graph.constFloat(0), graph.constFloat(255)]);
  const cropped =
    networkOutputSize(height) === height && networkOutputSize(width) === width
      ? clipped
      : graph.op('Slice', [clipped, graph.constInt64([0, 0]), graph.constInt64([height, width]), graph.constInt64([2, 3])]);
  graph.output(cropped, FAST_GRAPH_IO.output, dims);
  return { model: graph.toModel(), inputName: FAST_GRAPH_IO.input, outputName: FAST_GRAPH_IO.output, dims, statisticsOutputs: emitter.statisticsOutputs };
}

/** The conv or transposed conv of a layer, with its SAME padding; folds fixed statistics into weight and bias. */
function emitFilter(emitter: Emitter, layer: FastLayerWeights, input: string, [height, width]: [number, number]) {
  const { graph, normalization } = emitter;
  const { spec } = layer;
  let weights = onnxFilter(spec, layer.filter);
  const inputs = [input];
  if (normalization.kind === 'fixed') {
    const folded = foldStatistics(spec, weights, layer, normalization.statistics[spec.index]);
    weights = folded.weights;
    inputs.push(graph.initializer(`filter${spec.index}`, weights, onnxFilterDims(spec)), graph.initializer(`bias${spec.index}`, folded.bias, [spec.outChannels]));
  } else {
    inputs.push(graph.initializer(`filter${spec.index}`, weights, onnxFilterDims(spec)));
  }
  const k = spec.kernelSize;
  const padding = spec.kind === 'conv' ? samePadding : transposedSamePadding;
  const [top, bottom] = padding(height, k, spec.stride);
  const [left, right] = padding(width, k, spec.stride);
  const attributes = { kernel_shape: { ints: [k, k] }, strides: { ints: [spec.stride, spec.stride] }, pads: { ints: [top, left, bottom, right] } };
  const value = graph.op(spec.kind === 'conv' ? 'Conv' : 'ConvTranspose', inputs, attributes);
  const spatial: [number, number] =
    spec.kind === 'conv' ? [Math.ceil(height / spec.stride), Math.ceil(width / spec.stride)] : [height * spec.stride, width * spec.stride];
  return { value, spatial };
}

/** The instance norm of a layer (nothing left to do when fixed statistics were folded into the filter). */
function emitNorm(emitter: Emitter, layer: FastLayerWeights, value: string): string {
  const { graph, normalization } = emitter;
  if (normalization.kind === 'fixed') return value;
  const channels = layer.spec.outChannels;
  const scale = graph.initializer(`scale${layer.spec.index}`, layer.scale, [channels]);
  const shift = graph.initializer(`shift${layer.spec.index}`, layer.shift, [channels]);
  if (!normalization.exposeStatistics) {
    return graph.op('InstanceNormalization', [value, scale, shift], { epsilon: { float: INSTANCE_NORM_EPSILON } });
  }
  const axes = { axes: { ints: [2, 3] }, keepdims: { int: 1 } };
  const mean = graph.op('ReduceMean', [value], axes);
  const centered = graph.op('Sub', [value, mean]);
  const variance = graph.op('ReduceMean', [graph.op('Mul', [centered, centered])], axes);
  emitter.statisticsOutputs.push({
    mean: graph.output(mean, `mean${layer.spec.index}`, [1, channels, 1, 1]),
    variance: graph.output(variance, `variance${layer.spec.index}`, [1, channels, 1, 1]),
  });
  const perChannel = [1, channels, 1, 1];
  const inverseStd = graph.op('Reciprocal', [graph.op('Sqrt', [graph.op('Add', [variance, graph.constFloat(INSTANCE_NORM_EPSILON)])])]);
  const gain = graph.op('Mul', [inverseStd, graph.op('Reshape', [scale, graph.constInt64(perChannel)])]);
  return graph.op('Add', [graph.op('Mul', [centered, gain]), graph.op('Reshape', [shift, graph.constInt64(perChannel)])]);
}

/**
 * Folds `scale·(x−μ)/sqrt(σ²+ε) + shift` into the filter: with g = scale/sqrt(σ²+ε), every output
 * channel's weights are multiplied by g and the bias is `shift − g·μ`.
 */
function foldStatistics(spec: FastLayerSpec, weights: Float32Array, layer: FastLayerWeights, statistics: LayerStatistics) {
  const channels = spec.outChannels;
  const gain = Float64Array.from({ length: channels }, (_, c) => layer.scale[c] / Math.sqrt(statistics.variance[c] + INSTANCE_NORM_EPSILON));
  const bias = Float32Array.from({ length: channels }, (_, c) => layer.shift[c] - gain[c] * statistics.mean[c]);
  const folded = new Float32Array(weights.length);
  const taps = spec.kernelSize * spec.kernelSize;
  // Conv [out,in,k,k]: the output channel is the outer index; ConvTranspose [in,out,k,k]: the second.
  for (let index = 0; index < weights.length; index++) {
    const channel = spec.kind === 'conv' ? Math.floor(index / (spec.inChannels * taps)) : Math.floor(index / taps) % channels;
    folded[index] = weights[index] * gain[channel];
  }
  return { weights: folded, bias };
}
