/**
 * Images for the fast-style tests: a generated pattern, crops, and real photos from ../shared.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { createRgbImage, fromInterleaved, type RgbImage } from '../../src/engine/image.js';
import { SHARED } from './repo-root.js';

/** The shared content photos (read-only, outside the repository). */
export const SHARED_CONTENT = join(SHARED, 'images', 'content') + '/';

/**
 * A smooth, deterministic RGB image: a sine in red, a ramp in green, diagonal stripes in blue.
 *
 * @example
 * patternImage(63, 65) // 63 wide, 65 high
 */
export function patternImage(width: number, height: number): RgbImage {
  const image = createRgbImage(width, height);
  const plane = width * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      image.data[y * width + x] = 128 + 100 * Math.sin(x / 9 + y / 13);
      image.data[plane + y * width + x] = (255 * x) / width;
      image.data[2 * plane + y * width + x] = (x + 2 * y) % 23 < 9 ? 220 : 40;
    }
  }
  return image;
}

/** The `width × height` part of `image` whose top-left corner is (`left`, `top`). */
export function cropImage(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const out = createRgbImage(width, height);
  for (let channel = 0; channel < 3; channel++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        out.data[(channel * height + y) * width + x] = image.data[(channel * image.height + top + y) * image.width + left + x];
  return out;
}

/** A shared photo resized (cover) to exactly `width × height`. */
export async function sharedPhoto(name: string, width: number, height: number): Promise<RgbImage> {
  const { data } = await sharp(SHARED_CONTENT + name).resize(width, height, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return fromInterleaved(data, width, height, 3).rgb;
}
