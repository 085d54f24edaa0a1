/**
 * Backward warping along a flow field, with bilinear sampling (positions outside the image take the
 * nearest border pixel).
 */
import type { RgbImage } from '../image.js';
import type { FlowField } from './types.js';

/**
 * `image` seen through `flow`: out(p) = image(p + f(p)), bilinear, per channel. The flow has the image's size.
 *
 * @example
 * const warped = warpImage(previousResult, backwardFlow); // previousResult moved into the current frame
 */
export function warpImage(image: RgbImage, flow: FlowField): RgbImage {
  const { width, height } = image;
  if (flow.width !== width || flow.height !== height) throw new Error(`warp: a ${flow.width}×${flow.height} flow for a ${width}×${height} image`);
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  const source = image.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const sx = Math.min(width - 1, Math.max(0, x + flow.dx[p]));
      const sy = Math.min(height - 1, Math.max(0, y + flow.dy[p]));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(width - 1, x0 + 1);
      const y1 = Math.min(height - 1, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const i00 = y0 * width + x0;
      const i01 = y0 * width + x1;
      const i10 = y1 * width + x0;
      const i11 = y1 * width + x1;
      for (let c = 0; c < 3; c++) {
        const o = c * plane;
        data[o + p] = w00 * source[o + i00] + w01 * source[o + i01] + w10 * source[o + i10] + w11 * source[o + i11];
      }
    }
  }
  return { width, height, data };
}

/**
 * A flow field's value at a real position (bilinear, clamped to the field), e.g. the forward flow at p + w(p).
 *
 * @example sampleFlow(forward, 10.5, 4.25) // → [dx, dy]
 */
export function sampleFlow(flow: FlowField, x: number, y: number): [number, number] {
  const { width, height } = flow;
  const sx = Math.min(width - 1, Math.max(0, x));
  const sy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = sx - x0;
  const fy = sy - y0;
  const at = (values: Float32Array) =>
    (1 - fy) * ((1 - fx) * values[y0 * width + x0] + fx * values[y0 * width + x1]) + fy * ((1 - fx) * values[y1 * width + x0] + fx * values[y1 * width + x1]);
  return [at(flow.dx), at(flow.dy)];
}
