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
  warpPlanes(
    [0, 1, 2].map((c) => image.data.subarray(c * plane, (c + 1) * plane)),
    [0, 1, 2].map((c) => data.subarray(c * plane, (c + 1) * plane)),
    flow,
  );
  return { width, height, data };
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
