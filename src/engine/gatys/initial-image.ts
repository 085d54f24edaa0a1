import { createRgbImage, type RgbImage } from '../image.js';
import { createRng } from '../random.js';
import type { InitKind } from './settings.js';

/** Half-width of the uniform noise of the `noise` init, on the 0–255 scale. */
export const NOISE_AMPLITUDE = 20;

/**
 * The image the optimization starts from:
 * - `noise`: noiseRatio·U(−20, 20) + (1 − noiseRatio)·content (0.6 by default, as in the write-up);
 * - `random`: pure noise, U(0, 255) per value;
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
  switch (kind) {
    case 'noise':
      for (let i = 0; i < data.length; i++) {
        const noise = (2 * rng.uniform() - 1) * NOISE_AMPLITUDE;
        data[i] = options.noiseRatio * noise + (1 - options.noiseRatio) * content.data[i];
      }
      break;
    case 'random':
      for (let i = 0; i < data.length; i++) data[i] = 255 * rng.uniform();
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
