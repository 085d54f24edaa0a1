/**
 * Tile geometry of a tiled Gatys evaluation. The image is padded to a canvas whose sides are
 * multiples of 16 (VGG19 pools 4 times before conv5_1), so every tile window and every core starts on
 * a 16-pixel grid and maps to whole positions at every layer, exactly as in a whole-image run.
 * Each core (the positions a tile is responsible for) sits inside a window `margin` px larger on each
 * side where the image allows, so its activations see context; the cores partition the canvas.
 * The grid of cores is shifted between evaluations, so no core border stays in one place.
 */

/** The alignment every window and core obeys: 2⁴ for the four poolings before conv5_1. */
export const TILE_ALIGNMENT = 16;

/** One tile: a window of the tile size and the core inside it, in canvas pixels. */
export interface TileWindow {
  readonly x: number;
  readonly y: number;
  readonly coreX0: number;
  readonly coreY0: number;
  readonly coreX1: number;
  readonly coreY1: number;
}

/** `value` rounded up to a multiple of TILE_ALIGNMENT. */
export function alignUp(value: number): number {
  return Math.ceil(value / TILE_ALIGNMENT) * TILE_ALIGNMENT;
}

/** `value` rounded down to a multiple of TILE_ALIGNMENT (at least TILE_ALIGNMENT). */
export function alignDown(value: number): number {
  return Math.max(TILE_ALIGNMENT, Math.floor(value / TILE_ALIGNMENT) * TILE_ALIGNMENT);
}

/**
 * The tiles covering a `canvasWidth × canvasHeight` canvas with windows of `tileWidth × tileHeight`
 * (all multiples of 16, tile ≤ canvas) and `margin` px of context. Along each axis it takes the fewest
 * cores that fit — a core at the canvas edge needs a margin on one side only, an inner one on both —
 * plus one more when that leaves less than 2·margin of slack, so the cuts can move. `jitterX` and
 * `jitterY` in [0, 1) slide all cuts of an axis together across that slack.
 *
 * @example
 * planTileGrid(2048, 960, 768, 768, 64, 0.5, 0.5) // 4 × 2 tiles
 */
export function planTileGrid(
  canvasWidth: number,
  canvasHeight: number,
  tileWidth: number,
  tileHeight: number,
  margin: number,
  jitterX: number,
  jitterY: number,
): TileWindow[] {
  for (const value of [canvasWidth, canvasHeight, tileWidth, tileHeight, margin]) {
    if (value % TILE_ALIGNMENT !== 0) throw new RangeError(`tile geometry must be multiples of ${TILE_ALIGNMENT}, got ${value}`);
  }
  if (tileWidth > canvasWidth || tileHeight > canvasHeight) throw new RangeError('the tile is larger than the canvas');
  const columns = spans(canvasWidth, tileWidth, margin, jitterX);
  const rows = spans(canvasHeight, tileHeight, margin, jitterY);
  const tiles: TileWindow[] = [];
  for (const row of rows) {
    for (const column of columns) {
      tiles.push({ x: column.window, y: row.window, coreX0: column.core0, coreX1: column.core1, coreY0: row.core0, coreY1: row.core1 });
    }
  }
  return tiles;
}

/** Cores along one axis and the window start of each. */
function spans(canvas: number, tile: number, margin: number, jitter: number): Array<{ window: number; core0: number; core1: number }> {
  // A tile as large as the canvas needs no margin: one core, the whole axis.
  if (tile === canvas) return [{ window: 0, core0: 0, core1: canvas }];
  const inner = tile - 2 * margin;
  const edge = tile - margin;
  if (inner < TILE_ALIGNMENT) throw new RangeError(`a ${tile} px tile leaves no core inside ${margin} px margins`);
  let count = Math.max(2, 2 + Math.ceil((canvas - 2 * edge) / inner));
  if (2 * edge + (count - 2) * inner - canvas < 2 * margin) count += 1;
  const slack = 2 * edge + (count - 2) * inner - canvas;
  // Inner cores are `inner` long; the first and last share the rest, 2·edge − slack, each between 16
  // px and `edge` (a longer edge core would not fit its window). The jitter picks the split.
  const low = Math.max(TILE_ALIGNMENT, edge - slack);
  const high = Math.min(edge, 2 * edge - slack - TILE_ALIGNMENT);
  const steps = (high - low) / TILE_ALIGNMENT;
  const first = low + TILE_ALIGNMENT * Math.min(steps, Math.floor(jitter * (steps + 1)));
  const cuts = [0, first];
  for (let k = 0; k < count - 2; k++) cuts.push(cuts[cuts.length - 1] + inner);
  cuts.push(canvas);
  return cuts.slice(0, -1).map((core0, k) => {
    const core1 = cuts[k + 1];
    return { window: Math.min(canvas - tile, Math.max(0, core0 - margin)), core0, core1 };
  });
}
