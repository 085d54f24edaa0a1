/**
 * The Node image edge: decode files into `DecodedImage`, resize, and encode them back, with sharp.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { GifOptions, JpegOptions, PngOptions, TiffOptions, WebpOptions } from 'sharp';
import { loadSharp } from './sharp-library.js';
import { invalidOption, PainterlyError } from '../engine/errors.js';
import { assertDecodedImage, fromInterleaved, toInterleaved, type DecodedImage } from '../engine/image.js';
import { DEFAULT_MAX_PIXELS } from '../options/stylize-schema.js';
import { errnoCode, outputNotWritable, writeFileAtomic } from './atomic-write.js';
import { formatCount as count } from '../options/format-count.js';

/** The default largest image `readImage` decodes (defined with the options schema). */
export { DEFAULT_MAX_PIXELS };

/** The input formats `readImage` accepts, as sharp names them. GIF and multi-page TIFF: first frame only. */
export const SUPPORTED_INPUT_FORMATS: readonly string[] = ['jpeg', 'png', 'webp', 'tiff', 'gif'];

/** Output file extensions `writeImage` understands, and the format each one writes. */
export const OUTPUT_FORMATS = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.gif': 'gif',
} as const;

/** Options of `readImage`. */
export interface ReadImageOptions {
  /** Refuse images with more pixels than this (IMAGE_TOO_LARGE). Default `DEFAULT_MAX_PIXELS`. */
  readonly maxPixels?: number;
  /**
   * The caller will resize the result to at most this long side: a large image is shrunk while it is
   * decoded (JPEG: in the DCT; PNG and others: streamed), so memory follows this size, not the file's.
   * See `planDecodeSize` for how much is kept.
   */
  readonly targetLongSidePx?: number;
  /** Like `targetLongSidePx`, for a caller that resizes the short side to this (a cover crop). */
  readonly targetShortSidePx?: number;
}

/** Shrink-on-load keeps twice the target size, so the caller's Lanczos resize still has detail to work from. */
export const DECODE_OVERSAMPLING = 2;
/** Shrink-on-load never brings the short side below this (elongated style images are enlarged to keep deep layers fed). */
export const MIN_DECODED_SHORT_SIDE_PX = 64;
/**
 * Images up to this many pixels are decoded whole, as before (their float copy is at most ~50 MB), so a
 * result at ordinary sizes does not change; larger ones are shrunk on load when that saves at least half.
 */
export const SHRINK_ON_LOAD_ABOVE_PIXELS = 2 ** 22;

/**
 * Decodes a JPEG, PNG, WebP, TIFF or GIF (first frame) file: EXIF orientation applied, grayscale and
 * CMYK converted to sRGB, 16-bit samples scaled to 0–255, alpha kept as its own plane when the file
 * has one that is not fully opaque everywhere.
 * Errors: IMAGE_NOT_FOUND, IMAGE_DECODE_FAILED, IMAGE_TOO_LARGE (checked from the header, before decoding).
 *
 * @example
 * const { rgb, alpha, format } = await readImage('photo.jpg', { maxPixels: 20_000_000 });
 */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<DecodedImage & { format: string }> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isInteger(maxPixels) || maxPixels < 1) throw invalidOption('a positive integer', 'maxPixels', maxPixels);
  await assertReadableFile(path);
  const metadata = await (await loadSharp())(path, { limitInputPixels: false, pages: 1 }).metadata().catch((error: unknown) => {
    throw decodeFailed(path, error);
  });
  const format = String(metadata.format);
  if (!SUPPORTED_INPUT_FORMATS.includes(format)) throw decodeFailed(path, new Error(`${format} files are not supported`));
  const frameHeight = metadata.pageHeight ?? metadata.height;
  if (metadata.width * frameHeight > maxPixels) throw tooLarge(path, metadata.width, frameHeight, maxPixels);
  const sixteenBit = metadata.depth === 'ushort';
  const rotated = (metadata.orientation ?? 1) >= 5;
  const decodeSize = planDecodeSize(rotated ? frameHeight : metadata.width, rotated ? metadata.width : frameHeight, options);
  let pipeline = (await loadSharp())(path, { limitInputPixels: maxPixels, failOn: 'error', pages: 1, sequentialRead: true }).autoOrient();
  if (decodeSize) pipeline = pipeline.resize(decodeSize.width, decodeSize.height, { kernel: 'lanczos3', fit: 'fill' });
  const decoded = await pipeline
    .toColourspace(sixteenBit ? 'rgb16' : 'srgb')
    .raw(sixteenBit ? { depth: 'ushort' } : {})
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw /pixel limit/i.test(String(error)) ? tooLarge(path, metadata.width, frameHeight, maxPixels) : decodeFailed(path, error);
    });
  const { data, info } = decoded;
  const samples = sixteenBit ? ushortSamples(data) : data;
  const { rgb, alpha } = fromInterleaved(samples, info.width, info.height, info.channels, sixteenBit ? 1 / 257 : 1);
  // sharp gives every GIF an alpha channel; an alpha plane that is opaque everywhere says nothing.
  return alpha && alpha.some((value) => value < 255) ? { rgb, alpha, format } : { rgb, format };
}

