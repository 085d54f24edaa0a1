/**
 * Carrying optimizer state from one scale of a multi-scale run to the next.
 */
import type { AdamState, OptimizerState } from '../optimizers/types.js';
import { resamplePlanes } from '../upsample.js';

/** A size in pixels. */
export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Adam's moments resized to the next scale, so the first steps there continue the previous ones instead
 * of restarting with full-size sign steps on an image that is already good. J is normalised by the
 * activation sizes, so a pixel's gradient scales as 1/(pixel count): the first moment is rescaled by
 * the ratio of pixel counts and the second by its square. L-BFGS curvature pairs and SGD's step size
 * belong to one size and are not carried (undefined: start fresh).
 *
 * @example
 * const next = carryOptimizerState(adam.state(), { width: 128, height: 96 }, { width: 181, height: 136 });
 */
export function carryOptimizerState(state: OptimizerState, from: PixelSize, to: PixelSize): AdamState | undefined {
  if (state.name !== 'adam') return undefined;
  const ratio = (from.width * from.height) / (to.width * to.height);
  const first = resamplePlanes(state.firstMoment, 3, from.width, from.height, to.width, to.height, 'bicubic');
  const second = resamplePlanes(state.secondMoment, 3, from.width, from.height, to.width, to.height, 'bilinear');
  for (let i = 0; i < first.length; i++) {
    first[i] *= ratio;
    second[i] *= ratio * ratio;
  }
  return { name: 'adam', size: first.length, stepCount: state.stepCount, firstMoment: first, secondMoment: second };
}
