/**
 * The fast engine's entry point: one feed-forward pass of a pretrained network, tiled when the image
 * is over the memory budget.
 */
import { invalidOption, throwIfAborted } from '../errors.js';
import { createRgbImage, type RgbImage } from '../image.js';
import type { GraphRuntime } from '../runtime.js';
import type { FastStyleCheckpoint } from './checkpoint.js';
import { downscaleArea } from './downscale.js';
import type { FastProgressListener } from './events.js';
import { buildFastStyleGraph } from './network-graph.js';
import { blendStrength } from './strength.js';
import { TILE_EDGE_REACH_PX } from './tile-plan.js';
import { measureFastStatistics, runFastGraph, stylizeTiled } from './tiled-run.js';

/** Options of {@link stylizeFast}; every field has a default in `FAST_STYLE_DEFAULTS`. */
export interface FastStyleOptions {
  /** Memory budget: one network run sees at most `tileSizePx²` pixels. Larger images are tiled. */
  readonly tileSizePx?: number;
  /**
   * Tiled runs measure the norm statistics on a copy of at most `statisticsSizePx²` pixels (one run
   * of that size, so it is a memory budget too). Default: `tileSizePx`. At least the image's size
   * (`ceil(sqrt(width · height))`) makes tiled output equal to untiled output.
   */
  readonly statisticsSizePx?: number;
  /** Minimum overlap of neighbouring tiles. Below 2·52 px tiles still blend smoothly but are no longer exact. */
  readonly overlapPx?: number;
  /** `out = strength·stylized + (1 − strength)·content`, 0–1. */
  readonly strength?: number;
  readonly onProgress?: FastProgressListener;
  readonly signal?: AbortSignal;
}

/** Defaults: 768² px (~0.6 MP; a 768² run peaks at ~0.55 GB process RSS) per run, 128 px overlap (2 × 52 px exact margins + a 24 px fade). */
export const FAST_STYLE_DEFAULTS = { tileSizePx: 768, overlapPx: 128, strength: 1 } as const;

/**
 * Stylizes `image` with a pretrained fast-style network; the result has the input's size.
 *
 * Images of at most `tileSizePx²` pixels go through the network whole, exactly as trained.
 * Larger ones are tiled without seams, in two steps:
 * 1. The instance-norm statistics (per layer and channel mean and variance) are measured once, on a
 *    copy of the image area-downscaled to `statisticsSizePx²` pixels. Per-tile statistics would differ from
 *    tile to tile and show as tone shifts at the tile borders, whatever the feathering.
 * 2. With those statistics fixed, every norm is an affine map folded into its conv, so the network
 *    becomes a plain stack of convolutions: translation-equivariant (tiles start on the stride-4 grid)
 *    with a finite reach. A tile's output at 52 px (`TILE_EDGE_REACH_PX`) or more from its edges equals
 *    that of the whole image, so with the default 128 px overlap the raised-cosine fades only ever mix
 *    identical values: there is nothing for a seam to show. One session serves every tile (all tiles
 *    have one size), and peak memory is one tile's worth plus the input and output images.
 * The price: on images over the budget, the statistics come from a smaller copy, so strokes look as the
 * network paints them at that scale (a global difference, not a seam).
 *
 * Emits `statistics` and `tile` progress events, cancels between tiles through `signal` (ABORTED),
 * and always releases its sessions.
 *
 * @example
 * const stylized = await stylizeFast(runtime, await readFastStyleCheckpoint(dir), content, { onProgress: console.log });
 */
export async function stylizeFast(
  runtime: GraphRuntime,
  checkpoint: FastStyleCheckpoint,
  image: RgbImage,
  options: FastStyleOptions = {},
): Promise<RgbImage> {
  const { tileSizePx, statisticsSizePx, overlapPx, strength } = resolveOptions(options);
  const startedAt = Date.now();
  const maxTilePixels = tileSizePx * tileSizePx;
  throwIfAborted(options.signal);
  let stylized: RgbImage;
  if (image.width * image.height <= maxTilePixels) {
    const graph = buildFastStyleGraph(checkpoint, { height: image.height, width: image.width });
    const outputs = await runFastGraph(runtime, graph, image.data);
    stylized = createRgbImage(image.width, image.height, outputs[graph.outputName].data);
    options.onProgress?.({ type: 'tile', index: 1, count: 1, elapsedMs: Date.now() - startedAt });
  } else {
    const scale = Math.min(1, statisticsSizePx / Math.sqrt(image.width * image.height));
    const small = scale === 1 ? image : downscaleArea(image, Math.max(1, Math.floor(image.width * scale)), Math.max(1, Math.floor(image.height * scale)));
    const statistics = await measureFastStatistics(runtime, checkpoint, small);
    options.onProgress?.({ type: 'statistics', width: small.width, height: small.height, elapsedMs: Date.now() - startedAt });
    const { onProgress, signal } = options;
    stylized = await stylizeTiled(runtime, checkpoint, image, statistics, { maxTilePixels, overlapPx, onProgress, signal, startedAt });
  }
  return blendStrength(stylized, image, strength);
}

interface ResolvedOptions {
  readonly tileSizePx: number;
  readonly statisticsSizePx: number;
  readonly overlapPx: number;
  readonly strength: number;
}

function resolveOptions(options: FastStyleOptions): ResolvedOptions {
  const tileSizePx = options.tileSizePx ?? FAST_STYLE_DEFAULTS.tileSizePx;
  const statisticsSizePx = options.statisticsSizePx ?? tileSizePx;
  const overlapPx = options.overlapPx ?? FAST_STYLE_DEFAULTS.overlapPx;
  const strength = options.strength ?? FAST_STYLE_DEFAULTS.strength;
  if (!Number.isInteger(tileSizePx) || tileSizePx < 64) throw invalidOption('an integer of at least 64', 'tileSizePx', tileSizePx);
  if (!Number.isInteger(statisticsSizePx) || statisticsSizePx < 64) throw invalidOption('an integer of at least 64', 'statisticsSizePx', statisticsSizePx);
  if (!Number.isInteger(overlapPx) || overlapPx < 0 || overlapPx > tileSizePx / 2) {
    throw invalidOption(`an integer from 0 to ${tileSizePx / 2} (half the tile size; ${2 * TILE_EDGE_REACH_PX} or more for exact tiles)`, 'overlapPx', overlapPx);
  }
  if (!(strength >= 0 && strength <= 1)) throw invalidOption('a number from 0 to 1', 'strength', strength);
  return { tileSizePx, statisticsSizePx, overlapPx, strength };
}