/**
 * The size a `width × height` image (as oriented) is decoded at for the caller's targets, or undefined
 * to decode it whole: shrunk to `DECODE_OVERSAMPLING` × the targets (short side at least
 * `MIN_DECODED_SHORT_SIDE_PX`, never enlarged) when the image has more than
 * `SHRINK_ON_LOAD_ABOVE_PIXELS` pixels and that at least halves each side.
 *
 * @example
 * planDecodeSize(7000, 7000, { targetLongSidePx: 64 }) // → { width: 128, height: 128 }
 * planDecodeSize(451, 300, { targetLongSidePx: 64 })   // → undefined (small: decoded whole)
 */
export function planDecodeSize(width: number, height: number, targets: Pick<ReadImageOptions, 'targetLongSidePx' | 'targetShortSidePx'>): { width: number; height: number } | undefined {
  const { targetLongSidePx, targetShortSidePx } = targets;
  if (targetLongSidePx === undefined && targetShortSidePx === undefined) return undefined;
  if (width * height <= SHRINK_ON_LOAD_ABOVE_PIXELS) return undefined;
  const longSide = Math.max(width, height);
  const shortSide = Math.min(width, height);
  const scale = Math.max(
    targetLongSidePx === undefined ? 0 : (DECODE_OVERSAMPLING * targetLongSidePx) / longSide,
    targetShortSidePx === undefined ? 0 : (DECODE_OVERSAMPLING * targetShortSidePx) / shortSide,
    MIN_DECODED_SHORT_SIDE_PX / shortSide,
  );
  if (scale > 0.5) return undefined;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Resizes an image (and its alpha plane) to exactly `width × height` with a Lanczos-3 filter, in
 * 16-bit precision and with premultiplied alpha; results stay within 0–255.
 *
 * @example
 * const small = await resizeImage(image, 512, 384);
 */
export async function resizeImage(image: DecodedImage, width: number, height: number): Promise<DecodedImage> {
  if (!Number.isInteger(width) || width < 1) throw invalidOption('a positive integer', 'width', width);
  if (!Number.isInteger(height) || height < 1) throw invalidOption('a positive integer', 'height', height);
  const channels = image.alpha ? 4 : 3;
  const raw = { width: image.rgb.width, height: image.rgb.height, channels } as const;
  const { data, info } = await (await loadSharp())(toInterleaved(image, 16), { raw, limitInputPixels: false })
    .resize(width, height, { kernel: 'lanczos3', fit: 'fill' })
    .toColourspace('rgb16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  return fromInterleaved(ushortSamples(data), info.width, info.height, info.channels, 1 / 257);
}

/**
 * Encodes `image` in the format named by the extension of `path` (see `OUTPUT_FORMATS`) and writes it
 * atomically. Values are rounded and clamped to 0–255; alpha is written when present, except to JPEG,
 * where the image is flattened onto white. Errors: INVALID_OPTION (extension), OUTPUT_NOT_WRITABLE.
 *
 * @example
 * await writeImage('out/stylized.png', { rgb: stylized, alpha: content.alpha });
 */
export async function writeImage(path: string, image: DecodedImage): Promise<void> {
  const format = outputFormatFor(path);
  assertDecodedImage(image);
  const raw = { width: image.rgb.width, height: image.rgb.height, channels: image.alpha ? 4 : 3 } as const;
  let pipeline = (await loadSharp())(toInterleaved(image, 8), { raw, limitInputPixels: false });
  if (format === 'jpeg' && image.alpha) pipeline = pipeline.flatten({ background: '#ffffff' });
  const encoded = await pipeline.toFormat(format, ENCODER_OPTIONS[format]).toBuffer().catch((error: unknown) => {
    throw new PainterlyError(
      'INVALID_OPTION',
      `Cannot encode a ${raw.width}×${raw.height} image as ${format.toUpperCase()} for ${path} (${error instanceof Error ? error.message : String(error)}). Choose another output format, e.g. .png.`,
      { cause: error },
    );
  });
  await writeFileAtomic(path, encoded);
}

/**
 * Checks up front that `writeImage(path, …)` can succeed — supported extension, an existing writable
 * directory, and `path` not a directory — so a CLI fails before minutes of computation.
 *
 * @example
 * await checkOutputWritable(args.output); // throws INVALID_OPTION or OUTPUT_NOT_WRITABLE
 */
export async function checkOutputWritable(path: string): Promise<void> {
  outputFormatFor(path);
  await checkOutputLocation(path);
}

/**
 * Checks that a file can be written at `path` whatever its format: an existing writable directory,
 * and `path` not a directory. OUTPUT_NOT_WRITABLE naming the fix otherwise.
 *
 * @example await checkOutputLocation('videos/out.mp4');
 */
export async function checkOutputLocation(path: string): Promise<void> {
  const target = resolve(path);
  const directory = dirname(target);
  try {
    if ((await fs.stat(target).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error(target), { code: 'EISDIR' });
    if (!(await fs.stat(directory)).isDirectory()) throw Object.assign(new Error(directory), { code: 'ENOTDIR' });
    await fs.access(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outputNotWritable(path, error);
  }
}

type OutputFormat = (typeof OUTPUT_FORMATS)[keyof typeof OUTPUT_FORMATS];

/** High quality for art: 4:4:4 chroma keeps the colour detail of brush strokes; TIFF is lossless. */
const ENCODER_OPTIONS: {
  readonly png: PngOptions;
  readonly jpeg: JpegOptions;
  readonly webp: WebpOptions;
  readonly tiff: TiffOptions;
  readonly gif: GifOptions;
} = {
  png: { compressionLevel: 6 },
  jpeg: { quality: 92, chromaSubsampling: '4:4:4' },
  webp: { quality: 92 },
  tiff: { compression: 'lzw' },
  gif: {},
};

function outputFormatFor(path: string): OutputFormat {
  const extension = extname(path).toLowerCase();
  if (Object.hasOwn(OUTPUT_FORMATS, extension)) return OUTPUT_FORMATS[extension as keyof typeof OUTPUT_FORMATS];
  throw invalidOption(`an output file ending in ${Object.keys(OUTPUT_FORMATS).join(', ')}`, 'output', path);
}

async function assertReadableFile(path: string): Promise<void> {
  const stats = await fs.stat(path).catch(async (error: unknown) => {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (path.includes('\uFFFD') && (await hasUndecodableName(path))) {
        throw new PainterlyError(
          'IMAGE_NOT_FOUND',
          `Cannot open ${path}: the file exists, but its name is not valid UTF-8 (� marks the bytes that are not) and Painterly opens files by UTF-8 name only. Rename it (e.g. with mv and a shell wildcard) and try again.`,
          { cause: error },
        );
      }
      throw new PainterlyError('IMAGE_NOT_FOUND', `Image not found: ${path} (looked in ${resolve(path)}). Check the path.`, { cause: error });
    }
    throw decodeFailed(path, error);
  });
  if (stats.isDirectory()) throw new PainterlyError('IMAGE_NOT_FOUND', `Image not found: ${path} is a directory, not an image file.`);
  if (!stats.isFile()) {
    throw new PainterlyError('IMAGE_DECODE_FAILED', `Cannot read ${path} as an image: it is not a regular file (a named pipe, device or socket). Pass an image file.`);
  }
  await fs.access(path, constants.R_OK).catch((error: unknown) => {
    throw decodeFailed(path, error);
  });
}

/** Whether the directory of `path` holds a file whose name is not UTF-8 but reads as `path`'s name (U+FFFD for the bad bytes). */
async function hasUndecodableName(path: string): Promise<boolean> {
  const names = await fs.readdir(dirname(path), { encoding: 'buffer' }).catch(() => [] as Buffer[]);
  const wanted = basename(path);
  return names.some((name) => name.toString('utf8') === wanted && !Buffer.from(wanted, 'utf8').equals(name));
}

function decodeFailed(path: string, cause: unknown): PainterlyError {
  return new PainterlyError(
    'IMAGE_DECODE_FAILED',
    `Cannot read ${path} as an image (${decoderReason(cause)}). Supported formats: JPEG, PNG, WebP, TIFF, GIF; check that the file is complete and not renamed from another format.`,
    { cause },
  );
}

/** The decoder's complaint in a few words: libvips can print a line per failed seek (26 for a fake HEIC). */
function decoderReason(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/unsupported image format/i.test(message)) return 'not a format Painterly can decode';
  if (/corrupt header|bad seek|insufficient input data|premature end|truncated/i.test(message)) return 'its header or data is corrupt or cut short';
  const firstLine = message.split('\n')[0].trim();
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine;
}

function tooLarge(path: string, width: number, height: number, maxPixels: number): PainterlyError {
  return new PainterlyError(
    'IMAGE_TOO_LARGE',
    `Image ${path} is ${width}×${height} = ${count(width * height)} pixels, over the limit of ${count(maxPixels)} pixels. Raise the pixel limit or use a smaller image.`,
    { option: 'maxPixels' },
  );
}

/** Reads sharp's native-endian 16-bit raw output as Uint16Array (copying only if the buffer is unaligned). */
function ushortSamples(data: Buffer): Uint16Array {
  const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
  return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
}
