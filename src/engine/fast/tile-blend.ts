/**
 * Cutting tiles out of a planar image and blending their outputs back in. Pure TypeScript.
 */
import type { RgbImage } from '../image.js';
import { axisWeight, type AxisTile } from './tile-plan.js';

/** A tile's place in the image: its column and row entries of the plan, and its size. */
export interface TilePlacement {
  readonly column: AxisTile;
  readonly row: AxisTile;
  readonly width: number;
  readonly height: number;
}

/**
 * The tile's input pixels, planar [3, height, width]. Parts beyond the image's right or bottom edge
 * (at most 3 px, from padding to a multiple of 4) repeat the edge pixels.
 *
 * @example
 * const input = extractTile(image, { column, row, width: 512, height: 512 });
 */
export function extractTile(image: RgbImage, tile: TilePlacement): Float32Array {
  const { width, height } = tile;
  const out = new Float32Array(3 * width * height);
  const plane = image.width * image.height;
  for (let channel = 0; channel < 3; channel++) {
    for (let y = 0; y < height; y++) {
      const sourceY = Math.min(tile.row.start + y, image.height - 1);
      const sourceRow = channel * plane + sourceY * image.width;
      const targetRow = (channel * height + y) * width;
      for (let x = 0; x < width; x++) out[targetRow + x] = image.data[sourceRow + Math.min(tile.column.start + x, image.width - 1)];
    }
  }
  return out;
}

/**
 * Adds `weight(x) · weight(y) · tileOutput` into `target` over the part of the tile inside the image.
 * With the plan's weights (a partition of unity on each axis) the sum over all tiles is the blend.
 *
 * @example
 * accumulateTile(output, stylizedTile, placement);
 */
export function accumulateTile(target: RgbImage, tileOutput: Float32Array, tile: TilePlacement): void {
  const { width, height } = tile;
  const columns = Math.min(width, target.width - tile.column.start);
  const rows = Math.min(height, target.height - tile.row.start);
  const columnWeights = Float32Array.from({ length: columns }, (_, x) => axisWeight(tile.column, tile.column.start + x));
  const plane = target.width * target.height;
  for (let y = 0; y < rows; y++) {
    const rowWeight = axisWeight(tile.row, tile.row.start + y);
    if (rowWeight === 0) continue;
    for (let channel = 0; channel < 3; channel++) {
      const targetRow = channel * plane + (tile.row.start + y) * target.width + tile.column.start;
      const sourceRow = (channel * height + y) * width;
      for (let x = 0; x < columns; x++) target.data[targetRow + x] += rowWeight * columnWeights[x] * tileOutput[sourceRow + x];
    }
  }
}
