/**
 * The unit visualizer's Node edge: walks a folder of images, runs each through the VGG19 forward
 * graph to one layer and keeps, per unit, the strongest activations (streaming, bounded memory).
 * Images are cover-resized to one square size, so one ONNX session serves the whole folder (see
 * `loadSquareImage` for why).
 */
import { invalidOption, isPainterlyError, PainterlyError, throwIfAborted } from '../engine/errors.js';
import type { RgbImage } from '../engine/image.js';
import { findLayer } from '../engine/network/layers.js';
import type { NetworkTable, NetworkWeights, Pooling } from '../engine/network/types.js';
import { validateNetworkWeights } from '../engine/network/weights.js';
import { ACTIVATION_GRAPH_INPUT, ACTIVATION_GRAPH_OUTPUT, buildActivationGraph } from '../engine/visualize/activation-graph.js';
import { patchBox, suppressionRadius, type PixelBox } from '../engine/visualize/receptive-field.js';
import { pickTopUnits, TopActivations, type UnitActivations } from '../engine/visualize/top-activations.js';
import { openOrtRuntime } from './ort-runtime.js';
import type { DeviceName } from '../options/device.js';
import { listImageFiles, loadSquareImage } from './visualize-images.js';

/** The largest --size: at 2048 px, conv1_1's activation alone is 64 × 2048² floats = 1 GB. */
export const MAX_SIZE_PX = 2048;
/** The default side of the square crops: the size VGG19 and Darknet Tiny were trained at. */
export const DEFAULT_VISUALIZE_SIZE_PX = 224;

/** Units shown when neither `units` nor `topUnits` is given: the first 16 (fewer when the layer is narrower). */
export const DEFAULT_UNIT_COUNT = 16;

/** Options of `visualizeFolder`. Give `units` or `topUnits`, not both; neither: the first `DEFAULT_UNIT_COUNT` units. */
export interface VisualizeOptions {
  /** Folder searched recursively for images (hidden files and folders skipped). */
  readonly images: string;
  readonly layer: string;
  readonly units?: readonly number[];
  /** Instead of `units`: the N units with the highest maximum activation over the folder. */
  readonly topUnits?: number;
  /** Side of the square every image is cover-resized to. */
  readonly sizePx: number;
  readonly weights: NetworkWeights;
  readonly pooling: Pooling;
  readonly threads?: number;
  /** Where the graph runs (src/options/device.ts); default `cpu`. */
  readonly device?: DeviceName;
  /** Refuse images with more pixels than this (readImage's limit; default DEFAULT_MAX_PIXELS). */
  readonly maxPixels?: number;
}

/** What `visualizeFolder` reports while it works. */
export type VisualizeEvent =
  | { readonly type: 'start'; readonly images: number; readonly layer: string; readonly network: string; readonly weights: string; readonly pretrained: boolean; readonly sizePx: number; readonly provider: string; readonly elapsedMs: number }
  | { readonly type: 'image'; readonly index: number; readonly images: number; readonly path: string; readonly elapsedMs: number }
  | { readonly type: 'skip'; readonly path: string; readonly reason: string; /** The option whose change would read it (e.g. maxPixels), when one would. */ readonly option?: string }
  | { readonly type: 'done'; readonly images: number; readonly skipped: number; readonly elapsedMs: number };

/** Hooks of a visualization: progress events and cancellation. */
export interface VisualizeHooks {
  readonly onProgress?: (event: VisualizeEvent) => void;
  readonly signal?: AbortSignal;
  /** One-line notices, e.g. that `device: 'auto'` fell back to the CPU and why. */
  readonly onNotice?: (message: string) => void;
}

/** One kept activation: the image file, the activation-grid position, the strength and the image-space box it sees. */
export interface VisualizedRecord {
  readonly image: string;
  readonly x: number;
  readonly y: number;
  readonly activation: number;
  /** Receptive field in pixels of the sizePx × sizePx resized image; may extend past its borders. */
  readonly box: PixelBox;
}

/** One unit's strongest records, strongest first. */
export interface VisualizedUnit {
  readonly unit: number;
  readonly records: readonly VisualizedRecord[];
}

/** The outcome of `visualizeFolder`. */
export interface VisualizeResult {
  readonly layer: string;
  readonly sizePx: number;
  readonly weights: NetworkWeights;
  readonly units: readonly VisualizedUnit[];
  readonly imageCount: number;
  readonly skipped: number;
  /** The pooling the network ran with (the grid's title says it). */
  readonly pooling: Pooling;
}

/**
 * Runs every image of `options.images` through the feature network (`options.weights`) to `options.layer` and returns, per unit, the
 * nine strongest activations (at most one per neighbourhood; see `TopActivations`). Memory stays
 * bounded: one image and nine records per unit at a time. Undecodable files are skipped with a
 * `skip` event. Errors: INVALID_OPTION (layer, units, size, empty folder), IMAGE_NOT_FOUND (folder),
 * IMAGE_DECODE_FAILED (no image could be read), ABORTED.
 *
 * @example
 * const result = await visualizeFolder({ images: 'photos', layer: 'conv2_1', units: [0, 1, 2], sizePx: 224, weights, pooling: 'avg' });
 */
