import { totalmem } from 'node:os';
import { finishStylized } from '../engine/finish.js';
import type { GatysEvent, SnapshotEvent } from '../engine/gatys/events.js';
import { planStylization, type StylizationRequest } from '../engine/gatys/plan-stylization.js';
import { runGatysScales, type GatysImages, type RunHooks, type ScaleImageSource } from '../engine/gatys/run-gatys.js';
import type { ScaleStep } from '../engine/gatys/scale-schedule.js';
import type { GatysSettings } from '../engine/gatys/settings.js';
import type { DecodedImage, RgbImage } from '../engine/image.js';
import type { NetworkTable, NetworkWeights } from '../engine/network/types.js';
import type { GraphRuntime } from '../engine/runtime.js';
import { upsampleImage } from '../engine/upsample.js';
import { networkEntryOf } from '../options/network-choice.js';
import { throwIfAborted } from '../engine/errors.js';
import { parseStylizeOptions, type StylizeOptions, type StylizeOptionsInput } from '../options/stylize-schema.js';
import type { RunCheckpoint } from '../engine/gatys/checkpoint.js';
import { readCheckpoint, runFingerprint, withNetworkIdentity, writeCheckpoint } from './checkpoint-file.js';
import { readImage, resizeImage } from './image-io.js';
import { openOrtRuntime } from './ort-runtime.js';
import { resolveNetworkWeights, type ResolveWeightsOptions } from './resolve-weights.js';

/**
 * An intermediate image as `stylize` reports it: like the final result, with the strength and
 * original colours applied and the content's alpha plane (when it has one), so a snapshot file looks like the output.
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
  /** One-line notices, e.g. that `device: 'auto'` fell back to the CPU and why. */
  readonly onNotice?: (message: string) => void;
}

/**
 * Repaints the content image in the style of the style image(s) by Gatys et al.'s optimization
 * on ONNX Runtime, coarse to fine above 256 px (`scales`), tiled where a scale exceeds `maxMemory`.
 * Takes options as a caller writes them, validated here (errors name the option by its key:
 * "Expected … for styleWeight …", `error.option` = `'styleWeight'`), or options that already went
 * through `parseStylizeOptions` at the caller's own edge (the CLI, the server), used as they are. The result has the content's aspect ratio, its long side
 * `size` px, and the content's alpha when it had one. With `checkpoint` a resumable checkpoint is
 * written there every `checkpointEvery` iterations and on cancel, and `resume` continues from it;
 * the caller removes it once the result is saved (the CLI does).
 *
 * @example
 * const image = await stylize({ content: 'photo.jpg', styles: ['starry.jpg'], weights: 'random', iterations: 100 }, { onProgress: console.log });
 * await writeImage('out.png', image);
 */
export async function stylize(input: StylizeOptionsInput | StylizeOptions, hooks: StylizeHooks = {}): Promise<DecodedImage> {
  const options = parseStylizeOptions(input);
  throwIfAborted(hooks.signal);
  const run = await prepareStylization(options, {}, hooks.onNotice);
  const checkpointPath = options.checkpoint;
  // The weights as read, not only their path: a network file changed in place is another run.
  const fingerprint = checkpointPath ? withNetworkIdentity(await runFingerprint(options), run.weights) : '';
  const resume = checkpointPath && options.resume ? await readCheckpoint(checkpointPath, fingerprint) : undefined;
  const onCheckpoint = checkpointPath ? (checkpoint: RunCheckpoint) => writeCheckpoint(checkpointPath, fingerprint, checkpoint) : undefined;
  const result = await runGatysScales({ runtime: run.runtime, weights: run.weights, scales: run.scales, source: run.imagesAt, settings: run.settings }, { ...engineHooks(hooks, run.finish), onCheckpoint }, resume);
  return run.finish(result);
}

/** Everything a stylization needs, read and checked, before its first iteration. */
export interface PreparedStylization {
  readonly outputSize: { readonly width: number; readonly height: number };
  /** The schedule, smallest scale first; the last scale is the output size. */
  readonly scales: readonly ScaleStep[];
  readonly settings: GatysSettings;
  readonly weights: NetworkWeights;
  readonly runtime: GraphRuntime;
  /** The content, styles and init image at a scale, resized from the decoded originals. */
  readonly imagesAt: ScaleImageSource;
  /** The engine's result (at any scale) as the user gets it: output size, --strength, --original-colors, alpha. */
  finish(image: RgbImage): DecodedImage;
}

