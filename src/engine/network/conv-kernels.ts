import type { FloatSink, GraphBuilder } from '../onnx/graph-builder.js';
import { alignedInChannels, emitZeroChannels } from '../onnx/portable-ops.js';
import type { ActivationDims } from './types.js';
import type { ConvWeights } from './types.js';
import { emitWinogradConv3x3, useWinograd, type ConvolutionAlgorithm } from './winograd.js';

/**
 * Converts a Keras kernel [k,k,in,out] to the ONNX Conv layout [out,in,k,k].
 *
 * @example onnxForwardKernel(weights.layers.get('conv1_1')!) // Float32Array, out*in*k*k values
 */
export function onnxForwardKernel(conv: ConvWeights): Float32Array {
  return onnxKernel(conv, 'forward', conv.inChannels);
}

/**
 * The kernel of the backward convolution: ∂J/∂input = Conv(∂J/∂output, K′) with K′ the forward
 * kernel with input and output channels swapped and rotated by 180°, layout [in,out,k,k].
 */
export function onnxBackwardKernel(conv: ConvWeights): Float32Array {
  return onnxKernel(conv, 'backward', conv.outChannels);
}

/** {@link writeOnnxKernel} into one new array. */
function onnxKernel(conv: ConvWeights, direction: 'forward' | 'backward', channels: number): Float32Array {
  const rows = direction === 'forward' ? conv.outChannels : conv.inChannels;
  const out = new Float32Array(rows * channels * conv.kernelSize * conv.kernelSize);
  writeOnnxKernel(conv, direction, channels, (values, offset) => out.set(values, offset));
  return out;
}

/**
 * Hands `sink` the ONNX Conv kernel of `conv` one output row at a time, its input axis zero-padded
 * to `channels` (`alignedInChannels`): from the Keras kernel K[y][x][i][o] (index (t·in + i)·out + o,
 * tap t = y·k + x),
 * - forward: [out, channels, k, k], K[y][x][i][o] at (o·channels + i)·k² + t;
 * - backward: [in, channels, k, k] rotated by 180°, K[y][x][i][o] at (i·channels + o)·k² + k² − 1 − t.
 * Each row (channels·k² values, sunk at row·channels·k²) is built in a small buffer, so a kernel
 * bound for the model's bytes never exists whole in the new layout; a row's reads stay within
 * in·k² (or k²·out) cache lines, which the next row reuses.
 *
 * @example writeOnnxKernel(conv, 'forward', 4, (values, offset) => out.set(values, offset)) // conv1_1: 3 input channels, padded to 4
 */
export function writeOnnxKernel(conv: ConvWeights, direction: 'forward' | 'backward', channels: number, sink: FloatSink): void {
  const { kernel, inChannels, outChannels, kernelSize: k } = conv;
  const taps = k * k;
  const tapStride = inChannels * outChannels;
  const forward = direction === 'forward';
  const [rows, columns] = forward ? [outChannels, inChannels] : [inChannels, outChannels];
  if (channels < columns) throw new Error(`writeOnnxKernel: ${channels} channels cannot hold the kernel's ${columns}`);
  // Values past columns·k² are never written: they stay the zero channels.
  const row = new Float32Array(channels * taps);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      // The Keras index of tap 0 for (i, o) = (c, r) forward, (r, c) backward.
      const source = forward ? c * outChannels + r : r * outChannels + c;
      const destination = c * taps;
      if (forward) for (let t = 0; t < taps; t++) row[destination + t] = kernel[source + t * tapStride];
      else for (let t = 0; t < taps; t++) row[destination + taps - 1 - t] = kernel[source + t * tapStride];
    }
    sink(row, r * channels * taps);
  }
}

/**
 * Emits one k×k "same" convolution (stride 1, padding (k − 1)/2, no activation) of `input`
 * [1,C,H,W]: the forward one (with bias) or the backward one (∂J/∂input from ∂J/∂pre-activation:
 * kernel transposed and rotated, no bias), as ONNX `Conv`, or by Winograd where `algorithm` picks
 * it for a 3×3 layer.
 *
 * @example const y = emitConv(graph, x, [256, 64, 64], weights.layers.get('conv3_2')!, { direction: 'forward', stage: 3, algorithm: 'auto', name: 'conv3_2' });
 */
export function emitConv(
  graph: GraphBuilder,
  input: string,
  dims: ActivationDims,
  conv: ConvWeights,
  options: { readonly direction: 'forward' | 'backward'; readonly stage: number; readonly algorithm: ConvolutionAlgorithm; readonly name: string },
): string {
  const forward = options.direction === 'forward';
  const k = conv.kernelSize;
  const [inChannels, outChannels] = forward ? [conv.inChannels, conv.outChannels] : [conv.outChannels, conv.inChannels];
  const bias = forward ? conv.bias : undefined;
  // Zero input channels up to a multiple of 4 where WebGPU's Conv needs them (portable-ops.ts);
  // the Winograd path gets them too (its grouped 1×1 Conv has the layer's channels per group).
  const channels = alignedInChannels(inChannels);
  const aligned = emitZeroChannels(graph, input, inChannels, channels);
  if (k === 3 && useWinograd(options.algorithm, { stage: options.stage, inChannels, outChannels })) {
    // WebGPU's Winograd pieces also go wrong for some output channel counts (6 seen): zero filters
    // up to a multiple of 4, then the real channels are sliced out (real networks never need it).
    const outputs = Math.ceil(outChannels / 4) * 4;
    const rowLength = channels * k * k;
    const wideKernel = (sink: FloatSink) => {
      writeOnnxKernel(conv, options.direction, channels, sink);
      if (outputs !== outChannels) sink(new Float32Array((outputs - outChannels) * rowLength), outChannels * rowLength);
    };
    const wideBias = bias && outputs !== outChannels ? zeroOutputFilters(bias, outChannels, outputs) : bias;
    const wide = emitWinogradConv3x3(graph, aligned, [channels, dims[1], dims[2]], { inChannels: channels, outChannels: outputs, kernel: wideKernel, bias: wideBias }, options.name);
    if (outputs === outChannels) return wide;
    return graph.op('Slice', [wide, graph.constInt64([0]), graph.constInt64([outChannels]), graph.constInt64([1])]);
  }
  // Written straight into the model's bytes when it is serialised (no rearranged copy held until then).
  const kernel = graph.deferredInitializer(`${options.name}_kernel`, [outChannels, channels, k, k], (sink) => writeOnnxKernel(conv, options.direction, channels, sink));
  const inputs = [aligned, kernel];
  if (bias) inputs.push(graph.initializer(`${options.name}_bias`, bias, [outChannels]));
  const pad = (k - 1) / 2;
  return graph.op('Conv', inputs, { kernel_shape: { ints: [k, k] }, pads: { ints: [pad, pad, pad, pad] } });
}

/** `values` laid out as `outChannels` equal blocks, followed by zero blocks up to `outputs` blocks. */
function zeroOutputFilters(values: Float32Array, outChannels: number, outputs: number): Float32Array {
  if (outputs === outChannels) return values;
  const out = new Float32Array((values.length / outChannels) * outputs);
  out.set(values);
  return out;
}