export async function visualizeFolder(options: VisualizeOptions, hooks: VisualizeHooks = {}): Promise<VisualizeResult> {
  const startMs = Date.now();
  const unitCount = checkOptions(options);
  const paths = await listImageFiles(options.images);
  const { layer, sizePx, weights } = options;
  const runtime = await openOrtRuntime({ device: options.device ?? 'cpu', threads: options.threads, onNotice: hooks.onNotice });
  hooks.onProgress?.({ type: 'start', images: paths.length, layer, network: weights.network.displayName, weights: weights.source, pretrained: weights.pretrained, sizePx, provider: runtime.provider, elapsedMs: 0 });
  const tracked = options.topUnits !== undefined ? range(unitCount) : (options.units ?? range(Math.min(DEFAULT_UNIT_COUNT, unitCount)));
  const top = new TopActivations({ units: tracked, radius: suppressionRadius(weights.network, layer) });
  const graph = buildActivationGraph({ height: sizePx, width: sizePx, weights, pooling: options.pooling, layer });
  const session = await runtime.createSession(graph.model);
  let skipped = 0;
  try {
    const load = (index: number): Promise<RgbImage | Error> =>
      loadSquareImage(paths[index], sizePx, options.maxPixels).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    let next = paths.length > 0 ? load(0) : undefined;
    for (let index = 0; index < paths.length; index++) {
      throwIfAborted(hooks.signal, 'The visualization was cancelled.');
      const image = await next!;
      next = index + 1 < paths.length ? load(index + 1) : undefined;
      if (image instanceof Error) {
        skipped++;
        hooks.onProgress?.({ type: 'skip', path: paths[index], reason: image.message, ...(isPainterlyError(image) && image.option ? { option: image.option } : {}) });
      } else {
        const output = await session.run({ [ACTIVATION_GRAPH_INPUT]: { data: image.data, dims: [1, 3, sizePx, sizePx] } });
        top.add(index, output[ACTIVATION_GRAPH_OUTPUT].data, graph.dims);
      }
      hooks.onProgress?.({ type: 'image', index: index + 1, images: paths.length, path: paths[index], elapsedMs: Date.now() - startMs });
    }
    await next?.catch(() => undefined);
  } finally {
    await session.release();
  }
  if (skipped === paths.length) {
    throw new PainterlyError('IMAGE_DECODE_FAILED', `None of the ${paths.length} image files in ${options.images} could be read (see the skipped files above). Check the files.`);
  }
  hooks.onProgress?.({ type: 'done', images: paths.length - skipped, skipped, elapsedMs: Date.now() - startMs });
  const chosen = options.topUnits !== undefined ? pickTopUnits(top.results(), options.topUnits) : top.results();
  return { layer, sizePx, weights, units: chosen.map((entry) => describeUnit(entry, weights.network, layer, paths)), imageCount: paths.length - skipped, skipped, pooling: options.pooling };
}

/** Validates what the engine cannot: layer, units against the layer's width, size. Returns the layer's unit count. */
function checkOptions(options: VisualizeOptions): number {
  const { layer, units, topUnits, sizePx } = options;
  findLayer(options.weights.network, layer, 'layer');
  validateNetworkWeights(options.weights, layer);
  const unitCount = options.weights.layers.get(layer)!.outChannels;
  if (units !== undefined && topUnits !== undefined) {
    throw new PainterlyError('INVALID_OPTION', 'Expected either units or top units but received both. Pick explicit units (e.g. 0-15) or a number of the most active ones (e.g. 16).', { option: 'topUnits' });
  }
  if (units !== undefined) {
    if (units.length === 0) throw invalidOption('at least one unit', 'units', 'nothing');
    const bad = units.find((unit) => !Number.isInteger(unit) || unit < 0 || unit >= unitCount);
    if (bad !== undefined) throw invalidOption(`unit numbers 0–${unitCount - 1} (${layer} has ${unitCount} units)`, 'units', bad);
  } else if (topUnits !== undefined && (!Number.isInteger(topUnits) || topUnits < 1 || topUnits > unitCount)) {
    throw invalidOption(`a whole number from 1 to ${unitCount} (${layer} has ${unitCount} units)`, 'topUnits', topUnits);
  }
  const poolings = findLayer(options.weights.network, layer).stage - 1;
  const minimumPx = 2 ** poolings;
  if (!Number.isInteger(sizePx) || sizePx < minimumPx || sizePx > MAX_SIZE_PX) {
    throw invalidOption(`a whole number of pixels from ${minimumPx} to ${MAX_SIZE_PX} (${layer} sits behind ${poolings} 2×2 poolings)`, 'size', sizePx);
  }
  return unitCount;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

function describeUnit(entry: UnitActivations, network: NetworkTable, layer: string, paths: readonly string[]): VisualizedUnit {
  return {
    unit: entry.unit,
    records: entry.records.map((record) => ({ ...record, image: paths[record.image], box: patchBox(network, layer, record.x, record.y) })),
  };
}
