/**
 * Picks how J and ∂J/∂G are computed at one scale: the whole image in one fused graph when its
 * estimated memory fits the budget, else tile by tile with the largest tile that fits.
 */
import { PainterlyError } from '../errors.js';
import type { GraphRuntime } from '../runtime.js';
import { deepestLayer, layersUpTo } from '../network/layers.js';
import type { NetworkTable, NetworkWeights } from '../network/types.js';
import { winogradCandidate } from '../network/winograd.js';
import { neededLayers } from './layer-selection.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import { createGatysLossEvaluator, type GatysLossEvaluator } from './loss-evaluator.js';
import type { GatysSettings } from './settings.js';
import type { GatysImages } from './types.js';
import { alignDown } from './tile-grid.js';
import { createTiledLossEvaluator, TILE_MARGIN, tileCanvas, type TileSize } from './tiled-evaluator.js';

/** Planned peak memory of a run: a base plus bytes per pixel of the fused graph's input and of the image. */
export interface MemoryModel {
  /** Node, ONNX Runtime, weights (and Winograd filters), style targets, and the allocator growth of long runs. */
  readonly baseBytes: number;
  /** Activations, ReLU masks, gradients (and Winograd intermediates) of the fused graph, per input pixel (whole image or tile window). */
  readonly graphBytesPerPixel: number;
  /** The run's own full-size buffers (iterate, gradient, Adam moments, average, padded copies, content target), per image pixel. */
  readonly imageBytesPerPixel: number;
}

/**
 * Memory models, measured with `/usr/bin/time` on onnxruntime-node 1.30 (VGG19 to conv5_1, default
 * layers; docs/multiscale.md has the runs). With Winograd convolutions (the fast default) peak RSS
 * was 1.47 GB for a short run at 256×119, 2.06 GB after 500 iterations at 512×238, 2.69 GB for the
 * 1024×476 default run, 5.0 GB for a short run of the whole 1448×673 graph and 5.0 GB for 816² tiles
 * at 2048×952: ≈ 1.6–2 GB (Node, ONNX Runtime, weights, ≈ 320 MB of transformed filters, long runs'
 * allocator growth) + up to ≈ 3.7 KB per graph pixel — the growth per pixel is not linear (≈ 2.5 KB
 * up to 1024×476, ≈ 5 KB beyond), so the model takes the upper line. The direct model is the one
 * measured before Winograd (0.65 GB + 4.9 KB per pixel for short runs, ≈ 0.5 GB more for long and
 * tiled ones): it lets tight budgets (e.g. machines with 4 GB) trade speed for ~0.8 GB less.
 */
export const MEMORY_MODELS: Readonly<Record<'winograd' | 'direct', MemoryModel>> = Object.freeze({
  winograd: Object.freeze({ baseBytes: 2048 * 2 ** 20, graphBytesPerPixel: 4000, imageBytesPerPixel: 200 }),
  direct: Object.freeze({ baseBytes: 1200 * 2 ** 20, graphBytesPerPixel: 5200, imageBytesPerPixel: 200 }),
});

/** Activation floats per image pixel of VGG19 up to conv5_1, the network the models were measured on. */
const MEASURED_FLOATS_PER_PIXEL = 290;

/**
 * The memory models for a run of `network` up to `deepestLayer`: the measured VGG19 models with the
 * per-pixel graph bytes scaled by the run's activation floats per pixel (Σ channels / 4^poolings
 * over the layers it runs) against VGG19's to conv5_1. Without wide layers nothing runs as
 * Winograd, so both models are the direct one. (Darknet Tiny to conv12: 53 floats per pixel,
 * about a fifth of VGG19's; docs/benchmarks.md has its measured peak.)
 *
 * @example memoryModelsFor(VGG19, 'conv5_1') // → MEMORY_MODELS
 */
export function memoryModelsFor(network: NetworkTable, deepestLayer: string): Readonly<Record<'winograd' | 'direct', MemoryModel>> {
  const layers = layersUpTo(network, [deepestLayer]);
  const floatsPerPixel = layers.reduce((sum, layer) => sum + layer.outChannels / 4 ** (layer.stage - 1), 0);
  const ratio = floatsPerPixel / MEASURED_FLOATS_PER_PIXEL;
  const scaled = (model: MemoryModel): MemoryModel => ({ ...model, graphBytesPerPixel: Math.ceil(model.graphBytesPerPixel * ratio) });
  const anyWinograd = layers.some((layer) => layer.kernelSize === 3 && winogradCandidate(layer));
  const direct = scaled(MEMORY_MODELS.direct);
  return { winograd: anyWinograd ? scaled(MEMORY_MODELS.winograd) : direct, direct };
}

