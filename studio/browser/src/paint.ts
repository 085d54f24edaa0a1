/**
 * The page's use cases, like `src/node/stylize*.ts`: read → plan → run → finish, with the
 * engine doing all the work through the GraphRuntime port. Options are validated by the same zod
 * schemas as the CLI's; images are the visitor's files, decoded here.
 */
import { finishStylized } from '../../../src/engine/finish.js';
import { stylizeFast } from '../../../src/engine/fast/stylize-fast.js';
import type { GatysEvent } from '../../../src/engine/gatys/events.js';
import { planStylization } from '../../../src/engine/gatys/plan-stylization.js';
import { runGatysScales, type GatysImages } from '../../../src/engine/gatys/run-gatys.js';
import type { ScaleStep } from '../../../src/engine/gatys/scale-schedule.js';
import { fitLongSide, type DecodedImage, type RgbImage } from '../../../src/engine/image.js';
import type { GraphRuntime } from '../../../src/engine/runtime.js';
import { upsampleImage } from '../../../src/engine/upsample.js';
import { PainterlyError } from '../../../src/engine/errors.js';
import { networkEntryOf } from '../../../src/options/network-choice.js';
import { parseOptions } from '../../../src/options/parse-options.js';
import { presetOptionsSchema } from '../../../src/options/preset-schema.js';
import { stylizeFieldName, stylizeOptionsSchema } from '../../../src/options/stylize-schema.js';
import { FAST_STYLE_PRESETS } from '../../../src/node/model-store/registry.js';
import { decodeImage, resizeImage, rgbaPixels } from './image-pixels.js';
import type { PaintProgress, PresetRequest, QualityRequest } from './messages.js';
import { fetchDarknetTiny, fetchPresetCheckpoint } from './model-files.js';

/**
 * The page's memory budget for one quality run: half of the 4 GiB a WASM heap may grow to (the
 * planner's memory models, measured on onnxruntime-node, ask about 1.2 GB for Darknet Tiny's
 * graphs at any size). Larger images are painted in tiles.
 */
export const BROWSER_MAX_MEMORY_BYTES = 2 * 1024 ** 3;

/** What a use case needs from the worker: the runtime, the models URL, progress and cancel. */
export interface PaintContext {
  readonly runtime: GraphRuntime;
  readonly modelsUrl: string;
  readonly signal: AbortSignal;
  readonly onProgress: (event: PaintProgress) => void;
}

/**
 * A fast preset on the visitor's photo, as `stylizeWithPreset` does it in Node.
 *
 * @example
 * const image = await paintWithPreset({ mode: 'fast', photo: file, preset: 'udnie' }, context);
 */
export async function paintWithPreset(request: PresetRequest, context: PaintContext): Promise<DecodedImage> {
  const options = parseOptions(presetOptionsSchema, { content: 'photo', model: request.preset, size: request.size, strength: request.strength, originalColors: request.originalColors });
  if (!(FAST_STYLE_PRESETS as readonly string[]).includes(options.model)) {
    throw new PainterlyError('INVALID_OPTION', `Unknown preset "${options.model}". Presets: ${FAST_STYLE_PRESETS.join(', ')}.`);
  }
  const photo = await decodeImage(request.photo, options.maxPixels, 'photo');
  const size = options.size ? fitLongSide(photo.rgb.width, photo.rgb.height, options.size) : { width: photo.rgb.width, height: photo.rgb.height };
  const working = await resizeImage(photo, size.width, size.height);
  const checkpoint = await fetchPresetCheckpoint(options.model, { baseUrl: context.modelsUrl, signal: context.signal, onProgress: context.onProgress });
  const stylized = await stylizeFast(context.runtime, checkpoint, working.rgb, { tileSizePx: options.tileSize, onProgress: context.onProgress, signal: context.signal });
  const rgb = finishStylized(stylized, working.rgb, { strength: options.strength, originalColors: options.originalColors });
  return working.alpha ? { rgb, alpha: working.alpha } : { rgb };
}

/**
 * Gatys optimisation with Darknet Tiny on the visitor's photo and painting, as `stylize` does it
 * in Node (single style, no checkpoint file: a cancelled run simply stops).
 *
 * @example
 * const image = await paintWithQuality({ mode: 'quality', photo, style, size: 256, iterations: 100 }, context);
 */
export async function paintWithQuality(request: QualityRequest, context: PaintContext): Promise<DecodedImage> {
  const options = parseOptions(
    stylizeOptionsSchema,
    { content: 'photo', styles: ['painting'], network: 'darknet-tiny', size: request.size, iterations: request.iterations, strength: request.strength, originalColors: request.originalColors, seed: request.seed, saveEvery: request.previewEvery ?? 0 },
    stylizeFieldName,
  );
  const photo = await decodeImage(request.photo, options.maxPixels, 'photo');
  const painting = await decodeImage(request.style, options.maxPixels, 'painting');
  const network = networkEntryOf(options.networkChoice).table;
  const plan = planStylization(network, photo.rgb, [painting.rgb], { ...options, checkpointing: false, maxMemoryBytes: options.maxMemory ?? BROWSER_MAX_MEMORY_BYTES });
  const weights = await fetchDarknetTiny(plan.deepestLayer, { baseUrl: context.modelsUrl, signal: context.signal, onProgress: context.onProgress });
  const { outputSize, scales, settings, styleSizeAt } = plan;
  const working = await resizeImage(photo, outputSize.width, outputSize.height);
  const finish = (image: RgbImage): DecodedImage => {
    const full = image.width === outputSize.width && image.height === outputSize.height ? image : upsampleImage(image, outputSize.width, outputSize.height);
    const rgb = finishStylized(full, working.rgb, { strength: options.strength, originalColors: options.originalColors });
    return working.alpha ? { rgb, alpha: working.alpha } : { rgb };
  };
  const atScale = async (image: DecodedImage, size: { width: number; height: number }): Promise<RgbImage> => (await resizeImage(image, size.width, size.height)).rgb;
  const imagesAt = async (scale: ScaleStep): Promise<GatysImages> => ({
    content: await atScale(working, scale),
    styles: [{ image: await atScale(painting, styleSizeAt(painting.rgb, Math.max(scale.width, scale.height))), weight: 1 }],
  });
  const onProgress = (event: GatysEvent): void => {
    if (event.type !== 'snapshot') return context.onProgress(event);
    const preview = finish(event.image);
    context.onProgress({ type: 'preview', iteration: event.iteration, frame: { width: preview.rgb.width, height: preview.rgb.height, rgba: rgbaPixels(preview) } });
  };
  const result = await runGatysScales({ runtime: context.runtime, weights, scales, source: imagesAt, settings }, { onProgress, signal: context.signal });
  return finish(result);
}
