/**
 * Where the tiles of a large image go and how their outputs are blended. Pure TypeScript.
 *
 * The image is first padded (edge pixels repeated) to a multiple of 4 on both axes, the network's
 * downsampling, so that every tile origin — a multiple of 4 — sits on the same stride grid as the
 * whole image. All tiles have one size, so one session serves them all.
 */
import { FAST_STYLE_DOWNSAMPLING } from './architecture.js';

/**
 * How far, in pixels, the zero padding at a tile edge changes the network's output inside the tile.
 * Derived layer by layer (9×9 conv: 4 px; two stride-2 convs; 10 residual 3×3 convs at ¼ resolution:
 * 40 px; two transposed convs; 9×9 conv: 4 px) and measured: outputs 52 px or more from an edge
 * are bit-for-bit those of the whole image when the norms use fixed statistics.
 */
export const TILE_EDGE_REACH_PX = 52;

/** The narrowest fade between two tiles. */
const MIN_FADE_PX = 8;

/** One tile position along an axis and its blending weights there. */
export interface AxisTile {
  /** First pixel of the tile on this axis. */
  readonly start: number;
  /** Pixels where the weight rises from 0 to 1 (from the previous tile), or null at the image start. */
  readonly fadeIn: readonly [number, number] | null;
  /** Pixels where the weight falls from 1 to 0 (to the next tile), or null at the image end. */
  readonly fadeOut: readonly [number, number] | null;
}

/** The tiles of one image: the grid is `rows × columns`, every tile `tileHeight × tileWidth`. */
export interface TilePlan {
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly columns: readonly AxisTile[];
  readonly rows: readonly AxisTile[];
}

/**
 * Plans tiles of at most `maxTilePixels` pixels overlapping by at least `overlapPx`, choosing the grid
 * that computes the fewest pixels in all.
 *
 * @example
 * planTiles(1200, 900, { maxTilePixels: 512 * 512, overlapPx: 128 }) // → 3 × 2 tiles of 488 × 516
 */
export function planTiles(width: number, height: number, options: { maxTilePixels: number; overlapPx: number }): TilePlan {
  const paddedWidth = roundUp(width);
  const paddedHeight = roundUp(height);
  const { overlapPx, maxTilePixels } = options;
  let best: { columns: number; rows: number; tileWidth: number; tileHeight: number; total: number } | undefined;
  for (let columns = 1; columns <= maxTileCount(paddedWidth, overlapPx); columns++) {
    const tileWidth = tileSize(paddedWidth, columns, overlapPx);
    const rows = fewestTiles(paddedHeight, Math.floor(maxTilePixels / tileWidth), overlapPx);
    if (rows === undefined) continue;
    const tileHeight = tileSize(paddedHeight, rows, overlapPx);
    const total = columns * rows * tileWidth * tileHeight;
    if (!best || total < best.total) best = { columns, rows, tileWidth, tileHeight, total };
  }
  if (!best) throw new RangeError(`no tiling of ${width}×${height} fits ${maxTilePixels} pixels with ${overlapPx} px overlap`);
  return {
    tileWidth: best.tileWidth,
    tileHeight: best.tileHeight,
    columns: axisTiles(paddedWidth, best.tileWidth, best.columns),
    rows: axisTiles(paddedHeight, best.tileHeight, best.rows),
  };
}

/**
 * The blending weight of `tile` at pixel `position` (on that axis): 1 inside, a raised-cosine fade across
 * the middle of each overlap, 0 beyond. The weights of neighbouring tiles sum to exactly 1.
 *
 * @example
 * axisWeight({ start: 0, fadeIn: null, fadeOut: [400, 424] }, 412) // → 0.5
 */
export function axisWeight(tile: AxisTile, position: number): number {
  if (tile.fadeIn && position < tile.fadeIn[1]) return 1 - fadeOutWeight(tile.fadeIn, position);
  if (tile.fadeOut && position >= tile.fadeOut[0]) return fadeOutWeight(tile.fadeOut, position);
  return 1;
}

function fadeOutWeight([from, to]: readonly [number, number], position: number): number {
  if (position < from) return 1;
  if (position >= to) return 0;
  return 0.5 * (1 + Math.cos((Math.PI * (position + 0.5 - from)) / (to - from)));
}

/** The smallest multiple-of-4 tile size such that `count` tiles overlapping by `overlapPx` cover `extent`. */
function tileSize(extent: number, count: number, overlapPx: number): number {
  if (count === 1) return extent;
  return Math.min(extent, roundUp(Math.ceil((extent + (count - 1) * (overlapPx + FAST_STYLE_DOWNSAMPLING)) / count)));
}

/** More tiles than this would advance by less than 4 px each. */
function maxTileCount(extent: number, overlapPx: number): number {
  return Math.max(1, Math.ceil((extent - overlapPx - FAST_STYLE_DOWNSAMPLING) / FAST_STYLE_DOWNSAMPLING));
}

/** The fewest tiles of at most `maxSize` px covering `extent` with the overlap, or undefined if none can. */
function fewestTiles(extent: number, maxSize: number, overlapPx: number): number | undefined {
  if (extent <= maxSize) return 1;
  const stride = roundDown(maxSize) - overlapPx - FAST_STYLE_DOWNSAMPLING;
  if (stride < FAST_STYLE_DOWNSAMPLING) return undefined;
  // count · stride ≥ extent − overlap − 4 makes tileSize(extent, count) ≤ roundDown(maxSize).
  return Math.ceil((extent - overlapPx - FAST_STYLE_DOWNSAMPLING) / stride);
}

function axisTiles(extent: number, size: number, count: number): AxisTile[] {
  const starts = Array.from({ length: count }, (_, index) =>
    index === count - 1 ? extent - size : roundDown(Math.round((index * (extent - size)) / Math.max(1, count - 1))),
  );
  const fades = starts.slice(1).map((nextStart, index): [number, number] => {
    const overlapEnd = starts[index] + size;
    // Fade only where both tiles are exact when the overlap allows it; else across its middle half.
    const overlap = overlapEnd - nextStart;
    const guard = overlap >= 2 * TILE_EDGE_REACH_PX + MIN_FADE_PX ? TILE_EDGE_REACH_PX : Math.floor(overlap / 4);
    return [nextStart + guard, overlapEnd - guard];
  });
  return starts.map((start, index) => ({ start, fadeIn: index > 0 ? fades[index - 1] : null, fadeOut: index < count - 1 ? fades[index] : null }));
}

function roundUp(value: number): number {
  return Math.ceil(value / FAST_STYLE_DOWNSAMPLING) * FAST_STYLE_DOWNSAMPLING;
}

function roundDown(value: number): number {
  return Math.floor(value / FAST_STYLE_DOWNSAMPLING) * FAST_STYLE_DOWNSAMPLING;
}
