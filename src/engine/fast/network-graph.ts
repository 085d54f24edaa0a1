/**
 * The ONNX graph of a fast-style transformer network for one input size, following the architecture
 * table in `architecture.ts` (TF 'SAME' zero padding everywhere, instance norm ε = 1e-3,
 * 150·tanh(x) + 127.5, clipped to 0–255, cropped back to the input size).
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { emitSpaceToDepth } from '../onnx/portable-ops.js';
import { INSTANCE_NORM_EPSILON, networkOutputSize, OUTPUT_OFFSET, OUTPUT_TANH_SCALE } from './architecture.js';
import type { FastLayerWeights, FastStyleCheckpoint } from './checkpoint.js';
import { onnxFilter, onnxFilterDims, samePadding, transposedSamePadding } from './kernels.js';
import { foldGain, normAffine, type LayerStatistics } from './norm-statistics.js';
import { canUseSubPixel, repeatPerPhase, SUB_PIXEL_BLOCK, subPixelKernel, subPixelKernelSize } from './sub-pixel.js';

/**
 * How the instance norms get their mean and variance:
 * - `instance`: from the input itself (the network as trained). With `exposeStatistics` the graph also
 *   outputs every layer's pre-norm mean and variance (`statisticsOutputs`).
 * - `fixed`: from `statistics` (one entry per layer), folded into the conv weights and biases, which makes
 *   the network a plain local convolution stack (used for seamless tiles, see `stylize-fast.ts`).
 * - `running`: a running average over video frames, kept in the graph's inputs and outputs. Each layer
 *   normalizes with μ = r·μ_now + (1 − r)·μ_before (σ² alike), where μ_now is measured on this frame
 *   and μ_before, σ²_before and the rate r are fed (`statisticsInputs`, `rateInput`); the mixed μ and σ²
 *   are output (`statisticsOutputs`) for the next frame. r = 1 is the network as trained.
 */
export type FastNormalization =
  | { readonly kind: 'instance'; readonly exposeStatistics?: boolean }
  | { readonly kind: 'fixed'; readonly statistics: readonly LayerStatistics[] }
  | { readonly kind: 'running' };

/** Options of {@link buildFastStyleGraph}. */
export interface FastGraphOptions {
  readonly height: number;
  readonly width: number;
  /** Default `{ kind: 'instance' }`. */
  readonly normalization?: FastNormalization;
  /** Run the last 9×9 conv as SpaceToDepth → 5×5 conv → DepthToSpace (`sub-pixel.ts`): same result, faster on ONNX Runtime's CPU kernels. Default true. */
  readonly subPixel?: boolean;
}

/** A built network: feed `inputName` [1,3,H,W] RGB 0–255, read `outputName` [1,3,H,W] RGB 0–255. */
export interface FastStyleGraph {
  readonly model: Uint8Array;
  readonly inputName: string;
  readonly outputName: string;
  readonly dims: readonly [1, 3, number, number];
  /** Per layer, the output names of its pre-norm mean and variance ([1,C,1,1]); empty unless requested. */
  readonly statisticsOutputs: readonly { readonly mean: string; readonly variance: string }[];
  /** `running` only: per layer, the input names of the statistics so far ([1,C,1,1]); else empty. */
  readonly statisticsInputs: readonly { readonly mean: string; readonly variance: string }[];
  /** `running` only: the input name of the rate r ([1]). */
  readonly rateInput?: string;
}

/** The input name of a `running` graph's rate. */
const RATE_INPUT = 'statistics_rate';

/** Input and output names of every fast-style graph. */
export const FAST_GRAPH_IO = { input: 'image', output: 'stylized' } as const;

/** A layer's activation: its value name and spatial size. */
interface Activation {
  readonly value: string;
  readonly height: number;
  readonly width: number;
}

interface Emitter {
  readonly graph: GraphBuilder;
  readonly subPixel: boolean;
  readonly normalization: FastNormalization;
  readonly statisticsOutputs: { mean: string; variance: string }[];
  readonly statisticsInputs: { mean: string; variance: string }[];
  /** `running` only: the graph value of the rate r. */
  rateInput?: string;
}

/**
 * Builds the network for a `height × width` input.
 *
 * @example
 * const graph = buildFastStyleGraph(checkpoint, { height: 29, width: 33 });
 * const session = await runtime.createSession(graph.model);
 * const outputs = await session.run({ [graph.inputName]: { data: image.data, dims: graph.dims } });
 * const stylized = outputs[graph.outputName].data; // 3 × 29 × 33 values, 0–255
 */
