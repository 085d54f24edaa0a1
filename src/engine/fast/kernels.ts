/**
 * Layout and padding helpers that map TensorFlow's conventions onto ONNX's, for the fast-style network.
 * Pure TypeScript.
 */
import type { FastLayerSpec } from './architecture.js';

/**
 * Reorders a TensorFlow filter into the ONNX weight layout of the layer:
 * conv `[kh,kw,in,out]` → Conv `[out,in,kh,kw]`; transposed conv `[kh,kw,out,in]` → ConvTranspose `[in,out,kh,kw]`.
 * In both cases TF's (kh, kw, a, b) element lands at ONNX (b, a, kh, kw); no flip is needed because
 * TF's conv2d_transpose is the adjoint of conv2d with the same filter, as ONNX ConvTranspose is.
 *
 * @example
 * onnxFilter(spec, checkpoint.layers[0].filter) // Float32Array laid out [32,3,9,9]
 */
export function onnxFilter(spec: FastLayerSpec, filter: Float32Array): Float32Array {
  const k = spec.kernelSize;
  const [a, b] = spec.kind === 'conv' ? [spec.inChannels, spec.outChannels] : [spec.outChannels, spec.inChannels];
  const out = new Float32Array(filter.length);
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++)
      for (let i = 0; i < a; i++)
        for (let o = 0; o < b; o++) out[((o * a + i) * k + y) * k + x] = filter[((y * k + x) * a + i) * b + o];
  return out;
}

/** The ONNX weight dims of a layer: Conv `[out,in,k,k]`, ConvTranspose `[in,out,k,k]`. */
export function onnxFilterDims(spec: FastLayerSpec): number[] {
  const k = spec.kernelSize;
  return spec.kind === 'conv' ? [spec.outChannels, spec.inChannels, k, k] : [spec.inChannels, spec.outChannels, k, k];
}

/**
 * TensorFlow 'SAME' padding of a conv along one axis of `sizePx`: the output has ⌈n/stride⌉ samples and
 * the odd extra pixel of padding goes after (bottom/right). Returns [before, after].
 *
 * @example
 * samePadding(64, 3, 2) // → [0, 1]
 * samePadding(65, 3, 2) // → [1, 1]
 * samePadding(65, 9, 1) // → [4, 4]
 */
export function samePadding(sizePx: number, kernelSize: number, stride: number): [number, number] {
  const outSize = Math.ceil(sizePx / stride);
  const total = Math.max((outSize - 1) * stride + kernelSize - sizePx, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * The ONNX ConvTranspose pads equal to TensorFlow's `conv2d_transpose(..., padding='SAME')` with output
 * size `stride · n`: the adjoint of the SAME conv from `stride · n` down to `n` keeps that conv's
 * `before` padding and crops the rest of the full `(n−1)·stride + k` output at the end.
 *
 * @example
 * transposedSamePadding(16, 3, 2) // → [0, 1]: full output 33, cropped to 32
 */
export function transposedSamePadding(sizePx: number, kernelSize: number, stride: number): [number, number] {
  const outSize = sizePx * stride;
  const [before] = samePadding(outSize, kernelSize, stride);
  return [before, (sizePx - 1) * stride + kernelSize - outSize - before];
}
