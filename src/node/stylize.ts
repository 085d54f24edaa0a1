import { totalmem } from 'node:os';
import { transferLuminance } from '../engine/color.js';
import { blendStrength } from '../engine/fast/strength.js';
import type { GatysEvent, SnapshotEvent } from '../engine/gatys/events.js';
import { layersUpTo } from '../engine/vgg/architecture.js';
import { runGatysScales, type GatysImages, type RunHooks, type ScaleImageSource } from '../engine/gatys/run-gatys.js';
import type { GraphRuntime } from '../engine/runtime.js';
import type { VggWeights } from '../engine/vgg/weights.js';
import { planEvaluation } from '../engine/gatys/scale-evaluator.js';
import { planScales, type ScaleStep } from '../engine/gatys/scale-schedule.js';
import { upsampleImage } from '../engine/upsample.js';
import type { GatysSettings } from '../engine/gatys/settings.js';
import { fitLongSide, type DecodedImage, type RgbImage } from '../engine/image.js';
import { PainterlyError } from '../engine/errors.js';
import { parseOptions } from '../options/parse-options.js';
import { stylizeFieldName, stylizeOptionsSchema, type StylizeOptions, type StylizeOptionsInput } from '../options/stylize-schema.js';
import type { RunCheckpoint } from '../engine/gatys/checkpoint.js';
import { readCheckpoint, runFingerprint, writeCheckpoint } from './checkpoint-file.js';
import { readImage, resizeImage } from './image-io.js';
import { createOrtRuntime } from './ort-runtime.js';
import { resolveVggWeights } from './resolve-weights.js';

/**
 * An intermediate image as `stylize` reports it: like the final result, with --strength and
 * --original-colors applied and the content's alpha plane (when it has one), so a snapshot file looks like the output.
 */
export interface StylizeSnapshotEvent extends SnapshotEvent {
  readonly alpha?: Float32Array;
}

/** What `stylize` reports: the engine's events, snapshots finished like the result. */
export type StylizeEvent = Exclude<GatysEvent, SnapshotEvent> | StylizeSnapshotEvent;

/** Hooks of a stylization: typed progress events and cancellation. */
export interface StylizeHooks {
  readonly onProgress?: (event: StylizeEvent) => void;
  readonly signal?: AbortSignal;
}

/**
 * Repaints the content image in the style of the style image(s) by Gatys et al.'s optimization
 * on ONNX Runtime, coarse to fine above 256 px (`scales`), tiled where a scale exceeds `maxMemory`.
 * Options are validated here (once); the result has the content's aspect ratio, its long side
 * `size` px, and the content's alpha when it had one. With `checkpoint` a resumable checkpoint is
 * written there every `checkpointEvery` iterations and on cancel, and `resume` continues from it;
 * the caller removes it once the result is saved (the CLI does).
 *
 * @example
 * const image = await stylize({ content: 'photo.jpg', styles: ['starry.jpg'], weights: 'random', iterations: 100 }, { onProgress: console.log });
 * await writeImage('out.png', image);
 */
export async function stylize(input: StylizeOptionsInput, hooks: StylizeHooks = {}): Promise<DecodedImage> {
  const options = parseOptions(stylizeOptionsSchema, input as Record<string, unknown>, stylizeFieldName);
  return stylizeValidated(options, hooks);
}

/** `stylize` for options that already went through `stylizeOptionsSchema`. */
export async function stylizeValidated(options: StylizeOptions, hooks: StylizeHooks = {}): Promise<DecodedImage> {
  if (hooks.signal?.aborted) throw new PainterlyError('ABORTED', 'The stylization was cancelled.');
  const run = await prepareStylization(options);
  const checkpointPath = options.checkpoint;
  const fingerprint = checkpointPath ? await runFingerprint(options) : '';
  const resume = checkpointPath && options.resume ? await readCheckpoint(checkpointPath, fingerprint) : undefined;
  const onCheckpoint = checkpointPath ? (checkpoint: RunCheckpoint) => writeCheckpoint(checkpointPath, fingerprint, checkpoint) : undefined;
  const result = await runGatysScales(run.runtime, run.weights, run.scales, run.imagesAt, run.settings, { ...engineHooks(hooks, run.finish), onCheckpoint }, resume);
  return run.finish(result);
}

