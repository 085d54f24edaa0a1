/**
 * The strength blend of a fast-style result with its content. Pure TypeScript.
 */
import { invalidOption } from '../errors.js';
import { assertSameSize, createRgbImage, type RgbImage } from '../image.js';

/**
 * `strength · stylized + (1 − strength) · content`, per sample; strength 1 returns `stylized` itself.
 * Throws INVALID_OPTION unless 0 ≤ strength ≤ 1 and both images have the same size.
 *
 * @example
 * blendStrength(stylized, content, 0.75) // a quarter of the original photo shows through
 */
export function blendStrength(stylized: RgbImage, content: RgbImage, strength: number): RgbImage {
  if (!(strength >= 0 && strength <= 1)) throw invalidOption('a number from 0 to 1', 'strength', strength);
  assertSameSize(stylized, content, 'the stylized image and the content image');
  if (strength === 1) return stylized;
  const data = new Float32Array(stylized.data.length);
  for (let index = 0; index < data.length; index++) {
    data[index] = strength * stylized.data[index] + (1 - strength) * content.data[index];
  }
  return createRgbImage(content.width, content.height, data);
}
