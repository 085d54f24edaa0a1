/**
 * Instance-norm statistics of the fast-style network, and folding fixed statistics into conv weights.
 * Pure TypeScript.
 */
import { INSTANCE_NORM_EPSILON, type FastLayerSpec } from './architecture.js';
import type { FastLayerWeights } from './checkpoint.js';

/** The per-channel statistics of one layer's pre-norm activation (population variance). */
export interface LayerStatistics {
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

/**
 * The per-channel gain g = scale / sqrt(σ² + ε) and offset b = shift − g·μ of a layer's instance norm
 * with fixed statistics, so that norm(x) = g·x + b.
 *
 * @example
 * const { gain, offset } = normAffine(checkpoint.layers[0], statistics[0]);
 */
export function normAffine(layer: FastLayerWeights, statistics: LayerStatistics): { gain: Float32Array; offset: Float32Array } {
  const channels = layer.spec.outChannels;
  const gain = new Float32Array(channels);
  const offset = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const g = layer.scale[c] / Math.sqrt(statistics.variance[c] + INSTANCE_NORM_EPSILON);
    gain[c] = g;
    offset[c] = layer.shift[c] - g * statistics.mean[c];
  }
  return { gain, offset };
}

/**
 * Multiplies every output channel of an ONNX filter (Conv `[out,in,k,k]`, ConvTranspose `[in,out,k,k]`)
 * by `gain`, so that `conv(x; folded) + offset` equals the layer's norm with fixed statistics.
 *
 * @example
 * const folded = foldGain(spec, onnxFilter(spec, layer.filter), gain);
 */
export function foldGain(spec: FastLayerSpec, weights: Float32Array, gain: Float32Array): Float32Array {
  const taps = spec.kernelSize * spec.kernelSize;
  const folded = new Float32Array(weights.length);
  for (let index = 0; index < weights.length; index++) {
    const channel = spec.kind === 'conv' ? Math.floor(index / (spec.inChannels * taps)) : Math.floor(index / taps) % spec.outChannels;
    folded[index] = weights[index] * gain[channel];
  }
  return folded;
}
