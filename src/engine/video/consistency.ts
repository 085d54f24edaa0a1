/**
 * Which pixels of the current frame the flow can be trusted at: Ruder, Dosovitskiy & Brox (2016), §4.
 * With w the backward flow at p and ŵ the forward flow at p + w(p), a pixel gets weight 0 when
 * - it was not visible in the previous frame (disocclusion): |w + ŵ|² > 0.01·(|w|² + |ŵ|²) + 0.5, or
 *   p + w(p) falls outside the previous frame;
 * - it sits on a motion boundary: |∇u|² + |∇v|² > 0.01·|w|² + 0.002 (u, v the components of w);
 * and 1 otherwise.
 */
import type { FlowField } from './types.js';
import { warpFlow } from './warp.js';

/**
 * Per-pixel weights (0 or 1, `width · height`) of the current frame, from its backward flow and the
 * previous frame's forward flow.
 *
 * @example
 * const c = consistencyWeights(await flow.estimate(frame, previous), await flow.estimate(previous, frame));
 */
export function consistencyWeights(backward: FlowField, forward: FlowField): Float32Array {
  const { width, height } = backward;
  if (forward.width !== width || forward.height !== height) throw new Error(`consistency: flows of ${width}×${height} and ${forward.width}×${forward.height}`);
  const weights = new Float32Array(width * height);
  const { dx: u, dy: v } = backward;
  const forwardThere = warpFlow(forward, backward);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const tx = x + u[p];
      const ty = y + v[p];
      if (tx < 0 || ty < 0 || tx > width - 1 || ty > height - 1) continue;
      const fu = forwardThere.dx[p];
      const fv = forwardThere.dy[p];
      const sumU = u[p] + fu;
      const sumV = v[p] + fv;
      const magnitude = u[p] * u[p] + v[p] * v[p];
      if (sumU * sumU + sumV * sumV > 0.01 * (magnitude + fu * fu + fv * fv) + 0.5) continue;
      const left = x > 0 ? p - 1 : p;
      const right = x < width - 1 ? p + 1 : p;
      const up = y > 0 ? p - width : p;
      const down = y < height - 1 ? p + width : p;
      const spanX = right - left === 2 ? 2 : 1;
      const spanY = down - up === 2 * width ? 2 : 1;
      const ux = (u[right] - u[left]) / spanX;
      const vx = (v[right] - v[left]) / spanX;
      const uy = (u[down] - u[up]) / spanY;
      const vy = (v[down] - v[up]) / spanY;
      if (ux * ux + uy * uy + vx * vx + vy * vy > 0.01 * magnitude + 0.002) continue;
      weights[p] = 1;
    }
  }
  return weights;
}
