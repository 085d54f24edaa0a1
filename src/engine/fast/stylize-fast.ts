import { invalidOption, PainterlyError } from '../errors.js';
import { createRgbImage, type RgbImage } from '../image.js';
import type { GraphRuntime, GraphSession } from '../runtime.js';
import type { FastStyleCheckpoint } from './checkpoint.js';
import { downscaleArea } from './downscale.js';
import type { FastProgressListener } from './events.js';
import { buildFastStyleGraph, type FastGraphOptions, type FastStyleGraph } from './network-graph.js';
import type { LayerStatistics } from './norm-statistics.js';
import { blendStrength } from './strength.js';
import { accumulateTile, extractTile } from './tile-blend.js';
import { planTiles, TILE_EDGE_REACH_PX } from './tile-plan.js';

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

/** Defaults: 768² px (~0.6 MP, ~0.5 GB peak in ONNX Runtime) per run, 128 px overlap (2 × 52 px exact margins + a 24 px fade). */
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
  const started = Date.now();
  const elapsedMs = () => Date.now() - started;
  const maxTilePixels = tileSizePx * tileSizePx;
  throwIfAborted(options.signal);
  let stylized: RgbImage;
  if (image.width * image.height <= maxTilePixels) {
    const graph = buildFastStyleGraph(checkpoint, { height: image.height, width: image.width });
    stylized = createRgbImage(image.width, image.height, (await runOnce(runtime, graph, image.data)).output);
    options.onProgress?.({ type: 'tile', index: 1, count: 1, elapsedMs: elapsedMs() });
  } else {
    const scale = Math.min(1, statisticsSizePx / Math.sqrt(image.width * image.height));
    const small = scale === 1 ? image : downscaleArea(image, Math.max(1, Math.floor(image.width * scale)), Math.max(1, Math.floor(image.height * scale)));
    const statistics = await measureStatistics(runtime, checkpoint, small);
    options.onProgress?.({ type: 'statistics', width: small.width, height: small.height, elapsedMs: elapsedMs() });
    const tileOptions = { maxTilePixels, overlapPx, onProgress: options.onProgress, signal: options.signal, elapsedMs };
    stylized = await stylizeTiles(runtime, checkpoint, image, statistics, tileOptions);
  }
  return blendStrength(stylized, image, strength);
}

interface TileRunOptions {
  readonly maxTilePixels: number;
  readonly overlapPx: number;
  readonly onProgress?: FastProgressListener;
  readonly signal?: AbortSignal;
  readonly elapsedMs: () => number;
}

async function stylizeTiles(
  runtime: GraphRuntime,
  checkpoint: FastStyleCheckpoint,
  image: RgbImage,
  statistics: readonly LayerStatistics[],
  options: TileRunOptions,
): Promise<RgbImage> {
  const plan = planTiles(image.width, image.height, { maxTilePixels: options.maxTilePixels, overlapPx: options.overlapPx });
  const { tileWidth: width, tileHeight: height } = plan;
  const graph = buildFastStyleGraph(checkpoint, { height, width, normalization: { kind: 'fixed', statistics } });
  const output = createRgbImage(image.width, image.height);
  const count = plan.rows.length * plan.columns.length;
  const session = await runtime.createSession(graph.model);
  try {
    let index = 0;
    for (const row of plan.rows) {
      for (const column of plan.columns) {
        throwIfAborted(options.signal);
        const placement = { row, column, width, height };
        const outputs = await session.run({ [graph.inputName]: { data: extractTile(image, placement), dims: graph.dims } });
        accumulateTile(output, outputs[graph.outputName].data, placement);
        options.onProgress?.({ type: 'tile', index: ++index, count, elapsedMs: options.elapsedMs() });
      }
    }
  } finally {
    await session.release();
  }
  return output;
}

/** Runs the trained network on `image` and returns every layer's pre-norm statistics. */
async function measureStatistics(runtime: GraphRuntime, checkpoint: FastStyleCheckpoint, image: RgbImage): Promise<LayerStatistics[]> {
  const options: FastGraphOptions = { height: image.height, width: image.width, normalization: { kind: 'instance', exposeStatistics: true } };
  const graph = buildFastStyleGraph(checkpoint, options);
  const { outputs } = await runOnce(runtime, graph, image.data);
  return graph.statisticsOutputs.map(({ mean, variance }) => ({ mean: outputs[mean].data, variance: outputs[variance].data }));
}

async function runOnce(runtime: GraphRuntime, graph: FastStyleGraph, data: Float32Array) {
  let session: GraphSession | undefined;
  try {
    session = await runtime.createSession(graph.model);
    const outputs = await session.run({ [graph.inputName]: { data, dims: graph.dims } });
    return { outputs, output: outputs[graph.outputName].data };
  } finally {
    await session?.release();
  }
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
  if (!(strength >= 0 && strength <= 1)) throw invalidOption('a number from 0 to 1', '--strength', strength);
  return { tileSizePx, statisticsSizePx, overlapPx, strength };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PainterlyError('ABORTED', 'The stylization was cancelled.');
}
