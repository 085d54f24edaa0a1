/**
 * The two building blocks of tiled fast-style runs (see `stylize-fast.ts` for why they look like this):
 * measuring instance-norm statistics on one image, and running the network with those statistics
 * fixed over overlapping tiles of another.
 */
import { throwIfAborted } from '../errors.js';
import { createRgbImage, type RgbImage } from '../image.js';
import type { GraphRuntime, GraphSession, TensorValue } from '../runtime.js';
import type { FastStyleCheckpoint } from './checkpoint.js';
import type { FastProgressListener } from './events.js';
import { buildFastStyleGraph, type FastStyleGraph } from './network-graph.js';
import type { LayerStatistics } from './norm-statistics.js';
import { accumulateTile, extractTile } from './tile-blend.js';
import { planTiles } from './tile-plan.js';

/** Options of {@link stylizeTiled}. */
export interface TiledRunOptions {
  /** Pixels of one tile at most (the memory budget of one network run). */
  readonly maxTilePixels: number;
  readonly overlapPx: number;
  readonly onProgress?: FastProgressListener;
  readonly signal?: AbortSignal;
  /** `Date.now()` when the whole run started, for `elapsedMs` in events; default: now. */
  readonly startedAt?: number;
}

/**
 * Runs the trained network (per-image instance norm) on `image` and returns every layer's pre-norm
 * per-channel mean and variance.
 *
 * @example
 * const statistics = await measureFastStatistics(runtime, checkpoint, downscaleArea(photo, 700, 525));
 */
export async function measureFastStatistics(runtime: GraphRuntime, checkpoint: FastStyleCheckpoint, image: RgbImage): Promise<LayerStatistics[]> {
  const graph = buildFastStyleGraph(checkpoint, { height: image.height, width: image.width, normalization: { kind: 'instance', exposeStatistics: true } });
  const outputs = await runFastGraph(runtime, graph, image.data);
  return graph.statisticsOutputs.map(({ mean, variance }) => ({ mean: outputs[mean].data, variance: outputs[variance].data }));
}

/**
 * Stylizes `image` tile by tile with the norms fixed to `statistics`, blending the overlaps; one session
 * serves all tiles and is always released. Emits a `tile` event per tile; cancels between tiles (ABORTED).
 *
 * @example
 * const stylized = await stylizeTiled(runtime, checkpoint, photo, statistics, { maxTilePixels: 768 * 768, overlapPx: 128 });
 */
export async function stylizeTiled(
  runtime: GraphRuntime,
  checkpoint: FastStyleCheckpoint,
  image: RgbImage,
  statistics: readonly LayerStatistics[],
  options: TiledRunOptions,
): Promise<RgbImage> {
  const startedAt = options.startedAt ?? Date.now();
  const plan = planTiles(image.width, image.height, { maxTilePixels: options.maxTilePixels, overlapPx: options.overlapPx });
  const { tileWidth: width, tileHeight: height } = plan;
  const graph = buildFastStyleGraph(checkpoint, { height, width, normalization: { kind: 'fixed', statistics } });
  const output = createRgbImage(image.width, image.height);
  const count = plan.rows.length * plan.columns.length;
  throwIfAborted(options.signal);
  const session = await runtime.createSession(graph.model);
  try {
    let index = 0;
    for (const row of plan.rows) {
      for (const column of plan.columns) {
        throwIfAborted(options.signal);
        const placement = { row, column, width, height };
        const outputs = await session.run({ [graph.inputName]: { data: extractTile(image, placement), dims: graph.dims } });
        accumulateTile(output, outputs[graph.outputName].data, placement);
        options.onProgress?.({ type: 'tile', index: ++index, count, elapsedMs: Date.now() - startedAt });
      }
    }
  } finally {
    await session.release();
  }
  return output;
}

/**
 * Creates a session for `graph`, runs it once on `data` and releases it, whatever happens.
 *
 * @example
 * const outputs = await runFastGraph(runtime, buildFastStyleGraph(checkpoint, { height, width }), image.data);
 */
export async function runFastGraph(runtime: GraphRuntime, graph: FastStyleGraph, data: Float32Array): Promise<Record<string, TensorValue>> {
  let session: GraphSession | undefined;
  try {
    session = await runtime.createSession(graph.model);
    return await session.run({ [graph.inputName]: { data, dims: graph.dims } });
  } finally {
    await session?.release();
  }
}