/**
 * Reads and checks the images, plans the run over the network's table and loads the weights:
 * everything before the first iteration. Images are decoded once and resized per scale when the
 * run reaches it.
 *
 * @example
 * const run = await prepareStylization(options);
 * const evaluator = await createGatysLossEvaluator(run.runtime, run.weights, ...);
 */
export async function prepareStylization(options: StylizeOptions, loading: ResolveWeightsOptions = {}, onNotice?: (message: string) => void): Promise<PreparedStylization> {
  const network = networkEntryOf(options.networkChoice).table;
  const content = await readImage(options.content, { maxPixels: options.maxPixels, targetLongSidePx: options.size });
  const styles: DecodedImage[] = [];
  for (const path of options.styles) styles.push(await readImage(path, { maxPixels: options.maxPixels, targetLongSidePx: Math.ceil(options.size * (options.styleScale ?? 1)) }));
  const initImage = options.initImage ? await readImage(options.initImage, { maxPixels: options.maxPixels, targetLongSidePx: options.size }) : undefined;
  // A TF.js file may have its own chain: plan once its table is known (its layers are checked on load).
  const fileNetwork = options.networkChoice.kind === 'file' && options.networkChoice.format === 'tfjs-layers';
  const planOn = (table: NetworkTable) => planStylization(table, content.rgb, styles.map((style) => style.rgb), planRequest(options));
  const early = fileNetwork ? undefined : planOn(network);
  // Weights last: a typo in an image path fails before 80 MB of weights are read.
  const weights = await resolveNetworkWeights(options.networkChoice, early?.deepestLayer ?? deepestOf(options), loading);
  const planned = early ?? planOn(weights.network);
  const { outputSize, scales, settings, styleSizeAt } = planned;
  const workingContent = await resizeImage(content, outputSize.width, outputSize.height);
  const blend = options.styleBlendWeights ?? options.styles.map(() => 1);
  const runtime = await openOrtRuntime({ device: options.device, threads: options.threads, onNotice });
  const finish = (image: RgbImage): DecodedImage => {
    const full = image.width === outputSize.width && image.height === outputSize.height ? image : upsampleImage(image, outputSize.width, outputSize.height);
    const rgb = finishStylized(full, workingContent.rgb, { strength: options.strength, originalColors: options.originalColors });
    return workingContent.alpha ? { rgb, alpha: workingContent.alpha } : { rgb };
  };
  const atScale = async (image: DecodedImage, size: { width: number; height: number }) =>
    image.rgb.width === size.width && image.rgb.height === size.height ? image.rgb : (await resizeImage(image, size.width, size.height)).rgb;
  const imagesAt = async (scale: ScaleStep, index: number): Promise<GatysImages> => {
    const longSide = Math.max(scale.width, scale.height);
    return {
      content: await atScale(workingContent, scale),
      styles: await Promise.all(styles.map(async (style, k) => ({ image: await atScale(style, styleSizeAt(style.rgb, longSide)), weight: blend[k] }))),
      initImage: initImage && index === 0 ? await atScale(initImage, scale) : undefined,
    };
  };
  return { outputSize, scales, settings, weights, runtime, imagesAt, finish };
}

/** The plan's view of validated options. */
function planRequest(options: StylizeOptions): StylizationRequest {
  return { ...options, checkpointing: options.checkpoint !== undefined, maxMemoryBytes: options.maxMemory ?? defaultMaxMemoryBytes() };
}

/** The deepest cost layer of a TF.js file's chain (named conv1 … convN) before its table is known: the highest number. */
function deepestOf(options: StylizeOptions): string {
  const layers = [...options.contentLayers, ...options.styleLayers];
  return layers.reduce((deepest, layer) => (layerNumber(layer) > layerNumber(deepest) ? layer : deepest));
}

function layerNumber(layer: string): number {
  return Number(/(\d+)$/.exec(layer)?.[1] ?? 0);
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

/** The default memory budget: 4 GiB, or half the machine's memory when that is less. */
export function defaultMaxMemoryBytes(): number {
  return Math.min(4 * 2 ** 30, totalmem() / 2);
}