/** Everything a stylization needs, read and checked, before its first iteration. */
export interface PreparedStylization {
  readonly outputSize: { readonly width: number; readonly height: number };
  /** The schedule, smallest scale first; the last scale is the output size. */
  readonly scales: readonly ScaleStep[];
  readonly settings: GatysSettings;
  readonly weights: VggWeights;
  readonly runtime: GraphRuntime;
  /** The content, styles and init image at a scale, resized from the decoded originals. */
  readonly imagesAt: ScaleImageSource;
  /** The engine's result (at any scale) as the user gets it: output size, --strength, --original-colors, alpha. */
  finish(image: RgbImage): DecodedImage;
}

/**
 * Reads and checks the images, plans the scales and loads the weights: everything before the first
 * iteration. Images are decoded once and resized per scale when the run reaches it.
 *
 * @example
 * const run = await prepareStylization(options);
 * const evaluator = await createGatysLossEvaluator(run.runtime, run.weights, ...);
 */
export async function prepareStylization(options: StylizeOptions): Promise<PreparedStylization> {
  const deepest = layersUpTo([...options.contentLayers, ...options.styleLayers]).at(-1)!.name;
  const minShortSide = minimumShortSide(deepest);
  const content = await readImage(options.content, { maxPixels: options.maxPixels, targetLongSidePx: options.size });
  const outputSize = fitLongSide(content.rgb.width, content.rgb.height, options.size);
  assertLargeEnough(outputSize, deepest, 'the output (--size)');
  const workingContent = await resizeImage(content, outputSize.width, outputSize.height);
  const blend = options.styleBlendWeights ?? options.styles.map(() => 1);
  const styles: DecodedImage[] = [];
  for (const path of options.styles) {
    const style = await readImage(path, { maxPixels: options.maxPixels, targetLongSidePx: Math.ceil(options.size * (options.styleScale ?? 1)) });
    assertLargeEnough(styleSizeAt(style, options.size, options.styleScale, minShortSide), deepest, `the style image ${path} (--size × --style-scale)`);
    styles.push(style);
  }
  const initImage = options.initImage ? await readImage(options.initImage, { maxPixels: options.maxPixels, targetLongSidePx: options.size }) : undefined;
  const scales = planScales({ ...outputSize, iterations: options.iterations, mode: options.scales, minScale: options.minScale, minShortSide });
  const settings = gatysSettings(options, scales.length > 1);
  // Fail now, not at the last scale, when even tiles would not fit the memory budget.
  planEvaluation(outputSize.width, outputSize.height, settings.maxMemoryBytes);
  // Weights last: a typo in an image path fails before 80 MB of weights are read.
  const weights = await resolveVggWeights(options.weights, deepest);
  const runtime = createOrtRuntime({ threads: options.threads });
  const finish = (image: RgbImage): DecodedImage => {
    const full = image.width === outputSize.width && image.height === outputSize.height ? image : upsampleImage(image, outputSize.width, outputSize.height);
    const mixed = blendStrength(full, workingContent.rgb, options.strength);
    const rgb = options.originalColors ? transferLuminance(mixed, workingContent.rgb) : mixed;
    return workingContent.alpha ? { rgb, alpha: workingContent.alpha } : { rgb };
  };
  const atScale = async (image: DecodedImage, size: { width: number; height: number }) =>
    image.rgb.width === size.width && image.rgb.height === size.height ? image.rgb : (await resizeImage(image, size.width, size.height)).rgb;
  const imagesAt = async (scale: ScaleStep, index: number): Promise<GatysImages> => {
    const longSide = Math.max(scale.width, scale.height);
    return {
      content: await atScale(workingContent, scale),
      styles: await Promise.all(styles.map(async (style, k) => ({ image: await atScale(style, styleSizeAt(style, longSide, options.styleScale, minShortSide)), weight: blend[k] }))),
      initImage: initImage && index === 0 ? await atScale(initImage, scale) : undefined,
    };
  };
  return { outputSize, scales, settings, weights, runtime, imagesAt, finish };
}

