/**
 * Backward warping along a flow field: pictures with clamped Catmull–Rom bicubic sampling, flow fields
 * bilinear (positions outside the image take the nearest border pixel).
 */
import type { RgbImage } from '../image.js';
import type { FlowField } from './types.js';

/**
 * `image` seen through `flow`: out(p) = image(p + f(p)), per channel, with Catmull–Rom bicubic
 * interpolation (clamped to the source's range at each pixel). Bilinear sampling low-passes a picture
 * by up to half at a half-pixel shift, and coherent video warps every frame's result again, so strokes
 * blurred a little more each frame; the cubic keeps them sharp. The flow has the image's size.
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
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const columns = new Int32Array(4);
  const rows = new Int32Array(4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const sx = Math.min(width - 1, Math.max(0, x + flow.dx[p]));
      const sy = Math.min(height - 1, Math.max(0, y + flow.dy[p]));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      catmullRomWeights(sx - x0, wx);
      catmullRomWeights(sy - y0, wy);
      for (let k = 0; k < 4; k++) {
        columns[k] = Math.min(width - 1, Math.max(0, x0 - 1 + k));
        rows[k] = Math.min(height - 1, Math.max(0, y0 - 1 + k)) * width;
      }
      for (let c = 0; c < 3; c++) {
        const o = c * plane;
        let sum = 0;
        let low = Infinity;
        let high = -Infinity;
        for (let j = 0; j < 4; j++) {
          let row = 0;
          for (let i = 0; i < 4; i++) {
            const value = source[o + rows[j] + columns[i]];
            row += wx[i] * value;
            if ((i === 1 || i === 2) && (j === 1 || j === 2)) {
              low = Math.min(low, value);
              high = Math.max(high, value);
            }
          }
          sum += wy[j] * row;
        }
        // Clamped to the four nearest pixels' range: no overshoot halos at hard edges.
        data[o + p] = Math.min(high, Math.max(low, sum));
      }
    }
  }
  return { width, height, data };
}

/** The four Catmull–Rom weights of the taps at −1, 0, 1, 2 for a fractional position t ∈ [0, 1). */
function catmullRomWeights(t: number, weights: Float64Array): void {
  const t2 = t * t;
  const t3 = t2 * t;
  weights[0] = 0.5 * (-t3 + 2 * t2 - t);
  weights[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  weights[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  weights[3] = 0.5 * (t3 - t2);
}

/**
 * Another flow field seen through `along`: out(p) = field(p + along(p)), bilinear, e.g. the forward flow
 * at the positions the backward flow points to (the forward–backward check).
 *
 * @example const forwardThere = warpFlow(forward, backward); // forwardThere.dx[p] = forward.dx at p + backward(p)
 */
export function warpFlow(field: FlowField, along: FlowField): FlowField {
  const { width, height } = field;
  if (along.width !== width || along.height !== height) throw new Error(`warp: a ${along.width}×${along.height} flow for a ${width}×${height} flow`);
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  warpPlanes([field.dx, field.dy], [dx, dy], along);
  return { width, height, dx, dy };
}

/** targets[k](p) = sources[k](p + flow(p)), bilinear; positions outside take the nearest border value. */
function warpPlanes(sources: readonly Float32Array[], targets: readonly Float32Array[], flow: FlowField): void {
  const { width, height } = flow;
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
      for (let k = 0; k < sources.length; k++) {
        const source = sources[k];
        targets[k][p] = w00 * source[i00] + w01 * source[i01] + w10 * source[i10] + w11 * source[i11];
      }
    }
  }
}
