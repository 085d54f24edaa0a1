/**
 * Motion compensation shared by the coherent stylizers: the previous result warped into the current
 * frame along the optical flow, and how far each pixel of it can be trusted.
 */
import type { RgbImage } from '../image.js';
import { consistencyWeights } from './consistency.js';
import { SHOT_CUT_MIN_CONSISTENT_SHARE } from './shot-cut.js';
import type { FlowEstimator } from './types.js';
import { warpImage } from './warp.js';

/** The previous result in this frame's geometry, with per-pixel trust. */
export interface CompensatedMotion {
  /** previous result(p + f(p)) for every pixel p of the current frame. */
  readonly warped: RgbImage;
  /** 1 where the forward and backward flows agree, 0 at occlusions and motion boundaries (`width · height`). */
  readonly pixelWeights: Float32Array;
  /** Mean of `pixelWeights`. */
  readonly consistentShare: number;
  /** Too little passed the check for the frames to be one shot. */
  readonly isCut: boolean;
}

/**
 * Estimates the flow both ways between `previousFrame` and `frame`, checks them against each other
 * and warps `previousResult` into `frame`.
 *
 * @example
 * const motion = await compensateMotion(flow, { previousFrame, frame, previousResult });
 * // blend: out = stylized + blend · c · (motion.warped − stylized)
 */
export async function compensateMotion(
  flow: FlowEstimator,
  images: { readonly previousFrame: RgbImage; readonly frame: RgbImage; readonly previousResult: RgbImage },
): Promise<CompensatedMotion> {
  const backward = await flow.estimate(images.frame, images.previousFrame);
  const forward = await flow.estimate(images.previousFrame, images.frame);
  const pixelWeights = consistencyWeights(backward, forward);
  let sum = 0;
  for (let p = 0; p < pixelWeights.length; p++) sum += pixelWeights[p];
  const consistentShare = sum / pixelWeights.length;
  return { warped: warpImage(images.previousResult, backward), pixelWeights, consistentShare, isCut: consistentShare < SHOT_CUT_MIN_CONSISTENT_SHARE };
}

/**
 * `stylized + blend · c · (warped − stylized)`, per pixel and channel: the new frame pulled toward
 * the previous result where the motion is trusted.
 *
 * @example blendWithPrevious(stylized, motion, 0.7)
 */
export function blendWithPrevious(stylized: RgbImage, motion: CompensatedMotion, blend: number): RgbImage {
  const plane = stylized.width * stylized.height;
  const data = new Float32Array(stylized.data.length);
  const previous = motion.warped.data;
  for (let k = 0; k < data.length; k++) {
    const mix = blend * motion.pixelWeights[k % plane];
    data[k] = stylized.data[k] + mix * (previous[k] - stylized.data[k]);
  }
  return { width: stylized.width, height: stylized.height, data };
}
