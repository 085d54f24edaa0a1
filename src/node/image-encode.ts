/**
 * The encodings the studio's server serves (thumbnails, previews, card images, downloads, scaled
 * uploads) and the header check of an image file, with sharp: the server's only image adapter, so
 * every small picture goes through one thumbnail pipeline — first frame, pixel limit, upright,
 * fitted inside a square (never enlarged), transparency on white, JPEG.
 */
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { toInterleaved, type DecodedImage } from '../engine/image.js';

/** An image to encode: a file path, encoded bytes, or decoded pixels. */
export type ImageSource = string | Uint8Array | DecodedImage;

/** How a JPEG thumbnail is made. */
export interface ThumbnailOptions {
  /** Long side, px, at most (smaller images keep their size); undefined: the image's own size. */
  readonly longSidePx?: number;
  /** JPEG quality, 1–100. */
  readonly quality: number;
  /** Refuse files with more pixels than this while decoding (sharp's limitInputPixels); default: no limit. */
  readonly maxPixels?: number;
  /** mozjpeg's encoder: smaller files, slower (for images made once and kept). */
  readonly mozjpeg?: boolean;
}

/**
 * The one thumbnail pipeline: `source` upright, fitted inside `longSidePx`², transparent parts on
 * white, as a JPEG. Rejects with sharp's error when the source cannot be decoded (callers word it).
 *
 * @example
 * const jpeg = await encodeJpegThumbnail('/data/uploads/1/image.png', { longSidePx: 320, quality: 85 });
 */
export async function encodeJpegThumbnail(source: ImageSource, options: ThumbnailOptions): Promise<Buffer> {
  let image = open(source, options.maxPixels).autoOrient();
  if (options.longSidePx !== undefined) image = image.resize(options.longSidePx, options.longSidePx, { fit: 'inside', withoutEnlargement: true });
  return image.flatten({ background: '#ffffff' }).jpeg({ quality: options.quality, ...(options.mozjpeg ? { mozjpeg: true } : {}) }).toBuffer();
}

/**
 * The image at `source` (a path or encoded bytes) as PNG or JPEG (JPEG on white), its long side at most `longSidePx` (never enlarged).
 *
 * @example
 * const png = await encodeImageFile('result.png', { format: 'png', longSidePx: 1024 });
 */
export async function encodeImageFile(source: string | Uint8Array, request: { readonly format: 'png' | 'jpeg'; readonly longSidePx?: number; readonly quality?: number }): Promise<Buffer> {
  if (request.format === 'jpeg') return encodeJpegThumbnail(source, { longSidePx: request.longSidePx, quality: request.quality ?? 92 });
  let image = open(source).autoOrient();
  if (request.longSidePx !== undefined) image = image.resize(request.longSidePx, request.longSidePx, { fit: 'inside', withoutEnlargement: true });
  return image.png().toBuffer();
}

/**
 * `bytes` upright and resized to exactly `width`×`height`, in `format` (jpeg and webp at quality
 * 92; anything else as PNG). Rejects with sharp's error when the bytes cannot be decoded.
 *
 * @example
 * const smaller = await encodeResized(bytes, 2048, 1536, 'jpeg', 200e6);
 */
export async function encodeResized(bytes: Uint8Array, width: number, height: number, format: string, maxPixels: number): Promise<Uint8Array> {
  const image = open(bytes, maxPixels).autoOrient().resize(width, height, { fit: 'fill' });
  const encoded = format === 'jpeg' ? image.jpeg({ quality: 92 }) : format === 'webp' ? image.webp({ quality: 92 }) : image.png();
  const buffer = await encoded.toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Decodes every pixel of `bytes` (the first frame), to prove an image whose header looked right is
 * not truncated or corrupt; throws sharp's error when it is.
 *
 * @example await decodeFully(bytes, 25_000_000)
 */
export async function decodeFully(bytes: Uint8Array, maxPixels: number): Promise<void> {
  await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 }).raw().toBuffer();
}

/** What an image file's header says: its format (as sharp names it), the first frame's stored size and EXIF orientation. */
export interface ImageHeader {
  readonly format: string;
  readonly width: number;
  /** Height of the first frame (an animated GIF or a multi-page TIFF stacks its frames). */
  readonly height: number;
  /** The size once turned upright (EXIF orientations 5–8 swap the sides). */
  readonly upright: { readonly width: number; readonly height: number };
}

/**
 * The header of an image file or bytes, read without decoding the pixels; undefined when it is no
 * image sharp knows.
 *
 * @example
 * (await readImageHeader(bytes))?.format // → 'png'
 */
export async function readImageHeader(source: string | Uint8Array): Promise<ImageHeader | undefined> {
  const metadata = await sharp(source, { limitInputPixels: false, pages: 1 }).metadata().catch(() => undefined);
  if (metadata === undefined || metadata.format === undefined) return undefined;
  const height = metadata.pageHeight ?? metadata.height;
  const rotated = (metadata.orientation ?? 1) >= 5;
  return { format: String(metadata.format), width: metadata.width, height, upright: rotated ? { width: height, height: metadata.width } : { width: metadata.width, height } };
}

/**
 * An SVG drawing rendered as PNG bytes.
 *
 * @example
 * const png = await renderSvgPng('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
 */
export async function renderSvgPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function open(source: ImageSource, maxPixels?: number): Sharp {
  const limitInputPixels = maxPixels === undefined || maxPixels === Number.POSITIVE_INFINITY ? false : maxPixels;
  if (typeof source === 'string' || source instanceof Uint8Array) {
    const options: SharpOptions = { pages: 1, failOn: 'error', limitInputPixels };
    return sharp(source, options);
  }
  const raw = { width: source.rgb.width, height: source.rgb.height, channels: source.alpha ? 4 : 3 } as const;
  return sharp(toInterleaved(source, 8), { raw, limitInputPixels: false });
}
