import type { GraphBuilder } from '../onnx/graph-builder.js';
import { alignedInChannels, emitZeroChannels, zeroChannelKernel } from '../onnx/portable-ops.js';
import type { ActivationDims } from './types.js';
import type { ConvWeights } from './types.js';
import { emitWinogradConv3x3, useWinograd, type ConvolutionAlgorithm } from './winograd.js';

/**
 * Converts a Keras kernel [k,k,in,out] to the ONNX Conv layout [out,in,k,k].
 *
 * @example onnxForwardKernel(weights.layers.get('conv1_1')!) // Float32Array, out*in*k*k values
 */
export function onnxForwardKernel(conv: ConvWeights): Float32Array {
  return transposeKernel(conv, 'forward');
}

/**
 * The kernel of the backward convolution: ∂J/∂input = Conv(∂J/∂output, K′) with K′ the forward
 * kernel with input and output channels swapped and rotated by 180°, layout [in,out,k,k].
 */
export function onnxBackwardKernel(conv: ConvWeights): Float32Array {
  return transposeKernel(conv, 'backward');
}

/**
 * Copies the Keras kernel K[y][x][i][o] (index (t·in + i)·out + o, tap t = y·k + x) to
 * - forward: [out,in,k,k], index (o·in + i)·k² + t;
 * - backward: [in,out,k,k] rotated by 180°, index (i·out + o)·k² + k² − 1 − t.
 * Loops run i, o, t so the k² values of one (i, o) are written together: the reads are k² sequential
 * streams and the writes (sequential for backward, one cache line per output channel for forward)
 * stay in the cache, where the obvious per-element order strides through the whole array.
 */
function transposeKernel(conv: ConvWeights, direction: 'forward' | 'backward'): Float32Array {
  const { kernel, inChannels, outChannels, kernelSize: k } = conv;
  const taps = k * k;
  const tapStride = inChannels * outChannels;
  const out = new Float32Array(kernel.length);
  const forward = direction === 'forward';
  for (let i = 0; i < inChannels; i++)
    for (let o = 0; o < outChannels; o++) {
      const source = i * outChannels + o;
      if (forward) {
        const destination = (o * inChannels + i) * taps;
        for (let t = 0; t < taps; t++) out[destination + t] = kernel[source + t * tapStride];
      } else {
        const last = (i * outChannels + o) * taps + taps - 1;
        for (let t = 0; t < taps; t++) out[last - t] = kernel[source + t * tapStride];
      }
    }
  return out;
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
  const kernel = () => (forward ? onnxForwardKernel(conv) : onnxBackwardKernel(conv));
  const bias = forward ? conv.bias : undefined;
  // Zero input channels up to a multiple of 4 where WebGPU's Conv needs them (portable-ops.ts);
  // the Winograd path gets them too (its grouped 1×1 Conv has the layer's channels per group).
  const channels = alignedInChannels(inChannels);
  const aligned = emitZeroChannels(graph, input, inChannels, channels);
  const alignedKernel = () => zeroChannelKernel(kernel(), outChannels, inChannels, channels, k);
  if (k === 3 && useWinograd(options.algorithm, { stage: options.stage, inChannels, outChannels })) {
    // WebGPU's Winograd pieces also go wrong for some output channel counts (6 seen): zero filters
    // up to a multiple of 4, then the real channels are sliced out (real networks never need it).
    const outputs = Math.ceil(outChannels / 4) * 4;
    const wideKernel = () => zeroOutputFilters(alignedKernel(), outChannels, outputs);
    const wideBias = bias && outputs !== outChannels ? zeroOutputFilters(bias, outChannels, outputs) : bias;
    const wide = emitWinogradConv3x3(graph, aligned, [channels, dims[1], dims[2]], { inChannels: channels, outChannels: outputs, kernel: wideKernel, bias: wideBias }, options.name);
    if (outputs === outChannels) return wide;
    return graph.op('Slice', [wide, graph.constInt64([0]), graph.constInt64([outChannels]), graph.constInt64([1])]);
  }
  const inputs = [aligned, graph.initializer(`${options.name}_kernel`, alignedKernel(), [outChannels, channels, k, k])];
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
