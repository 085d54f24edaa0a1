import { transferLuminance } from '../engine/color.js';
import { blendStrength } from '../engine/fast/strength.js';
import type { GatysEvent, SnapshotEvent } from '../engine/gatys/events.js';
import { layersUpTo } from '../engine/vgg/architecture.js';
import { runGatys, type RunHooks } from '../engine/gatys/run-gatys.js';
import type { GatysSettings } from '../engine/gatys/settings.js';
import { fitLongSide, type DecodedImage, type RgbImage } from '../engine/image.js';
import { PainterlyError } from '../engine/errors.js';
import { parseOptions } from '../options/parse-options.js';
import { stylizeFieldName, stylizeOptionsSchema, type StylizeOptions, type StylizeOptionsInput } from '../options/stylize-schema.js';
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
 * on ONNX Runtime. Options are validated here (once); the result has the content's aspect ratio,
 * its long side `size` px, and the content's alpha when it had one.
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
  const settings = gatysSettings(options);
  const deepest = layersUpTo([...options.contentLayers, ...options.styleLayers]).at(-1)!.name;
  const content = await readImage(options.content, { maxPixels: options.maxPixels });
  const outputSize = fitLongSide(content.rgb.width, content.rgb.height, options.size);
  assertLargeEnough(outputSize, deepest, 'the output (--size)');
  const workingContent = await resizeImage(content, outputSize.width, outputSize.height);
  const styleSizePx = Math.max(16, Math.round(options.size * options.styleScale));
  const blend = options.styleBlendWeights ?? options.styles.map(() => 1);
  const styles = [];
  for (const [index, path] of options.styles.entries()) {
    const style = await readImage(path, { maxPixels: options.maxPixels });
    const size = fitLongSide(style.rgb.width, style.rgb.height, styleSizePx);
    assertLargeEnough(size, deepest, `the style image ${path} (--size × --style-scale)`);
    styles.push({ image: (await resizeImage(style, size.width, size.height)).rgb, weight: blend[index] });
  }
  const initImage = options.initImage
    ? (await resizeImage(await readImage(options.initImage, { maxPixels: options.maxPixels }), outputSize.width, outputSize.height)).rgb
    : undefined;
  // Weights last: a typo in an image path fails before 80 MB of weights are read.
  const weights = await resolveVggWeights(options.weights, deepest);
  const runtime = createOrtRuntime({ threads: options.threads });
  const finish = (image: RgbImage): DecodedImage => {
    const mixed = blendStrength(image, workingContent.rgb, options.strength);
    const rgb = options.originalColors ? transferLuminance(mixed, workingContent.rgb) : mixed;
    return workingContent.alpha ? { rgb, alpha: workingContent.alpha } : { rgb };
  };
  const result = await runGatys(runtime, weights, { content: workingContent.rgb, styles, initImage }, settings, engineHooks(hooks, finish));
  return finish(result);
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

/** The engine's settings from validated options. */
export function gatysSettings(options: StylizeOptions): GatysSettings {
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
  };
}

/** Each pooling halves the image; the deepest layer must still see at least one pixel. */
function assertLargeEnough(size: { width: number; height: number }, deepest: string, what: string): void {
  const pools = Number(deepest[4]) - 1;
  const minimum = 2 ** pools;
  if (Math.min(size.width, size.height) < minimum) {
    throw new PainterlyError(
      'INVALID_OPTION',
      `Expected at least ${minimum} px on the short side of ${what} (layer ${deepest} sits behind ${pools} poolings) but received ${size.width}×${size.height}. Use a larger --size or a less elongated image.`,
    );
  }
}