export function buildFastStyleGraph(checkpoint: FastStyleCheckpoint, options: FastGraphOptions): FastStyleGraph {
  const { height, width } = options;
  const emitter: Emitter = {
    graph: new GraphBuilder('fast_style'),
    subPixel: options.subPixel ?? true,
    normalization: options.normalization ?? { kind: 'instance' },
    statisticsOutputs: [],
    statisticsInputs: [],
  };
  const { graph } = emitter;
  const dims = [1, 3, height, width] as const;
  let activation: Activation = { value: graph.input(FAST_GRAPH_IO.input, dims), height, width };
  if (emitter.normalization.kind === 'running') emitter.rateInput = graph.input(RATE_INPUT, [1]);
  const layerInputs: string[] = [];
  for (const layer of checkpoint.layers) {
    layerInputs.push(activation.value);
    activation = emitFilter(emitter, layer, activation);
    let value = emitNorm(emitter, layer, activation);
    if (layer.spec.addsInputOf !== undefined) value = graph.op('Add', [value, layerInputs[layer.spec.addsInputOf]]);
    if (layer.spec.activation === 'relu') value = graph.op('Relu', [value]);
    activation = { ...activation, value };
  }
  const tanh = graph.op('Tanh', [activation.value]);
  const scaled = graph.op('Add', [graph.op('Mul', [tanh, graph.constFloat(OUTPUT_TANH_SCALE)]), graph.constFloat(OUTPUT_OFFSET)]);
  const clipped = graph.op('Clip', [scaled, graph.constFloat(0), graph.constFloat(255)]);
  const cropped =
    networkOutputSize(height) === height && networkOutputSize(width) === width
      ? clipped
      : graph.op('Slice', [clipped, graph.constInt64([0, 0]), graph.constInt64([height, width]), graph.constInt64([2, 3])]);
  graph.output(cropped, FAST_GRAPH_IO.output, dims);
  return {
    model: graph.toModel(),
    inputName: FAST_GRAPH_IO.input,
    outputName: FAST_GRAPH_IO.output,
    dims,
    statisticsOutputs: emitter.statisticsOutputs,
    statisticsInputs: emitter.statisticsInputs,
    ...(emitter.rateInput ? { rateInput: emitter.rateInput } : {}),
  };
}

/** The conv or transposed conv of a layer with SAME padding; with fixed statistics the norm is folded in. */
function emitFilter(emitter: Emitter, layer: FastLayerWeights, input: Activation): Activation {
  const { graph, normalization } = emitter;
  const { spec } = layer;
  if (emitter.subPixel && canUseSubPixel(spec, input.height, input.width)) return emitSubPixelConv(emitter, layer, input);
  const weights = onnxFilter(spec, layer.filter);
  const inputs = [input.value];
  if (normalization.kind === 'fixed') {
    const { gain, offset } = normAffine(layer, normalization.statistics[spec.index]);
    inputs.push(graph.initializer(`filter${spec.index}`, foldGain(spec, weights, gain), onnxFilterDims(spec)));
    inputs.push(graph.initializer(`bias${spec.index}`, offset, [spec.outChannels]));
  } else {
    inputs.push(graph.initializer(`filter${spec.index}`, weights, onnxFilterDims(spec)));
  }
  const { kernelSize: k, stride } = spec;
  const padding = spec.kind === 'conv' ? samePadding : transposedSamePadding;
  const [top, bottom] = padding(input.height, k, stride);
  const [left, right] = padding(input.width, k, stride);
  const attributes = { kernel_shape: { ints: [k, k] }, strides: { ints: [stride, stride] }, pads: { ints: [top, left, bottom, right] } };
  const value = graph.op(spec.kind === 'conv' ? 'Conv' : 'ConvTranspose', inputs, attributes);
  if (spec.kind === 'convTranspose') return { value, height: input.height * stride, width: input.width * stride };
  return { value, height: Math.ceil(input.height / stride), width: Math.ceil(input.width / stride) };
}

