/**
 * The small JPEG previews a quality job's worker streams to the page.
 */
import sharp from 'sharp';
import { toInterleaved, type DecodedImage } from '../../engine/image.js';

/** Previews fit in this square, in px: enough for the page, cheap to encode every few iterations. */
export const PREVIEW_PX = 512;

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
