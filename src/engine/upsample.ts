/**
 * Smooth resampling of planar float images (pure TypeScript), for carrying a result from one scale of a
 * multi-scale run to the next: bicubic (Keys' cubic convolution) for images and first moments, bilinear
 * for values that must stay non-negative (second moments). Both map pixel centres
 * (source x = (x + 0.5)·inWidth/outWidth − 0.5) and repeat edge pixels, as PyTorch's `interpolate` with
 * `align_corners=False` does. Meant for enlarging: shrinking by more than 2× aliases (use an area filter).
 */
import { createRgbImage, type RgbImage } from './image.js';

/** How a sample is interpolated from its neighbours. */
export type ResampleKernel = 'bicubic' | 'bilinear';

/** Keys' free parameter: −0.5 reproduces quadratics (PIL's choice); PyTorch uses −0.75. */
export const KEYS_A = -0.5;

/**
 * `image` resampled to `width × height` with bicubic interpolation (values may overshoot 0–255 slightly
 * at sharp edges; callers clamp where they need to).
 *
 * @example
 * const larger = upsampleImage(small, 181, 136);
 */
export function upsampleImage(image: RgbImage, width: number, height: number, kernel: ResampleKernel = 'bicubic'): RgbImage {
  const data = resamplePlanes(image.data, 3, image.width, image.height, width, height, kernel);
  return createRgbImage(width, height, data);
}

/**
 * Resamples `planes` planes of `inWidth × inHeight` values (plane-major, like `RgbImage.data`) to
 * `outWidth × outHeight`, separably: rows first, then columns.
 *
 * @example
 * resamplePlanes(moments, 3, 128, 96, 181, 136, 'bilinear')
 */
export function resamplePlanes(
  data: Float32Array,
  planes: number,
  inWidth: number,
  inHeight: number,
  outWidth: number,
  outHeight: number,
  kernel: ResampleKernel,
  keysA: number = KEYS_A,
): Float32Array {
  if (data.length !== planes * inWidth * inHeight) {
    throw new RangeError(`expected ${planes * inWidth * inHeight} values, got ${data.length}`);
  }
  const columnTaps = taps(inWidth, outWidth, kernel, keysA);
  const rowTaps = taps(inHeight, outHeight, kernel, keysA);
  const out = new Float32Array(planes * outWidth * outHeight);
  const widened = new Float64Array(outWidth * inHeight);
  for (let plane = 0; plane < planes; plane++) {
    const source = plane * inWidth * inHeight;
    for (let y = 0; y < inHeight; y++) {
      const row = source + y * inWidth;
      for (let x = 0; x < outWidth; x++) {
        const { index, weight } = columnTaps[x];
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += weight[k] * data[row + index[k]];
        widened[y * outWidth + x] = sum;
      }
    }
    const target = plane * outWidth * outHeight;
    for (let y = 0; y < outHeight; y++) {
      const { index, weight } = rowTaps[y];
      const offset = target + y * outWidth;
      for (let x = 0; x < outWidth; x++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += weight[k] * widened[index[k] * outWidth + x];
        out[offset + x] = sum;
      }
    }
  }
  return out;
}

interface Taps {
  readonly index: Int32Array;
  readonly weight: Float64Array;
}

/** For each output position, the source positions it reads (edge-clamped) and their weights. */
function taps(inSize: number, outSize: number, kernel: ResampleKernel, keysA: number): Taps[] {
  const scale = inSize / outSize;
  const result: Taps[] = [];
  for (let out = 0; out < outSize; out++) {
    const centre = (out + 0.5) * scale - 0.5;
    const base = Math.floor(centre);
    const t = centre - base;
    const offsets = kernel === 'bicubic' ? [-1, 0, 1, 2] : [0, 1];
    const weights = kernel === 'bicubic' ? [cubic(1 + t, keysA), cubic(t, keysA), cubic(1 - t, keysA), cubic(2 - t, keysA)] : [1 - t, t];
    const index = new Int32Array(offsets.length);
    offsets.forEach((offset, k) => (index[k] = Math.min(inSize - 1, Math.max(0, base + offset))));
    result.push({ index, weight: Float64Array.from(weights) });
  }
  return result;
}

/** Keys' cubic convolution kernel at distance `x`. */
function cubic(x: number, a: number): number {
  const d = Math.abs(x);
  if (d <= 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
  if (d < 2) return (((d - 5) * d + 8) * d - 4) * a;
  return 0;
}
