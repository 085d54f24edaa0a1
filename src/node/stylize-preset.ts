import { finishStylized } from '../engine/finish.js';
import { PainterlyError } from '../engine/errors.js';
import type { FastStyleEvent } from '../engine/fast/events.js';
import { stylizeFast } from '../engine/fast/stylize-fast.js';
import { fitLongSide, type DecodedImage } from '../engine/image.js';
import { parsePresetOptions, type PresetOptionsInput } from '../options/preset-schema.js';
import { readFastStyleCheckpoint } from './fast-checkpoint.js';
import { readImage, resizeImage } from './image-io.js';
import { ensureModel, FAST_STYLE_PRESETS, MODEL_REGISTRY, type DownloadEvent } from './model-store/index.js';
import { openOrtRuntime } from './ort-runtime.js';

/** Everything a preset run reports: downloads of a preset's first use, then the engine's events. */
export type PresetEvent = DownloadEvent | FastStyleEvent | { readonly type: 'load'; readonly model: string; readonly width: number; readonly height: number; readonly provider: string };

/** Hooks of a preset run. */
export interface PresetHooks {
  readonly onProgress?: (event: PresetEvent) => void;
  readonly signal?: AbortSignal;
  /** One-line notices, e.g. that `device: 'auto'` fell back to the CPU and why. */
  readonly onNotice?: (message: string) => void;
}

/**
 * Stylizes a photo with one of the pretrained fast-style presets (downloaded into the model store
 * on first use, or copied from PAINTERLY_MODEL_MIRROR). The output has the content's own size
 * unless `size` sets the long side; large images are tiled without seams; alpha is carried over.
 * Options are validated here (`parsePresetOptions`; options validated before pass unchanged).
 *
 * @example
 * const image = await stylizeWithPreset({ content: 'photo.jpg', model: 'udnie', strength: 0.8 });
 */
export async function stylizeWithPreset(input: PresetOptionsInput, hooks: PresetHooks = {}): Promise<DecodedImage> {
  const options = parsePresetOptions(input);
  assertPreset(options.model);
  const content = await readImage(options.content, { maxPixels: options.maxPixels, targetLongSidePx: options.size });
  const size = options.size ? fitLongSide(content.rgb.width, content.rgb.height, options.size) : { width: content.rgb.width, height: content.rgb.height };
  const working = size.width === content.rgb.width && size.height === content.rgb.height ? content : await resizeImage(content, size.width, size.height);
  const directory = await ensureModel(options.model, { signal: hooks.signal, onProgress: hooks.onProgress });
  const checkpoint = await readFastStyleCheckpoint(directory);
  const runtime = await openOrtRuntime({ device: options.device, threads: options.threads, onNotice: hooks.onNotice });
  hooks.onProgress?.({ type: 'load', model: options.model, width: size.width, height: size.height, provider: runtime.provider });
  const stylized = await stylizeFast(runtime, checkpoint, working.rgb, {
    tileSizePx: options.tileSize,
    onProgress: hooks.onProgress,
    signal: hooks.signal,
  });
  // The one finishing step both engines share: strength, then the photo's colours.
  const rgb = finishStylized(stylized, working.rgb, { strength: options.strength, originalColors: options.originalColors });
  return working.alpha ? { rgb, alpha: working.alpha } : { rgb };
}

/**
 * A name that is not a preset is a usage error (exit 2 in the CLI), listing the presets; checked
 * before anything is downloaded.
 *
 * @example assertPreset('vgg19') // throws: vgg19 is not a fast-style preset. Presets: …
 */
export function assertPreset(name: string): void {
  const entry = MODEL_REGISTRY.find((candidate) => candidate.name === name);
  if (entry?.kind === 'fast-style') return;
  const presets = `Presets: ${FAST_STYLE_PRESETS.join(', ')}.`;
  throw new PainterlyError(
    'INVALID_OPTION',
    entry
      ? `${name} is not a fast-style preset. ${presets} For the quality engine use --style IMAGE instead of --model.`
      : `Unknown model "${name}". ${presets} \`painterly models list\` describes them.`,
  );
}
