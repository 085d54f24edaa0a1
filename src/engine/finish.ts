/**
 * The one finishing step of both engines: the `strength` blend with the photo, then (optionally)
 * the photo's own colours under the painting's luminance. Pure TypeScript.
 */
import { transferLuminance } from './color.js';
import { blendStrength } from './fast/strength.js';
import type { RgbImage } from './image.js';

/** How a result is finished. */
export interface FinishOptions {
  /** `strength·painted + (1 − strength)·photo`, 0–1. */
  readonly strength: number;
  /** Keep the photo's colours, take the painting's luminance. */
  readonly originalColors: boolean;
}

/**
 * The result as the user gets it, from the engine's image and the photo at the same size.
 *
 * @example finishStylized(painted, photo, { strength: 0.8, originalColors: true })
 */
export function finishStylized(painted: RgbImage, photo: RgbImage, options: FinishOptions): RgbImage {
  const mixed = blendStrength(painted, photo, options.strength);
  return options.originalColors ? transferLuminance(mixed, photo) : mixed;
}
