import type { WinogradConv } from './winograd.js';
import type { ConvWeights } from './weights.js';

/**
 * Converts a Keras kernel [3,3,in,out] to the ONNX Conv layout [out,in,3,3].
 *
 * @example onnxForwardKernel(weights.layers.get('conv1_1')!) // Float32Array, out*in*9 values
 */
export function onnxForwardKernel(conv: ConvWeights): Float32Array {
  const { inChannels } = conv;
  return rearrange(conv, (y, x, i, o) => ((o * inChannels + i) * 3 + y) * 3 + x);
}

/**
 * The kernel of the backward convolution: ∂J/∂input = Conv(∂J/∂output, K′) with K′ the forward
 * kernel with input and output channels swapped and rotated by 180°, layout [in,out,3,3].
 */
export function onnxBackwardKernel(conv: ConvWeights): Float32Array {
  const { outChannels } = conv;
  return rearrange(conv, (y, x, i, o) => ((i * outChannels + o) * 3 + (2 - y)) * 3 + (2 - x));
}

/** Copies the Keras kernel K[y][x][i][o] to `destination(y, x, i, o)` in a new array. */
function rearrange(conv: ConvWeights, destination: (y: number, x: number, i: number, o: number) => number): Float32Array {
  const { kernel, inChannels, outChannels } = conv;
  const out = new Float32Array(kernel.length);
  let source = 0;
  for (let y = 0; y < 3; y++)
    for (let x = 0; x < 3; x++)
      for (let i = 0; i < inChannels; i++)
        for (let o = 0; o < outChannels; o++) out[destination(y, x, i, o)] = kernel[source++];
  return out;
}

/** The forward (with bias) or backward (no bias) convolution of `conv`, for emitWinogradConv3x3; kernels are rearranged on demand. */
export function winogradConvOf(conv: ConvWeights, direction: 'forward' | 'backward'): WinogradConv {
  return direction === 'forward'
    ? { outChannels: conv.outChannels, inChannels: conv.inChannels, kernel: () => onnxForwardKernel(conv), bias: conv.bias }
    : { outChannels: conv.inChannels, inChannels: conv.outChannels, kernel: () => onnxBackwardKernel(conv) };
}