/**
 * A style image's working size when the generated image's long side is `longSide`: `longSide ×
 * styleScale` on its long side when --style-scale is given (enlarging if need be); otherwise `longSide`
 * but never larger than the style image itself, so a small painting is not blurred by upscaling.
 * At least `minShortSide` on its short side while the image has that many pixels.
 */
export function styleSizeAt(style: DecodedImage, longSide: number, styleScale: number | undefined, minShortSide: number): { width: number; height: number } {
  const { width, height } = style.rgb;
  const ownLong = Math.max(width, height);
  const wanted = styleScale === undefined ? Math.min(longSide, ownLong) : Math.max(16, Math.round(longSide * styleScale));
  const size = fitLongSide(width, height, wanted);
  const shortSide = Math.min(size.width, size.height);
  if (shortSide >= minShortSide || shortSide >= Math.min(width, height)) return size;
  return fitLongSide(width, height, Math.ceil((wanted * minShortSide) / shortSide));
}

/** The engine's hooks for `hooks`: snapshots are finished (original colours, alpha) like the result. */
function engineHooks(hooks: StylizeHooks, finish: (image: RgbImage) => DecodedImage): RunHooks {
  const { onProgress, signal } = hooks;
  if (!onProgress) return { signal };
  return {
    signal,
    onProgress: (event: GatysEvent) => {
      if (event.type !== 'snapshot') return onProgress(event);
      const { rgb, alpha } = finish(event.image);
      onProgress({ ...event, image: rgb, ...(alpha ? { alpha } : {}) });
    },
  };
}

/** The engine's settings from validated options; `multiScale` turns on averaging of the iterates. */
export function gatysSettings(options: StylizeOptions, multiScale: boolean): GatysSettings {
  const layerWeights = options.styleLayerWeights ?? options.styleLayers.map(() => 1 / options.styleLayers.length);
  return {
    iterations: options.iterations,
    costWeights: { content: options.contentWeight, style: options.styleWeight, totalVariation: options.tvWeight },
    selection: {
      contentLayers: options.contentLayers,
      styleLayers: options.styleLayers.map((layer, index) => ({ layer, weight: layerWeights[index] })),
      pooling: options.pooling,
    },
    init: options.init,
    noiseRatio: options.noiseRatio,
    seed: options.seed,
    optimizer: options.optimizer,
    learningRate: options.learningRate,
    snapshotEvery: options.saveEvery,
    averageIterates: multiScale,
    maxMemoryBytes: options.maxMemory ?? defaultMaxMemoryBytes(),
    checkpointEvery: options.checkpoint ? options.checkpointEvery : 0,
  };
}

/** The default memory budget: 4 GiB, or half the machine's memory when that is less. */
export function defaultMaxMemoryBytes(): number {
  return Math.min(4 * 2 ** 30, totalmem() / 2);
}

/** Each pooling halves the image; the deepest layer must still see at least one pixel. */
function minimumShortSide(deepest: string): number {
  return 2 ** (Number(deepest[4]) - 1);
}

function assertLargeEnough(size: { width: number; height: number }, deepest: string, what: string): void {
  const pools = Number(deepest[4]) - 1;
  const minimum = minimumShortSide(deepest);
  if (Math.min(size.width, size.height) < minimum) {
    throw new PainterlyError(
      'INVALID_OPTION',
      `Expected at least ${minimum} px on the short side of ${what} (layer ${deepest} sits behind ${pools} poolings) but received ${size.width}×${size.height}. Use a larger --size or a less elongated image.`,
    );
  }
}
