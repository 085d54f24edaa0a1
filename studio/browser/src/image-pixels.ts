/**
 * The page's image edge: decodes a visitor's file with the browser's own decoders
 * (`createImageBitmap`, no colour conversion, straight alpha) into the engine's `DecodedImage`,
 * resizes with the browser's high-quality resampler, and turns results back into RGBA pixels.
 * Works in a worker (OffscreenCanvas).
 */
import { PainterlyError } from '../../../src/engine/errors.js';
import { fromInterleaved, toInterleaved, type DecodedImage } from '../../../src/engine/image.js';

/**
 * Decodes `blob` (JPEG, PNG, WebP, GIF: what the browser reads), refusing more than `maxPixels`.
 * The alpha plane is kept only when some pixel is not opaque, as the Node reader does.
 *
 * @example
 * const photo = await decodeImage(file, 50_000_000);
 */
export async function decodeImage(blob: Blob, maxPixels: number, what: string): Promise<DecodedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
  } catch (error) {
    throw new PainterlyError('IMAGE_DECODE_FAILED', `The ${what} could not be read as an image (${error instanceof Error ? error.message : String(error)}). Choose a JPEG, PNG or WebP file.`, { cause: error });
  }
  if (bitmap.width * bitmap.height > maxPixels) {
    bitmap.close();
    throw new PainterlyError('IMAGE_TOO_LARGE', `The ${what} has ${bitmap.width}×${bitmap.height} px, more than the ${maxPixels.toLocaleString('en-US')} px this page accepts. Choose a smaller image.`);
  }
  return decodedFromBitmap(bitmap);
}

/**
 * `image` at `width × height`, resampled by the browser (`resizeQuality: 'high'`); the same image
 * when it already has that size.
 *
 * @example
 * const working = await resizeImage(photo, 512, 384);
 */
export async function resizeImage(image: DecodedImage, width: number, height: number): Promise<DecodedImage> {
  if (image.rgb.width === width && image.rgb.height === height) return image;
  const source = new ImageData(rgbaPixels(image), image.rgb.width, image.rgb.height);
  const bitmap = await createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high', premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const resized = decodedFromBitmap(bitmap);
  return image.alpha ? resized : { rgb: resized.rgb };
}

/**
 * RGBA pixels of `image` (opaque where it has no alpha), 8 bits, rounded and clamped.
 *
 * @example
 * ctx.putImageData(new ImageData(rgbaPixels(result), result.rgb.width, result.rgb.height), 0, 0);
 */
export function rgbaPixels(image: DecodedImage): Uint8ClampedArray<ArrayBuffer> {
  const { width, height } = image.rgb;
  const alpha = image.alpha ?? new Float32Array(width * height).fill(255);
  const samples = toInterleaved({ rgb: image.rgb, alpha }, 8);
  return new Uint8ClampedArray(samples.buffer as ArrayBuffer, samples.byteOffset, samples.length);
}

function decodedFromBitmap(bitmap: ImageBitmap): DecodedImage {
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!context) throw new PainterlyError('IMAGE_DECODE_FAILED', 'This browser cannot read pixels from a canvas. Use a current Chrome, Edge or Firefox.');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = context.getImageData(0, 0, width, height).data;
  const decoded = fromInterleaved(pixels, width, height, 4);
  return decoded.alpha && decoded.alpha.some((value) => value < 255) ? decoded : { rgb: decoded.rgb };
}
