/**
 * Small pure operations on flow fields: resizing (so the flow can be estimated at a reduced size and
 * applied at the frame's) and the measures the benchmark reports against a known flow.
 */
import type { RgbImage } from '../image.js';
import type { FlowField } from './types.js';
import { warpImage } from './warp.js';

/**
 * `flow` resampled to `width × height` (bilinear, pixel centres aligned), its vectors scaled by the
 * size ratio so they stay in the new size's pixels.
 *
 * @example resizeFlow(flowAt320x180, 640, 360).dx[0] // ≈ 2 × flowAt320x180.dx[0]
 */
export function resizeFlow(flow: FlowField, width: number, height: number): FlowField {
  if (flow.width === width && flow.height === height) return flow;
  const scaleX = width / flow.width;
  const scaleY = height / flow.height;
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  const columns = samplePositions(width, flow.width);
  const rows = samplePositions(height, flow.height);
  for (let y = 0; y < height; y++) {
    const top = rows.lower[y] * flow.width;
    const bottom = rows.upper[y] * flow.width;
    const fy = rows.fraction[y];
    for (let x = 0; x < width; x++) {
      const left = columns.lower[x];
      const right = columns.upper[x];
      const fx = columns.fraction[x];
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const p = y * width + x;
      dx[p] = scaleX * (w00 * flow.dx[top + left] + w01 * flow.dx[top + right] + w10 * flow.dx[bottom + left] + w11 * flow.dx[bottom + right]);
      dy[p] = scaleY * (w00 * flow.dy[top + left] + w01 * flow.dy[top + right] + w10 * flow.dy[bottom + left] + w11 * flow.dy[bottom + right]);
    }
  }
  return { width, height, dx, dy };
}

/** For each of `size` target pixels, the two source pixels and the weight of the upper one (centres aligned, clamped). */
function samplePositions(size: number, sourceSize: number): { lower: Int32Array; upper: Int32Array; fraction: Float32Array } {
  const lower = new Int32Array(size);
  const upper = new Int32Array(size);
  const fraction = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const position = Math.min(sourceSize - 1, Math.max(0, ((i + 0.5) * sourceSize) / size - 0.5));
    lower[i] = Math.floor(position);
    upper[i] = Math.min(sourceSize - 1, lower[i] + 1);
    fraction[i] = position - lower[i];
  }
  return { lower, upper, fraction };
}

/**
 * Mean endpoint error |estimated − truth| in pixels over the pixels where `mask` (when given) is non-zero.
 *
 * @example endpointError(estimated, known, visible) // → 0.4
 */
export function endpointError(estimated: FlowField, truth: FlowField, mask?: Float32Array): number {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < truth.dx.length; p++) {
    if (mask && mask[p] === 0) continue;
    sum += Math.hypot(estimated.dx[p] - truth.dx[p], estimated.dy[p] - truth.dy[p]);
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * Flicker between consecutive output frames: mean |O_t(p) − O_{t−1}(p + f(p))| over the channels of
 * the pixels where `mask` (when given) is non-zero, on the 0–255 scale. With the true flow and the
 * visible-in-both mask of a test clip, a perfectly coherent video scores about 0 (resampling only).
 *
 * @example flicker(output[t], output[t - 1], knownFlow[t], visible[t]) // → 3.2
 */
export function flicker(current: RgbImage, previous: RgbImage, flow: FlowField, mask?: Float32Array): number {
  const warped = warpImage(previous, flow);
  const plane = current.width * current.height;
  let sum = 0;
  let count = 0;
  for (let p = 0; p < plane; p++) {
    if (mask && mask[p] === 0) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(current.data[c * plane + p] - warped.data[c * plane + p]);
    count += 3;
  }
  return count === 0 ? 0 : sum / count;
}
