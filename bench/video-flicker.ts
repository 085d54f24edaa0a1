/**
 * Flicker of painted test-clip frames, in process: each engine's frame stylizer paints the clip in
 * order, and flicker = mean |O_t − warp(O_{t−1})| over the pixels visible in both frames, with the
 * clip's exact flow (0–255 scale), averaged over the frames that have a predecessor in their shot.
 */
import type { RgbImage } from '../src/engine/image.js';
import { createPresetFrameStylizer } from '../src/engine/video/coherent-preset.js';
import { createQualityFrameStylizer } from '../src/engine/video/coherent-quality.js';
import type { VideoFrameStylizer } from '../src/engine/video/frame-stylizer.js';
import { flicker } from '../src/engine/video/flow-field.js';
import type { FlowEstimator } from '../src/engine/video/types.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { preparePreset, prepareQuality } from '../src/node/video/prepare-video-engine.js';
import { parseVideoOptions } from '../src/options/video-schema.js';
import type { TestClip } from '../scripts/video/make-test-clip.js';

/** Flicker and time of one run over the clip. */
export interface FlickerRun {
  readonly flicker: number;
  /** Mean seconds per frame after each shot's first. */
  readonly laterFrameSeconds: number;
  readonly firstFrameSeconds: number;
  readonly outputs: RgbImage[];
}

/** Paints `clip` with `stylizer` and measures it. */
export async function measureFlicker(stylizer: VideoFrameStylizer, clip: TestClip): Promise<FlickerRun> {
  const outputs: RgbImage[] = [];
  const later: number[] = [];
  const first: number[] = [];
  try {
    for (let t = 0; t < clip.frames.length; t++) {
      const started = performance.now();
      outputs.push((await stylizer.stylize(clip.frames[t])).image);
      (clip.flows[t] ? later : first).push((performance.now() - started) / 1000);
    }
  } finally {
    await stylizer.release();
  }
  const scores = clip.flows.flatMap((flow, t) => (flow ? [flicker(outputs[t], outputs[t - 1], flow, clip.visible[t]!)] : []));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return { flicker: mean(scores), laterFrameSeconds: mean(later), firstFrameSeconds: mean(first), outputs };
}

/** A preset's frame stylizer for the clip's size. */
export async function presetStylizer(clip: TestClip, model: string, options: { independent: boolean; blend?: number; normRate?: number; flow?: FlowEstimator }): Promise<VideoFrameStylizer> {
  const parsed = parseVideoOptions({ input: 'clip.mp4', output: 'out.mp4', model, independent: options.independent, ...(options.blend !== undefined ? { blend: options.blend } : {}), ...(options.normRate !== undefined ? { normRate: options.normRate } : {}) });
  if (parsed.engine.kind !== 'preset') throw new Error('expected a preset');
  const checkpoint = await preparePreset(parsed.engine.options);
  const { width, height } = clip.frames[0];
  return createPresetFrameStylizer(createOrtRuntime({}), checkpoint, { width, height }, { independent: options.independent, blend: parsed.blend, statisticsRate: parsed.normRate, flow: options.flow });
}

/** The quality engine's frame stylizer for the clip's size, with video options as the CLI takes them. */
export async function qualityStylizer(clip: TestClip, videoOptions: Record<string, unknown>, flow?: FlowEstimator): Promise<VideoFrameStylizer> {
  const parsed = parseVideoOptions({ input: 'clip.mp4', output: 'out.mp4', ...videoOptions });
  if (parsed.engine.kind !== 'quality') throw new Error('expected the quality engine');
  const { width, height } = clip.frames[0];
  const quality = await prepareQuality(parsed.engine.options, { width, height });
  return createQualityFrameStylizer({ runtime: createOrtRuntime({}), ...quality, laterIterations: parsed.engine.laterIterations, temporalWeight: parsed.temporalWeight, independent: parsed.independent, flow });
}
