/**
 * The pixel types used everywhere in Painterly, and small pure helpers on them.
 * No Node or browser imports: decoders at the edges (sharp in Node, canvas on the web) produce these.
 */
import { invalidValue, PainterlyError } from './errors.js';

/**
 * An RGB image, planar float32, channel-major (NCHW with N=1): `data.length = 3 * height * width`,
 * values on the 0–255 scale, the R plane then G then B.
 *
 * @example
 * const red: RgbImage = createRgbImage(2, 1, new Float32Array([255, 255, 0, 0, 0, 0]));
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * A decoded image: its RGB pixels and, when the source had one, an alpha plane (0–255, `width * height`).
 *
 * @example
 * const { rgb, alpha } = await readImage('photo.png');
 */
export interface DecodedImage {
  readonly rgb: RgbImage;
  readonly alpha?: Float32Array;
}

/**
 * Makes an `RgbImage`, checking the size and the data length. Without `data` the image is black.
 *
 * @example
 * createRgbImage(64, 48) // black 64×48 image, data.length === 3 * 64 * 48
 */
export function createRgbImage(width: number, height: number, data?: Float32Array): RgbImage {
  assertDimension(width, 'width');
  assertDimension(height, 'height');
  const expectedLength = 3 * width * height;
  if (data !== undefined && data.length !== expectedLength) {
    throw invalidValue(`${expectedLength} values (3 × ${width} × ${height})`, 'RGB image data', `${data.length} values`);
  }
  return { width, height, data: data ?? new Float32Array(expectedLength) };
}

/**
 * Throws a PainterlyError unless `image` is a whole `RgbImage` and `alpha`, when given, has one value per pixel.
 *
 * @example
 * assertDecodedImage({ rgb: createRgbImage(4, 4) }) // passes
 */
export function assertDecodedImage(image: DecodedImage): void {
  createRgbImage(image.rgb.width, image.rgb.height, image.rgb.data);
  const pixelCount = image.rgb.width * image.rgb.height;
  if (image.alpha !== undefined && image.alpha.length !== pixelCount) {
    throw invalidValue(`${pixelCount} alpha values (one per pixel)`, 'alpha plane', `${image.alpha.length} values`);
  }
}

/**
 * Throws a PainterlyError (INVALID_OPTION) unless `a` and `b` have the same width and height.
 *
 * @example
 * assertSameSize(stylized, content, 'the stylized image and the content image')
 */
export function assertSameSize(a: RgbImage, b: RgbImage, what: string): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new PainterlyError(
      'INVALID_OPTION',
      `Expected ${what} to have the same size but received ${a.width}×${a.height} and ${b.width}×${b.height}. Resize one to match the other.`,
    );
  }
}

/**
 * The size whose longer side is `longSidePx` with the aspect ratio of `width × height` kept
 * (each side rounded, at least 1 px). Scales up as well as down.
 *
 * @example
 * fitLongSide(1280, 720, 512) // → { width: 512, height: 288 }
 * fitLongSide(300, 1200, 400) // → { width: 100, height: 400 }
 */
export function fitLongSide(width: number, height: number, longSidePx: number): { width: number; height: number } {
  assertDimension(width, 'width');
  assertDimension(height, 'height');
  assertDimension(longSidePx, 'longSidePx');
  const scale = longSidePx / Math.max(width, height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * Builds a DecodedImage from interleaved (HWC) samples with 1–4 channels — gray, gray + alpha, RGB or
 * RGBA — multiplying every sample by `scale` (1 for 8-bit data, 1/257 for 16-bit data).
 *
 * @example
 * fromInterleaved(new Uint8Array([255, 0, 0, 128]), 1, 1, 4) // → { rgb: red 1×1, alpha: [128] }
 */
export function fromInterleaved(
  samples: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  scale = 1,
): DecodedImage {
  const pixelCount = width * height;
  if (![1, 2, 3, 4].includes(channels) || samples.length !== pixelCount * channels) {
    throw invalidValue(`1–4 channels and ${width} × ${height} × channels samples`, 'interleaved pixels', `${channels} channels, ${samples.length} samples`);
  }
  const rgb = createRgbImage(width, height);
  const colourChannels = channels >= 3 ? 3 : 1;
  const alpha = channels === 2 || channels === 4 ? new Float32Array(pixelCount) : undefined;
  for (let pixel = 0; pixel < pixelCount; pixel += 1) {
    const base = pixel * channels;
    for (let channel = 0; channel < 3; channel += 1) {
      rgb.data[channel * pixelCount + pixel] = samples[base + (colourChannels === 3 ? channel : 0)] * scale;
    }
    if (alpha) alpha[pixel] = samples[base + channels - 1] * scale;
  }
  return alpha ? { rgb, alpha } : { rgb };
}

/**
 * Interleaves an image into HWC samples — RGB, or RGBA when it has alpha — rounded and clamped to
 * 0–255 for `bitDepth` 8 or to 0–65535 (value × 257) for `bitDepth` 16.
 *
 * @example
 * toInterleaved({ rgb: createRgbImage(1, 1, new Float32Array([255.4, -3, 7.6])) }, 8) // → Uint8Array [255, 0, 8]
 */
export function toInterleaved(image: DecodedImage, bitDepth: 8): Uint8Array;
export function toInterleaved(image: DecodedImage, bitDepth: 16): Uint16Array;
export function toInterleaved(image: DecodedImage, bitDepth: 8 | 16): Uint8Array | Uint16Array {
  assertDecodedImage(image);
  const { rgb, alpha } = image;
  const pixelCount = rgb.width * rgb.height;
  const channels = alpha ? 4 : 3;
  const maxValue = bitDepth === 8 ? 255 : 65535;
  const scale = maxValue / 255;
  const out = bitDepth === 8 ? new Uint8Array(pixelCount * channels) : new Uint16Array(pixelCount * channels);
  const quantize = (value: number): number => Math.min(maxValue, Math.max(0, Math.round(value * scale)));
  for (let pixel = 0; pixel < pixelCount; pixel += 1) {
    const base = pixel * channels;
    for (let channel = 0; channel < 3; channel += 1) out[base + channel] = quantize(rgb.data[channel * pixelCount + pixel]);
    if (alpha) out[base + 3] = quantize(alpha[pixel]);
  }
  return out;
}

function assertDimension(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw invalidValue('a positive integer', name, value);
  }
}
