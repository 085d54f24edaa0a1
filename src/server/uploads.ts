/**
 * Uploaded images (content photos and style images): limited in bytes and pixels, identified by
 * their content (sharp decodes them; names and content types are never trusted), fully decoded once
 * to catch truncated files, and stored under `<data>/uploads/<id>.<format>` with a small JSON record
 * and a JPEG thumbnail.
 */
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../node/atomic-write.js';
import { SUPPORTED_INPUT_FORMATS } from '../node/image-io.js';
import { decodeFully, encodeJpegThumbnail, encodeResized, readImageHeader } from '../node/image-encode.js';
import { removeStaleTempFiles } from '../node/temp-files.js';
import { HttpError, notFound } from './http-errors.js';
import { isId, newId } from './ids.js';
import { formatCount as count } from '../options/format-count.js';

/** Thumbnails fit in this square, in px. */
export const THUMBNAIL_PX = 320;

/** Images are named in URLs only by id; their bytes get their sniffed type, never the client's. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', tiff: 'image/tiff', gif: 'image/gif' };

/**
 * The thumbnail of an upload's `bytes`: a JPEG, long side `THUMBNAIL_PX`.
 *
 * @example
 * const jpeg = await encodeUploadThumbnail(bytes, limits.maxPixels);
 */
export function encodeUploadThumbnail(bytes: Uint8Array, maxPixels: number): Promise<Buffer> {
  return encodeJpegThumbnail(bytes, { longSidePx: THUMBNAIL_PX, quality: 85, maxPixels });
}
/** Photos whose long side is under this many px get a warning: the result will be blurry. */
export const SMALL_PHOTO_PX = 256;
/**
 * Images with more pixels than the limit are scaled down (long side to `maxSizePx`) instead of refused;
 * above this many times the limit they are refused as decompression bombs (a real 100 MP photo
 * passes a 25 MP limit; a 20000×20000 PNG of a few kB does not).
 */
export const BOMB_FACTOR = 20;

/** What the server knows about one upload. */
export const uploadInfoSchema = z.object({
  id: z.string(),
  format: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** The browser's file name, for display only (never used as a path). */
  name: z.string(),
  createdAt: z.string(),
  warning: z.string().optional(),
  scaledFrom: z.object({ width: z.number().int(), height: z.number().int() }).optional(),
});
export type UploadInfo = z.output<typeof uploadInfoSchema>;

/** Limits of an upload store. */
export interface UploadLimits {
  readonly maxBytes: number;
  readonly maxPixels: number;
  /** Larger images (up to `BOMB_FACTOR` × `maxPixels`) are scaled down to this long side, px. */
  readonly maxSizePx: number;
}

/**
 * The upload folder of a studio.
 *
 * @example
 * const uploads = await UploadStore.open('/data/uploads', { maxBytes: 25e6, maxPixels: 25e6, maxSizePx: 2048 });
 * const info = await uploads.save(bytes, 'photo.jpg');
 */
export class UploadStore {
  private constructor(
    readonly dir: string,
    readonly limits: UploadLimits,
  ) {}

  /** Opens (creating when needed) the folder and removes the temp files a killed server left there (those of live processes stay). */
  static async open(dir: string, limits: UploadLimits): Promise<UploadStore> {
    await fs.mkdir(dir, { recursive: true });
    await removeStaleTempFiles(dir, () => true);
    return new UploadStore(dir, limits);
  }

  /**
   * Checks and stores one image; one over the pixel limit is scaled down (long side to `maxSizePx`,
   * `scaledFrom` says from what), a tiny one gets a `warning`. Errors (HttpError): 400 empty body,
   * 413 too many bytes or a decompression bomb, 415 not a supported image or not decodable.
   */
  async save(sent: Uint8Array, name: string): Promise<UploadInfo> {
    if (sent.byteLength === 0) throw new HttpError(400, 'BAD_REQUEST', 'Expected image bytes in the request body but received nothing. Send the file itself as the body.');
    if (sent.byteLength > this.limits.maxBytes) throw tooManyBytes(sent.byteLength, this.limits.maxBytes);
    const sniffed = await sniffImage(sent, this.limits.maxPixels * BOMB_FACTOR);
    const large = sniffed.width * sniffed.height > this.limits.maxPixels;
    const bytes = large ? await scaleDown(sent, sniffed, this.limits) : sent;
    const { format, width, height } = large ? await sniffImage(bytes, this.limits.maxPixels) : sniffed;
    const thumbnail = await encodeUploadThumbnail(bytes, this.limits.maxPixels)
      .catch((error: unknown) => {
        throw notAnImage(`it could not be decoded (${error instanceof Error ? error.message : String(error)})`);
      });
    const id = newId();
    const info: UploadInfo = {
      id,
      format,
      width,
      height,
      bytes: bytes.byteLength,
      name: displayName(name),
      createdAt: new Date().toISOString(),
      ...(Math.max(width, height) < SMALL_PHOTO_PX ? { warning: `This photo is only ${width}×${height} px; the result will be blurry. Use a photo at least ${SMALL_PHOTO_PX} px on its long side.` } : {}),
      ...(large ? { scaledFrom: { width: sniffed.width, height: sniffed.height } } : {}),
    };
    await writeFileAtomic(join(this.dir, `${id}.${format}`), bytes);
    await writeFileAtomic(join(this.dir, `${id}.thumb.jpg`), thumbnail);
    await writeFileAtomic(join(this.dir, `${id}.json`), Buffer.from(JSON.stringify(info, null, 2)));
    return info;
  }

