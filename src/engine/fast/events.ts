/**
 * Progress of a fast-style run, as data: the CLI draws a bar, `--json` prints one event per line,
 * the server streams them.
 */

/**
 * The image is larger than one tile: the instance-norm statistics were measured on a
 * `width × height` copy of it (see `stylize-fast.ts`).
 */
export interface FastStatisticsEvent {
  readonly type: 'statistics';
  readonly width: number;
  readonly height: number;
  readonly elapsedMs: number;
}

/**
 * Tile `index` of `count` is done (1-based: the last event has `index === count`). An image that
 * fits in one tile reports a single `{ index: 1, count: 1 }`.
 *
 * @example
 * onProgress: (event) => { if (event.type === 'tile') bar.update(event.index / event.count); }
 */
export interface FastTileEvent {
  readonly type: 'tile';
  readonly index: number;
  readonly count: number;
  readonly elapsedMs: number;
}

/** Everything a fast-style run reports. */
export type FastStyleEvent = FastStatisticsEvent | FastTileEvent;

/** Receives progress events. */
export type FastProgressListener = (event: FastStyleEvent) => void;
