/**
 * Colour helpers for the "--original-colors" option (Gatys et al. 2016, "Preserving Color in Neural
 * Artistic Style Transfer", luminance-only transfer).
 */
import { assertSameSize, type RgbImage } from './image.js';

/** BT.601 luma weights (the Y of JPEG's full-range YCbCr and of YIQ). */
export const BT601_LUMA = { red: 0.299, green: 0.587, blue: 0.114 } as const;

/**
 * Keeps the content's colours and takes the luminance from the stylized image: in BT.601 YCbCr,
 * Y comes from `stylized` and Cb, Cr from `content`; the result is clamped to 0–255.
 * Both images must have the same size (PainterlyError INVALID_OPTION otherwise).
 *
 * Because YCbCr is a linear transform of RGB with the same Y weights in every inverse row, keeping
 * Cb and Cr and replacing Y equals adding `Y(stylized) − Y(content)` to each of the content's R, G, B.
 *
 * @example
 * // a gray stylized pixel (100, 100, 100) over a red content pixel (200, 40, 40):
 * // Y(content) = 87.84, so the output is (212.16, 52.16, 52.16) — still red, with luma 100.
 * const output = transferLuminance(stylized, content);
 */
export function transferLuminance(stylized: RgbImage, content: RgbImage): RgbImage {
  assertSameSize(stylized, content, 'the stylized image and the content image');
  const planeSize = content.width * content.height;
  const output = new Float32Array(3 * planeSize);
  for (let pixel = 0; pixel < planeSize; pixel += 1) {
    const lumaShift = luma(stylized.data, pixel, planeSize) - luma(content.data, pixel, planeSize);
    for (let channel = 0; channel < 3; channel += 1) {
      const index = channel * planeSize + pixel;
      output[index] = clamp255(content.data[index] + lumaShift);
    }
  }
  return { width: content.width, height: content.height, data: output };
}

function luma(planar: Float32Array, pixel: number, planeSize: number): number {
  return (
    BT601_LUMA.red * planar[pixel] +
    BT601_LUMA.green * planar[planeSize + pixel] +
    BT601_LUMA.blue * planar[2 * planeSize + pixel]
  );
}

function clamp255(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}
