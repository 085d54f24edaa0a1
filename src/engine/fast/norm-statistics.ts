/**
 * Instance-norm statistics of the fast-style network: folding fixed statistics into conv weights, and
 * merging statistics measured on disjoint parts of an image. Pure TypeScript.
 */
import { INSTANCE_NORM_EPSILON, type FastLayerSpec } from './architecture.js';
import type { FastLayerWeights } from './checkpoint.js';

/** The per-channel statistics of one layer's pre-norm activation (population variance). */
export interface LayerStatistics {
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

/** Statistics of one layer measured over `count` samples per channel, mergeable with others. */
export interface PartialStatistics extends LayerStatistics {
  readonly count: number;
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

/**
 * Merges statistics of disjoint sample sets into those of their union (Chan et al.'s parallel
 * variance formula, in float64), so tiles can each measure their own part of an image.
 *
 * @example
 * mergeStatistics([{ count: 2, mean: [1], variance: [1] }, { count: 2, mean: [3], variance: [1] }]) // → mean [2], variance [2]
 */
export function mergeStatistics(parts: readonly PartialStatistics[]): PartialStatistics {
  const channels = parts[0].mean.length;
  let count = 0;
  const mean = new Float64Array(channels);
  const sumSquares = new Float64Array(channels);
  for (const part of parts) {
    const total = count + part.count;
    for (let c = 0; c < channels; c++) {
      const delta = part.mean[c] - mean[c];
      sumSquares[c] += part.variance[c] * part.count + (delta * delta * count * part.count) / total;
      mean[c] += (delta * part.count) / total;
    }
    count = total;
  }
  return { count, mean: Float32Array.from(mean), variance: Float32Array.from(sumSquares, (value) => value / count) };
}
