/**
 * The pure policy of a quality stylization, over the network table: the output size, the scale
 * schedule, the engine settings and the checks that fail before any work (an output or style image
 * too small for the deepest layer, a memory budget even tiles cannot meet).
 */
import { PainterlyError } from '../errors.js';
import { fitLongSide } from '../image.js';
import { deepestLayer, minimumShortSide } from '../network/layers.js';
import type { NetworkTable, Pooling } from '../network/types.js';
import type { OptimizerName } from '../optimizers/types.js';
import { memoryModelsFor, planEvaluation } from './scale-evaluator.js';
import { planScales, type ScaleMode, type ScaleStep } from './scale-schedule.js';
import type { GatysSettings, InitKind } from './settings.js';
import type { StyleLossKind } from './types.js';

/** A width and height in pixels. */
export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/** The validated, defaulted options a plan reads (the library's `StylizeOptions` has them all). */
export interface StylizationRequest {
  readonly size: number;
  readonly styleScale?: number;
  readonly iterations: number;
  readonly scales: ScaleMode;
  readonly minScale: number;
  readonly contentWeight: number;
  readonly styleWeight: number;
  readonly tvWeight: number;
  /** neural-style's TV weight t (a recipe's): when set, γ = 1.5·t·W·H of the output replaces tvWeight. */
  readonly tvSumWeight?: number;
  readonly contentLayers: readonly string[];
  readonly styleLayers: readonly string[];
  readonly styleLayerWeights?: readonly number[];
  readonly pooling: Pooling;
  readonly styleLoss: StyleLossKind;
  readonly styleBalance: boolean;
  readonly init: InitKind;
  readonly noiseRatio: number;
  readonly seed: number;
  readonly optimizer: OptimizerName;
  readonly learningRate?: number;
  readonly saveEvery: number;
  readonly checkpointEvery: number;
  /** Whether the run keeps a resumable checkpoint (else checkpoints only matter on cancel: none). */
  readonly checkpointing: boolean;
  readonly maxMemoryBytes: number;
}

/** What a stylization will do, decided before anything is loaded. */
export interface StylizationPlan {
  readonly outputSize: PixelSize;
  /** Smallest first; the last is the output size. */
  readonly scales: readonly ScaleStep[];
  readonly settings: GatysSettings;
  /** The deepest layer a cost reads: the network runs up to it. */
  readonly deepestLayer: string;
  /** A style image's working size when the generated image's long side is `longSide`. */
  styleSizeAt(style: PixelSize, longSide: number): PixelSize;
}

/**
 * Plans a run of `request` on `network` for a photo of `contentSize` and paintings of `styleSizes`.
 * Throws INVALID_OPTION naming the option to change when the output or a style image is too small
 * for the deepest layer, or even tiles would not fit the memory budget.
 *
 * @example
 * planStylization(DARKNET_TINY, { width: 640, height: 480 }, [{ width: 800, height: 600 }], request).scales.length // → 4
 */
export function planStylization(network: NetworkTable, contentSize: PixelSize, styleSizes: readonly PixelSize[], request: StylizationRequest): StylizationPlan {
  const deepest = deepestLayer(network, [...request.contentLayers, ...request.styleLayers]);
  const minShortSide = minimumShortSide(network, deepest.name);
  const pools = deepest.stage - 1;
  const assertLargeEnough = (size: PixelSize, what: string): void => {
    if (Math.min(size.width, size.height) >= minShortSide) return;
    throw new PainterlyError(
      'INVALID_OPTION',
      `Expected at least ${minShortSide} px on the short side of ${what} (layer ${deepest.name} of ${network.displayName} sits behind ${pools} poolings) but received ${size.width}×${size.height}. Use a larger size or a less elongated image.`,
    );
  };
  const outputSize = fitLongSide(contentSize.width, contentSize.height, request.size);
  assertLargeEnough(outputSize, 'the output (size)');
  const styleSizeAt = (style: PixelSize, longSide: number) => styleWorkingSize(style, longSide, request.styleScale, minShortSide);
  styleSizes.forEach((style, index) => assertLargeEnough(styleSizeAt(style, request.size), `style image ${index + 1} (size × style scale)`));
  const scales = planScales({ ...outputSize, iterations: request.iterations, mode: request.scales, minScale: request.minScale, minShortSide });
  const tvWeight = request.tvSumWeight === undefined ? request.tvWeight : 1.5 * request.tvSumWeight * outputSize.width * outputSize.height;
  const settings = gatysSettings({ ...request, tvWeight }, scales.length > 1);
  // Fail now, not at the last scale, when even tiles would not fit the memory budget.
  const evaluation = planEvaluation(outputSize.width, outputSize.height, settings.maxMemoryBytes, memoryModelsFor(network, deepest.name));
  if (evaluation.tile && request.styleLoss === 'w2') {
    throw new PainterlyError(
      'INVALID_OPTION',
      `Expected a size whose whole image fits the memory budget for the w2 style loss (it is not computed in tiles yet) but received ${outputSize.width}×${outputSize.height}. Raise the memory budget, lower the size, or use the gram style loss.`,
      { option: 'styleLoss' },
    );
  }
  return { outputSize, scales, settings, deepestLayer: deepest.name, styleSizeAt };
}

/**
 * A style image's working size when the generated image's long side is `longSide`: `longSide ×
 * styleScale` on its long side when a style scale is given (enlarging if need be); otherwise `longSide`
 * but never larger than the style image itself, so a small painting is not blurred by upscaling.
 * At least `minShortSide` on its short side while the image has that many pixels.
 *
 * @example styleWorkingSize({ width: 300, height: 200 }, 512, undefined, 16) // → { width: 300, height: 200 }
 */
export function styleWorkingSize(style: PixelSize, longSide: number, styleScale: number | undefined, minShortSide: number): PixelSize {
  const { width, height } = style;
  const ownLong = Math.max(width, height);
  const wanted = styleScale === undefined ? Math.min(longSide, ownLong) : Math.max(16, Math.round(longSide * styleScale));
  const size = fitLongSide(width, height, wanted);
  const shortSide = Math.min(size.width, size.height);
  if (shortSide >= minShortSide || shortSide >= Math.min(width, height)) return size;
  return fitLongSide(width, height, Math.ceil((wanted * minShortSide) / shortSide));
}

/** The engine's settings from a request; `multiScale` turns on averaging of the iterates. */
export function gatysSettings(request: StylizationRequest, multiScale: boolean): GatysSettings {
  const layerWeights = request.styleLayerWeights ?? request.styleLayers.map(() => 1 / request.styleLayers.length);
  return {
    iterations: request.iterations,
    costWeights: { content: request.contentWeight, style: request.styleWeight, totalVariation: request.tvWeight },
    selection: {
      contentLayers: request.contentLayers,
      styleLayers: request.styleLayers.map((layer, index) => ({ layer, weight: layerWeights[index] })),
      pooling: request.pooling,
    },
    styleLoss: request.styleLoss,
    styleBalance: request.styleBalance,
    init: request.init,
    noiseRatio: request.noiseRatio,
    seed: request.seed,
    optimizer: request.optimizer,
    learningRate: request.learningRate,
    snapshotEvery: request.saveEvery,
    averageIterates: multiScale,
    maxMemoryBytes: request.maxMemoryBytes,
    checkpointEvery: request.checkpointing ? request.checkpointEvery : 0,
  };
}