/** A stride-1 9×9 conv as SpaceToDepth → 5×5 conv → DepthToSpace (see `sub-pixel.ts`); same output. */
function emitSubPixelConv(emitter: Emitter, layer: FastLayerWeights, input: Activation): Activation {
  const { graph, normalization } = emitter;
  const { spec } = layer;
  const blocksize = { blocksize: { int: SUB_PIXEL_BLOCK } };
  const phases = SUB_PIXEL_BLOCK * SUB_PIXEL_BLOCK;
  const size = subPixelKernelSize(spec);
  const dims = [phases * spec.outChannels, phases * spec.inChannels, size, size];
  const affine = normalization.kind === 'fixed' ? normAffine(layer, normalization.statistics[spec.index]) : undefined;
  const inputs = [emitSpaceToDepth(graph, input.value, [spec.inChannels, input.height, input.width], SUB_PIXEL_BLOCK), graph.initializer(`filter${spec.index}`, subPixelKernel(spec, layer.filter, affine?.gain), dims)];
  if (affine) inputs.push(graph.initializer(`bias${spec.index}`, repeatPerPhase(affine.offset), [dims[0]]));
  const radius = Math.floor(size / 2);
  const conv = graph.op('Conv', inputs, { kernel_shape: { ints: [size, size] }, pads: { ints: [radius, radius, radius, radius] } });
  return { value: graph.op('DepthToSpace', [conv], { ...blocksize, mode: { string: 'DCR' } }), height: input.height, width: input.width };
}

/** The instance norm of a layer (and the output of its statistics when asked for, or when running). */
function emitNorm(emitter: Emitter, layer: FastLayerWeights, conv: Activation): string {
  const { graph, normalization } = emitter;
  const { index, outChannels } = layer.spec;
  // With fixed statistics the filter already applies norm(x) = g·x + b.
  if (normalization.kind === 'fixed') return conv.value;
  if (normalization.kind === 'instance' && !normalization.exposeStatistics) {
    const scale = graph.initializer(`scale${index}`, layer.scale, [outChannels]);
    const shift = graph.initializer(`shift${index}`, layer.shift, [outChannels]);
    return graph.op('InstanceNormalization', [conv.value, scale, shift], { epsilon: { float: INSTANCE_NORM_EPSILON } });
  }
  const moments = emitMoments(graph, conv.value);
  const { mean, variance } = normalization.kind === 'running' ? emitRunningMoments(emitter, index, outChannels, moments) : moments;
  const centered = normalization.kind === 'running' ? graph.op('Sub', [conv.value, mean]) : moments.centered;
  exposeStatistics(emitter, index, outChannels, mean, variance);
  const inverseStd = graph.op('Reciprocal', [graph.op('Sqrt', [graph.op('Add', [variance, graph.constFloat(INSTANCE_NORM_EPSILON)])])]);
  const gain = graph.op('Mul', [inverseStd, perChannel(graph, `scale${index}`, layer.scale)]);
  return graph.op('Add', [graph.op('Mul', [centered, gain]), perChannel(graph, `shift${index}`, layer.shift)]);
}

/** μ = r·μ_now + (1 − r)·μ_before and σ² alike, with μ_before, σ²_before and r fed as inputs. */
function emitRunningMoments(emitter: Emitter, index: number, channels: number, now: { mean: string; variance: string }): { mean: string; variance: string } {
  const { graph } = emitter;
  const dims = [1, channels, 1, 1];
  const before = { mean: graph.input(`previous_mean${index}`, dims), variance: graph.input(`previous_variance${index}`, dims) };
  emitter.statisticsInputs.push(before);
  const rate = emitter.rateInput!;
  const keep = graph.op('Sub', [graph.constFloat(1), rate]);
  const mix = (current: string, previous: string) => graph.op('Add', [graph.op('Mul', [current, rate]), graph.op('Mul', [previous, keep])]);
  return { mean: mix(now.mean, before.mean), variance: mix(now.variance, before.variance) };
}

/** Per-channel mean and population variance over H×W, as [1,C,1,1] values. */
function emitMoments(graph: GraphBuilder, value: string): { mean: string; variance: string; centered: string } {
  const axes = { axes: { ints: [2, 3] }, keepdims: { int: 1 } };
  const mean = graph.op('ReduceMean', [value], axes);
  const centered = graph.op('Sub', [value, mean]);
  const variance = graph.op('ReduceMean', [graph.op('Mul', [centered, centered])], axes);
  return { mean, variance, centered };
}

function exposeStatistics(emitter: Emitter, index: number, channels: number, mean: string, variance: string): void {
  const dims = [1, channels, 1, 1];
  emitter.statisticsOutputs.push({
    mean: emitter.graph.output(mean, `mean${index}`, dims),
    variance: emitter.graph.output(variance, `variance${index}`, dims),
  });
}

function perChannel(graph: GraphBuilder, prefix: string, values: Float32Array): string {
  return graph.initializer(prefix, values, [1, values.length, 1, 1]);
}
