/**
 * Area-average downscaling of planar RGB images (pure TypeScript), used to measure the instance-norm
 * statistics of a large image on a smaller copy of it.
 */
import { createRgbImage, type RgbImage } from '../image.js';

/**
 * Shrinks `image` to `width × height` (each no larger than the source's) by averaging every source pixel
 * over the area it covers in the target, separably (rows, then columns). Exact for integer factors.
 *
 * @example
 * downscaleArea(createRgbImage(4, 2, data), 2, 1) // each output pixel = mean of a 2×2 block
 */
export function downscaleArea(image: RgbImage, width: number, height: number): RgbImage {
  if (width > image.width || height > image.height) throw new RangeError('downscaleArea only shrinks images');
  const horizontal = coverage(image.width, width);
  const verticalByRow = groupBySource(coverage(image.height, height), image.height);
  const out = createRgbImage(width, height);
  const row = new Float64Array(width);
  for (let channel = 0; channel < 3; channel++) {
    const source = channel * image.width * image.height;
    const target = channel * width * height;
    const accumulated = new Float64Array(width * height);
    for (let y = 0; y < image.height; y++) {
      row.fill(0);
      const offset = source + y * image.width;
      for (const { from, to, weight } of horizontal) row[to] += weight * image.data[offset + from];
      for (const { to, weight } of verticalByRow[y]) {
        for (let x = 0; x < width; x++) accumulated[to * width + x] += weight * row[x];
      }
    }
    for (let index = 0; index < width * height; index++) out.data[target + index] = accumulated[index];
  }
  return out;
}

interface Contribution {
  readonly from: number;
  readonly to: number;
  readonly weight: number;
}

function groupBySource(contributions: readonly Contribution[], sourceSize: number): Contribution[][] {
  const groups = Array.from({ length: sourceSize }, (): Contribution[] => []);
  for (const contribution of contributions) groups[contribution.from].push(contribution);
  return groups;
}

/** For one axis: how much each source sample contributes to each target sample (weights per target sum to 1). */
function coverage(sourceSize: number, targetSize: number): Contribution[] {
  const scale = sourceSize / targetSize;
  const contributions: Contribution[] = [];
  for (let to = 0; to < targetSize; to++) {
    const start = to * scale;
    const end = start + scale;
    for (let from = Math.floor(start); from < Math.min(sourceSize, Math.ceil(end)); from++) {
      const overlap = Math.min(end, from + 1) - Math.max(start, from);
      if (overlap > 0) contributions.push({ from, to, weight: overlap / scale });
    }
  }
  return contributions;
}
