/**
 * The pictures of a finished gallery item besides its PNG: the card image (a small JPEG, made once
 * and kept next to the result) and downloads in PNG or JPEG, at the original or a smaller size.
 */
import fs from 'node:fs/promises';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { encodeImageFile, encodeJpegThumbnail } from '../../node/image-encode.js';
import { HttpError } from '../http-errors.js';

/** Long side of a card image, px. */
export const CARD_IMAGE_PX = 480;
/** JPEG quality of card images: a 480 px card of a busy painting stays well under 100 KB. */
export const CARD_IMAGE_QUALITY = 78;
/** Formats a result downloads as. */
export const DOWNLOAD_FORMATS = ['png', 'jpeg'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/**
 * The card image of the result at `resultPath`, cached at `cachePath` (made on the first call).
 *
 * @example
 * const jpeg = await cardImage('/data/gallery/<id>/result.png', '/data/gallery/<id>/thumbnail.jpg');
 */
export async function cardImage(resultPath: string, cachePath: string): Promise<Buffer> {
  const cached = await fs.readFile(cachePath).catch(() => undefined);
  if (cached) return cached;
  const jpeg = await encodeCardImage(resultPath);
  await writeFileAtomic(cachePath, jpeg);
  return jpeg;
}

/**
 * The card image of a result (a path or its PNG bytes), made now.
 *
 * @example
 * const jpeg = await encodeCardImage(await storage.get(resultKey(id))); // a hosted result
 */
export function encodeCardImage(result: string | Uint8Array): Promise<Buffer> {
  return encodeJpegThumbnail(result, { longSidePx: CARD_IMAGE_PX, quality: CARD_IMAGE_QUALITY, mozjpeg: true });
}

/** A download's query, validated: `format` png (default) or jpeg, `longSidePx` a smaller size or absent. */
export function parseDownloadQuery(format: string | undefined, longSide: string | undefined): { format: DownloadFormat; longSidePx?: number } {
  const chosen = (format ?? 'png').toLowerCase().replace(/^jpg$/, 'jpeg');
  if (!(DOWNLOAD_FORMATS as readonly string[]).includes(chosen)) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected png or jpeg for format but received ${JSON.stringify(format)}.`, 'format');
  }
  if (longSide === undefined || longSide === '') return { format: chosen as DownloadFormat };
  const longSidePx = Number(longSide);
  if (!Number.isInteger(longSidePx) || longSidePx < 16 || longSidePx > 65536) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected a whole number of pixels from 16 up for longSidePx but received ${JSON.stringify(longSide)}.`, 'longSidePx');
  }
  return { format: chosen as DownloadFormat, longSidePx };
}

/** The longest file name a download takes, in characters (before its extension). */
export const MAX_DOWNLOAD_NAME_CHARS = 150;

/**
 * A download's `name` query, validated: absent, or the file name without its extension (made safe
 * for file systems by `attachmentHeader`).
 *
 * @example
 * parseDownloadName('golden-gate × wave (2)') // → 'golden-gate × wave (2)'
 * parseDownloadName(undefined) // → undefined: the item's title
 */
export function parseDownloadName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_DOWNLOAD_NAME_CHARS) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected a file name of 1 to ${MAX_DOWNLOAD_NAME_CHARS} characters for name but received ${JSON.stringify(name.slice(0, 40))}${name.length > 40 ? '…' : ''}; leave it out to name the file after the work.`, 'name');
  }
  return trimmed;
}

/**
 * The result (its path, or its PNG bytes) as `format`, its long side at most `longSidePx` (never enlarged).
 *
 * @example
 * const jpeg = await downloadImage(path, { format: 'jpeg', longSidePx: 1024 });
 */
export async function downloadImage(result: string | Uint8Array, request: { format: DownloadFormat; longSidePx?: number }): Promise<Buffer> {
  if (request.format === 'png' && request.longSidePx === undefined) return typeof result === 'string' ? fs.readFile(result) : Buffer.from(result);
  return encodeImageFile(result, request);
}
