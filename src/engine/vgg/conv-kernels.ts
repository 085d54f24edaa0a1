import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { ActivationDims } from './forward.js';
import type { ConvWeights } from './weights.js';
import { emitWinogradConv3x3, useWinograd, type ConvolutionAlgorithm } from './winograd.js';

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

/**
 * Emits one VGG 3×3 convolution (stride 1, padding 1, no activation) of `input` [1,C,H,W]: the
 * forward one (with bias) or the backward one (∂J/∂input from ∂J/∂pre-activation: kernel transposed
 * and rotated, no bias), as ONNX `Conv` or by Winograd where `algorithm` picks it for the layer.
 *
 * @example const y = emitConv3x3(graph, x, [256, 64, 64], weights.layers.get('conv3_2')!, { direction: 'forward', block: 3, algorithm: 'auto', name: 'conv3_2' });
 */
export function emitConv3x3(
  graph: GraphBuilder,
  input: string,
  dims: ActivationDims,
  conv: ConvWeights,
  options: { readonly direction: 'forward' | 'backward'; readonly block: number; readonly algorithm: ConvolutionAlgorithm; readonly name: string },
): string {
  const forward = options.direction === 'forward';
  const [inChannels, outChannels] = forward ? [conv.inChannels, conv.outChannels] : [conv.outChannels, conv.inChannels];
  const kernel = () => (forward ? onnxForwardKernel(conv) : onnxBackwardKernel(conv));
  const bias = forward ? conv.bias : undefined;
  if (useWinograd(options.algorithm, { block: options.block, inChannels, outChannels })) {
    return emitWinogradConv3x3(graph, input, dims, { inChannels, outChannels, kernel, bias }, options.name);
  }
  const inputs = [input, graph.initializer(`${options.name}_kernel`, kernel(), [outChannels, inChannels, 3, 3])];
  if (bias) inputs.push(graph.initializer(`${options.name}_bias`, bias, [outChannels]));
  return graph.op('Conv', inputs, { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } });
}
