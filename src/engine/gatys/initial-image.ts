import { createRgbImage, type RgbImage } from '../image.js';
import { createRng } from '../random.js';
import type { InitKind } from './settings.js';

/** Half-width of the uniform noise of the `noise` init, on the 0–255 scale. */
export const NOISE_AMPLITUDE = 20;

/** The ImageNet mean colour (R, G, B on 0–255): the grey neural-style starts from, and the centre of `noise`. */
export const MEAN_COLOUR: readonly [number, number, number] = [123.68, 116.779, 103.939];

/** Standard deviation of the `gray` init's noise, on the 0–255 scale (neural-style's `randn() * 0.001`). */
export const GRAY_NOISE = 0.001;

/**
 * The image the optimization starts from:
 * - `noise`: the course's start, built around the mean colour m: m + noiseRatio·U(−20, 20) +
 *   (1 − noiseRatio)·(content − m) — a low-contrast, noisy photo (noiseRatio 0.6 by default);
 * - `random`: pure noise, U(0, 255) per value;
 * - `gray`: the flat mean colour plus N(0, 0.001²) noise — neural-style's `-init random`;
 * - `content`: the content image;
 * - `image`: `initImage`, already resized to the content's size.
 * Seeded: the same seed gives the same image.
 *
 * @example const start = initialImage('noise', content, { seed: 0, noiseRatio: 0.6 });
 */
export function initialImage(
  kind: InitKind,
  content: RgbImage,
  options: { readonly seed: number; readonly noiseRatio: number; readonly initImage?: RgbImage },
): RgbImage {
  const rng = createRng(options.seed);
  const data = new Float32Array(content.data.length);
  const plane = content.width * content.height;
  const meanAt = (i: number) => MEAN_COLOUR[Math.floor(i / plane)];
  switch (kind) {
    case 'noise':
      for (let i = 0; i < data.length; i++) {
        const noise = (2 * rng.uniform() - 1) * NOISE_AMPLITUDE;
        data[i] = meanAt(i) + options.noiseRatio * noise + (1 - options.noiseRatio) * (content.data[i] - meanAt(i));
      }
      break;
    case 'random':
      for (let i = 0; i < data.length; i++) data[i] = 255 * rng.uniform();
      break;
    case 'gray':
      for (let i = 0; i < data.length; i++) data[i] = meanAt(i) + GRAY_NOISE * rng.normal();
      break;
    case 'content':
      data.set(content.data);
      break;
    case 'image':
      if (!options.initImage) throw new Error('init "image" needs initImage');
      data.set(options.initImage.data);
      break;
  }
  return createRgbImage(content.width, content.height, data);
}
