/**
 * The small JPEG previews a quality job's worker streams to the page.
 */
import type { DecodedImage } from '../../engine/image.js';
import { encodeJpegThumbnail } from '../../node/image-encode.js';

/** Previews fit in this square, in px: enough for the page, cheap to encode every few iterations. */
export const PREVIEW_PX = 512;

/**
 * A JPEG of `image` whose long side is at most `PREVIEW_PX` (transparent parts shown on white).
 *
 * @example
 * const jpeg = await encodePreview({ rgb: snapshot });
 */
export async function encodePreview(image: DecodedImage): Promise<Uint8Array> {
  const jpeg = await encodeJpegThumbnail(image, { longSidePx: PREVIEW_PX, quality: 82 });
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}