/** How one scale is evaluated: `tile` undefined for the whole image at once; `convolution` as fits the budget. */
export interface EvaluationPlan {
  readonly tile?: TileSize;
  readonly convolution: ConvolutionAlgorithm;
}

/** The smallest tile side: the two margins plus 64 px of core. */
const SMALLEST_TILE = 2 * TILE_MARGIN + 64;

/**
 * In order of speed, the first that fits `maxMemoryBytes`: the whole image with Winograd
 * convolutions, the whole image with direct ones, the largest tile (multiples of 16) with Winograd,
 * then with direct ones. Throws INVALID_OPTION when even the smallest tile does not fit.
 *
 * @example planEvaluation(2048, 952, 4 * 2 ** 30) // → { tile: { width: 656, height: 656 }, convolution: 'auto' }
 */
export function planEvaluation(
  width: number,
  height: number,
  maxMemoryBytes: number | undefined,
  models: Readonly<Record<'winograd' | 'direct', MemoryModel>> = MEMORY_MODELS,
): EvaluationPlan {
  if (maxMemoryBytes === undefined) return { convolution: 'auto' };
  const pixels = width * height;
  const candidates = [
    ['auto', models.winograd],
    ['direct', models.direct],
  ] as const;
  for (const [convolution, model] of candidates) {
    if (model.baseBytes + (model.graphBytesPerPixel + model.imageBytesPerPixel) * pixels <= maxMemoryBytes) return { convolution };
  }
  for (const [convolution, model] of candidates) {
    const tilePixels = (maxMemoryBytes - model.baseBytes - model.imageBytesPerPixel * pixels) / model.graphBytesPerPixel;
    if (tilePixels >= SMALLEST_TILE * SMALLEST_TILE) return { tile: largestTile(width, height, tilePixels), convolution };
  }
  const { baseBytes, imageBytesPerPixel, graphBytesPerPixel } = models.direct;
  const neededGb = (baseBytes + imageBytesPerPixel * pixels + graphBytesPerPixel * SMALLEST_TILE * SMALLEST_TILE) / 2 ** 30;
  throw new PainterlyError(
    'INVALID_OPTION',
    `A ${width}×${height} image needs at least ${neededGb.toFixed(1)} GB even in tiles, more than the memory budget allows. Raise the memory budget or lower the size.`,
    { option: 'maxMemory' },
  );
}

/** The largest tile of at most `tilePixels` (sides multiples of 16, within the canvas). */
function largestTile(width: number, height: number, tilePixels: number): TileSize {
  const canvas = tileCanvas(width, height);
  const side = alignDown(Math.sqrt(tilePixels));
  let tileWidth = Math.min(side, canvas.width);
  let tileHeight = Math.min(side, canvas.height);
  // A thin canvas: spend the budget along the long side.
  if (tileHeight === canvas.height) tileWidth = Math.min(canvas.width, alignDown(tilePixels / tileHeight));
  else if (tileWidth === canvas.width) tileHeight = Math.min(canvas.height, alignDown(tilePixels / tileWidth));
  return { width: tileWidth, height: tileHeight };
}

/**
 * The evaluator for one scale's images, whole or tiled per `planEvaluation`.
 *
 * @example
 * const evaluator = await createScaleEvaluator(runtime, weights, images, settings);
 */
export async function createScaleEvaluator(
  runtime: GraphRuntime,
  weights: NetworkWeights,
  images: GatysImages,
  settings: GatysSettings,
): Promise<GatysLossEvaluator> {
  const { content, styles } = images;
  const deepest = deepestLayer(weights.network, neededLayers(settings.selection)).name;
  const plan = planEvaluation(content.width, content.height, settings.maxMemoryBytes, memoryModelsFor(weights.network, deepest));
  const { convolution } = plan;
  const problem = { runtime, weights, content, styles, selection: settings.selection, costWeights: settings.costWeights, styleLoss: settings.styleLoss };
  if (!plan.tile) return createGatysLossEvaluator(problem, { convolution });
  return createTiledLossEvaluator(problem, { tile: plan.tile, seed: settings.seed, convolution });
}