  /** The record of upload `id`; 404 when there is none (or `id` is not an id). */
  async info(id: string): Promise<UploadInfo> {
    if (!isId(id)) throw notFound('upload', id);
    const text = await fs.readFile(join(this.dir, `${id}.json`), 'utf8').catch(() => {
      throw notFound('upload', id);
    });
    return uploadInfoSchema.parse(JSON.parse(text));
  }

  /** The stored image file of upload `id`. */
  async imagePath(id: string): Promise<string> {
    const info = await this.info(id);
    return join(this.dir, `${info.id}.${info.format}`);
  }

  /** The JPEG thumbnail of upload `id`. */
  async thumbnailPath(id: string): Promise<string> {
    const info = await this.info(id);
    return join(this.dir, `${info.id}.thumb.jpg`);
  }
}

/**
 * What an image really is, from its bytes: format and upright size. Errors: 415 when sharp does not
 * recognise a supported format, 413 when it has more than `maxPixels` pixels (checked from the header).
 *
 * @example
 * await sniffImage(bytes, 25e6) // → { format: 'png', width: 640, height: 480 }
 */
export async function sniffImage(bytes: Uint8Array, maxPixels: number): Promise<{ format: string; width: number; height: number }> {
  const metadata = await readImageHeader(bytes);
  if (metadata === undefined) throw notAnImage('its content is not a known image format');
  const format = metadata.format;
  if (!SUPPORTED_INPUT_FORMATS.includes(format)) throw notAnImage(`it is ${format.toUpperCase()}`);
  const frameHeight = metadata.height;
  const pixels = metadata.width * frameHeight;
  if (pixels > maxPixels) {
    throw new HttpError(
      413,
      'IMAGE_TOO_LARGE',
      `The image is ${metadata.width}×${frameHeight} = ${count(pixels)} pixels, more than this studio can open (${count(maxPixels)}). Use a smaller image (or start the server with a larger --max-pixels).`,
    );
  }
  return { format, ...metadata.upright };
}

/** 415 (the studio's words) unless every pixel of `bytes` decodes: a truncated or corrupt file is refused before it is stored. */
export async function assertDecodable(bytes: Uint8Array, maxPixels: number): Promise<void> {
  await decodeFully(bytes, maxPixels).catch((error: unknown) => {
    throw notAnImage(`it could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  });
}

/**
 * `bytes` (an upright `size.width`×`size.height` image) turned upright and scaled down to the long side
 * `maxSizePx` and at most `maxPixels` pixels, in its own format (PNG for TIFF and GIF).
 */
async function scaleDown(bytes: Uint8Array, size: { format: string; width: number; height: number }, limits: UploadLimits): Promise<Uint8Array> {
  const factor = Math.min(1, limits.maxSizePx / Math.max(size.width, size.height), Math.sqrt(limits.maxPixels / (size.width * size.height)));
  const width = Math.max(1, Math.floor(size.width * factor));
  const height = Math.max(1, Math.floor(size.height * factor));
  return encodeResized(bytes, width, height, size.format, limits.maxPixels * BOMB_FACTOR).catch((error: unknown) => {
    throw notAnImage(`it could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  });
}

function notAnImage(reason: string): HttpError {
  return new HttpError(415, 'IMAGE_DECODE_FAILED', `This file is not an image the studio can use: ${reason}. Upload a JPEG, PNG, WebP, TIFF or GIF.`);
}

/** 413 for a body over the byte limit. */
export function tooManyBytes(bytes: number | undefined, maxBytes: number): HttpError {
  const megabytes = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`);
  const size = bytes === undefined ? 'The upload is' : `The upload is ${megabytes(bytes)},`;
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `${size} over this studio's limit of ${megabytes(maxBytes)}. Use a smaller file (or start the server with a larger --max-upload-mb).`);
}

/** A file name safe to show: its last path segment, printable characters only, at most 120 of them. */
function displayName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const printable = last.replace(/[^\p{L}\p{N}\p{P}\p{Zs}]/gu, '').trim();
  return printable.slice(0, 120) || 'image';
}
