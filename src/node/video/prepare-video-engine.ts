/**
 * Everything a video run's engine needs before its first frame, read and checked: the preset's
 * network, or the feature network, paintings and settings of the quality engine, planned for the
 * frame size.
 */
import type { FastStyleCheckpoint } from '../../engine/fast/checkpoint.js';
import { planStylization } from '../../engine/gatys/plan-stylization.js';
import type { GatysSettings } from '../../engine/gatys/settings.js';
import type { WeightedStyle } from '../../engine/gatys/style-targets.js';
import type { NetworkWeights } from '../../engine/network/types.js';
import { networkEntryOf } from '../../options/network-choice.js';
import type { PresetOptions } from '../../options/preset-schema.js';
import type { StylizeOptions } from '../../options/stylize-schema.js';
import { readFastStyleCheckpoint } from '../fast-checkpoint.js';
import { readImage, resizeImage } from '../image-io.js';
import { ensureModel, type DownloadEvent } from '../model-store/index.js';
import { resolveNetworkWeights } from '../resolve-weights.js';
import { defaultMaxMemoryBytes } from '../stylize.js';

/** A width and height in pixels. */
interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The preset's network, downloaded into the model store on first use.
 *
 * @example const checkpoint = await preparePreset(options.engine.options, { onProgress });
 */
export async function preparePreset(options: PresetOptions, hooks: { onProgress?: (event: DownloadEvent) => void; signal?: AbortSignal } = {}): Promise<FastStyleCheckpoint> {
  const directory = await ensureModel(options.model, { signal: hooks.signal, onProgress: hooks.onProgress });
  return readFastStyleCheckpoint(directory);
}

/** The quality engine's inputs for frames of one size. */
export interface PreparedQuality {
  readonly weights: NetworkWeights;
  readonly styles: readonly WeightedStyle[];
  readonly settings: GatysSettings;
}

/**
 * Reads the paintings, plans one frame (a single scale at the frame size) and loads the network
 * weights: the checks of `painterly stylize` (sizes, layers, memory) fail here, before the first frame.
 *
 * @example const quality = await prepareQuality(options.engine.options, { width: 640, height: 360 });
 */
export async function prepareQuality(options: StylizeOptions, frame: FrameSize, hooks: { onProgress?: (event: DownloadEvent) => void } = {}): Promise<PreparedQuality> {
  const table = networkEntryOf(options.networkChoice).table;
  const longSide = Math.max(frame.width, frame.height);
  const styleImages = [];
  for (const path of options.styles) styleImages.push(await readImage(path, { maxPixels: options.maxPixels, targetLongSidePx: Math.ceil(longSide * (options.styleScale ?? 1)) }));
  const request = { ...options, size: longSide, scales: 'single' as const, checkpointing: false, maxMemoryBytes: options.maxMemory ?? defaultMaxMemoryBytes() };
  const plan = planStylization(table, frame, styleImages.map((style) => style.rgb), request);
  const weights = await resolveNetworkWeights(options.networkChoice, plan.deepestLayer, hooks);
  const blend = options.styleBlendWeights ?? options.styles.map(() => 1);
  const styles = await Promise.all(
    styleImages.map(async (style, k) => {
      const size = plan.styleSizeAt(style.rgb, longSide);
      const image = style.rgb.width === size.width && style.rgb.height === size.height ? style.rgb : (await resizeImage(style, size.width, size.height)).rgb;
      return { image, weight: blend[k] };
    }),
  );
  return { weights, styles, settings: plan.settings };
}
