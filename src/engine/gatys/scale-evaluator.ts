/**
 * Picks how J and ∂J/∂G are computed at one scale: the whole image in one fused graph when its
 * estimated memory fits the budget, else tile by tile with the largest tile that fits.
 */
import { PainterlyError } from '../errors.js';
import type { GraphRuntime } from '../runtime.js';
import type { VggWeights } from '../vgg/weights.js';
import { createGatysLossEvaluator, type GatysLossEvaluator } from './loss-evaluator.js';
import type { GatysImages } from './run-gatys.js';
import type { GatysSettings } from './settings.js';
import { alignDown } from './tile-grid.js';
import { createTiledLossEvaluator, TILE_MARGIN, tileCanvas, type TileSize } from './tiled-evaluator.js';

/**
 * Memory model of a run, measured with `/usr/bin/time` on onnxruntime-node 1.30 (VGG19 to conv5_1,
 * default layers, Winograd convolutions in blocks 3–4, ORT memory pattern off): a short run's peak
 * RSS is 1.47 GB at 256×119, 1.57 GB at 512×238 and 2.47 GB at 1024×476 — ≈ 1.3 GB (Node, ONNX
 * Runtime, the weights and the ≈ 320 MB of Winograd filters, whose creation peaks at ≈ 1.4 GB) + 2.5 KB
 * per pixel of the fused graph's input. The base and the per-pixel figure below carry a margin for
 * the allocator growth of long runs (docs/multiscale.md), so measured peaks stay within the budget.
 */
export const MEMORY_MODEL = Object.freeze({
  /** Node, ONNX Runtime, weights, Winograd filters, style targets, and the allocator growth of long runs. */
  baseBytes: 1600 * 2 ** 20,
  /** Activations, ReLU masks, gradients and Winograd intermediates of the fused graph, per input pixel. */
  graphBytesPerPixel: 3000,
  /** The run's own full-size buffers (iterate, gradient, Adam moments, average, padded copies, content target), per image pixel. */
  imageBytesPerPixel: 200,
});

/** How one scale is evaluated: `tile` undefined for the whole image at once. */
export interface EvaluationPlan {
  readonly tile?: TileSize;
}

/**
 * The whole image if it fits `maxMemoryBytes`, else the largest tile (multiples of 16, at least the
 * two margins plus 16 px) that fits beside the full-size buffers. Throws INVALID_OPTION when even
 * the smallest tile does not fit.
 *
 * @example planEvaluation(2048, 952, 4 * 2 ** 30) // → { tile: { width: 704, height: 704 } }
 */
export function planEvaluation(width: number, height: number, maxMemoryBytes: number | undefined): EvaluationPlan {
  const pixels = width * height;
  const { baseBytes, graphBytesPerPixel, imageBytesPerPixel } = MEMORY_MODEL;
  if (maxMemoryBytes === undefined || baseBytes + (graphBytesPerPixel + imageBytesPerPixel) * pixels <= maxMemoryBytes) return {};
  const canvas = tileCanvas(width, height);
  const tilePixels = (maxMemoryBytes - baseBytes - imageBytesPerPixel * pixels) / graphBytesPerPixel;
  const smallest = 2 * TILE_MARGIN + 64;
  if (!(tilePixels >= smallest * smallest)) {
    const neededGb = (baseBytes + imageBytesPerPixel * pixels + graphBytesPerPixel * smallest * smallest) / 2 ** 30;
    throw new PainterlyError(
      'INVALID_OPTION',
      `A ${width}×${height} image needs at least ${neededGb.toFixed(1)} GB even in tiles, more than --max-memory allows. Raise --max-memory or lower --size.`,
    );
  }
  const side = alignDown(Math.sqrt(tilePixels));
  let tileWidth = Math.min(side, canvas.width);
  let tileHeight = Math.min(side, canvas.height);
  // A thin canvas: spend the budget along the long side.
  if (tileHeight === canvas.height) tileWidth = Math.min(canvas.width, alignDown(tilePixels / tileHeight));
  else if (tileWidth === canvas.width) tileHeight = Math.min(canvas.height, alignDown(tilePixels / tileWidth));
  return { tile: { width: tileWidth, height: tileHeight } };
}

/**
 * The evaluator for one scale's images, whole or tiled per `planEvaluation`.
 *
 * @example
 * const evaluator = await createScaleEvaluator(runtime, weights, images, settings);
 */
export async function createScaleEvaluator(
  runtime: GraphRuntime,
  weights: VggWeights,
  images: GatysImages,
  settings: GatysSettings,
): Promise<GatysLossEvaluator> {
  const { content, styles } = images;
  const plan = planEvaluation(content.width, content.height, settings.maxMemoryBytes);
  if (!plan.tile) return createGatysLossEvaluator(runtime, weights, content, styles, settings.selection, settings.costWeights);
  return createTiledLossEvaluator(runtime, weights, content, styles, settings.selection, settings.costWeights, plan.tile, settings.seed);
}
