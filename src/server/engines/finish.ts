/**
 * Finishing touches shared by both engines in a job's worker: the strength mix with the content,
 * and the small JPEG previews streamed to the page.
 */
import sharp from 'sharp';
import { toInterleaved, type DecodedImage, type RgbImage } from '../../engine/image.js';

/** Previews fit in this square, in px: enough for the page, cheap to encode every few iterations. */
export const PREVIEW_PX = 512;

/**
 * `strength · stylized + (1 − strength) · content`, per sample; both images must have the same size.
 * Strength 1 returns `stylized` itself.
 *
 * @example
 * mixWithContent(stylized, content, 0.7)
 */
export function mixWithContent(stylized: RgbImage, content: RgbImage, strength: number): RgbImage {
  if (strength >= 1) return stylized;
  if (stylized.width !== content.width || stylized.height !== content.height) {
    throw new RangeError(`mixWithContent: ${stylized.width}×${stylized.height} vs ${content.width}×${content.height}`);
  }
  const data = new Float32Array(stylized.data.length);
  for (let index = 0; index < data.length; index += 1) {
    data[index] = strength * stylized.data[index] + (1 - strength) * content.data[index];
  }
  return { width: stylized.width, height: stylized.height, data };
}

/**
 * A JPEG of `image` whose long side is at most `PREVIEW_PX` (transparent parts shown on white).
 *
 * @example
 * const jpeg = await encodePreview({ rgb: snapshot });
 */
export async function encodePreview(image: DecodedImage): Promise<Uint8Array> {
  const raw = { width: image.rgb.width, height: image.rgb.height, channels: image.alpha ? 4 : 3 } as const;
  const jpeg = await sharp(toInterleaved(image, 8), { raw })
    .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 82 })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}
