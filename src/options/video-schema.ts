/**
 * The one schema of video options (library and CLI). A video run repaints frames with one of the two
 * engines, so its options are the video's own (this schema) plus the engine's, validated by the
 * engine's own schema: `presetOptionsSchema` with `model`, `stylizeOptionsSchema` with `styles`.
 */
import { z } from 'zod';
import { PainterlyError } from '../engine/errors.js';
import { DEFAULT_LATER_ITERATIONS_SHARE, DEFAULT_TEMPORAL_WEIGHT } from '../engine/video/coherent-quality.js';
import { DEFAULT_PRESET_BLEND, STATISTICS_RATE } from '../engine/video/coherent-preset.js';
import { parseOptions, type FieldNamer, flagName, optionKey } from './parse-options.js';
import { presetOptionsSchema, type PresetOptions } from './preset-schema.js';
import { stylizeFieldName, stylizeOptionsSchema, type StylizeOptions } from './stylize-schema.js';

/** Long side of preset video frames when `size` is not given and the video is larger (memory and time per frame). */
export const DEFAULT_PRESET_VIDEO_SIZE_PX = 1280;
/** Frames per segment: a killed run resumes after the last whole segment. */
export const DEFAULT_SEGMENT_FRAMES = 24;
/** The optical flow is computed with the frame's long side scaled to this (then scaled back up). */
export const DEFAULT_FLOW_SIZE_PX = 320;

const nonNegative = z.number().finite().min(0);

/** The video's own options. */
export const videoOptionsSchema = z.object({
  input: z.string().min(1),
  output: z.string().min(1),
  /** Long side of the output in px (even sizes: rounded down to even). */
  size: z.number().int().min(32).max(8192).optional(),
  start: nonNegative.default(0),
  duration: z.number().finite().positive().optional(),
  /** A constant output frame rate (needed for variable-rate input). */
  fps: z.number().finite().positive().max(240).optional(),
  independent: z.boolean().default(false),
  resume: z.boolean().default(false),
  blend: z.number().min(0).max(0.95).default(DEFAULT_PRESET_BLEND),
  /** Weight of each new frame in the running average of a preset's norm statistics (1: each frame its own). */
  normRate: z.number().min(0.01).max(1).default(STATISTICS_RATE),
  temporalWeight: nonNegative.default(DEFAULT_TEMPORAL_WEIGHT),
  laterIterations: z.number().int().min(0).max(1_000_000).optional(),
  flowSize: z.number().int().min(32).max(4096).default(DEFAULT_FLOW_SIZE_PX),
  segmentFrames: z.number().int().min(1).max(100_000).default(DEFAULT_SEGMENT_FRAMES),
});

/** Video options as a caller writes them: the video's own plus one engine's (`model` … or `styles` …). */
export type VideoOptionsInput = z.input<typeof videoOptionsSchema> & Record<string, unknown>;

/** The engine a video run uses, with its validated options (their `content` is the video). */
export type VideoEngineOptions =
  | { readonly kind: 'preset'; readonly options: PresetOptions }
  | { readonly kind: 'quality'; readonly options: StylizeOptions; readonly laterIterations: number };

/** Validated video options. */
export type VideoOptions = z.output<typeof videoOptionsSchema> & { readonly engine: VideoEngineOptions };

const VIDEO_FIELDS = new Set(Object.keys(videoOptionsSchema.shape));
const PRESET_FIELDS = new Set(Object.keys(presetOptionsSchema.shape).filter((field) => field !== 'content' && field !== 'size'));

/**
 * Validates video options once: the video's own, then the engine's by its schema. Quality options
 * with `model`, or neither `model` nor `styles`, are INVALID_OPTION saying what to pass. Errors name
 * options by `nameOf` (default: their keys). Options that already went through here (they have
 * `engine`) come back as they are.
 *
 * @example
 * parseVideoOptions({ input: 'clip.mp4', output: 'out.mp4', model: 'udnie' }).engine.kind // → 'preset'
 */
export function parseVideoOptions(input: VideoOptionsInput | VideoOptions, nameOf: FieldNamer = optionKey): VideoOptions {
  if (isValidatedVideoOptions(input)) return input;
  const own: Record<string, unknown> = {};
  const engine: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    (VIDEO_FIELDS.has(field) ? own : engine)[field] = value;
  }
  const video = parseOptions(videoOptionsSchema, own, nameOf);
  const hasModel = engine.model !== undefined;
  const hasStyles = Array.isArray(engine.styles) && engine.styles.length > 0;
  if (hasModel === hasStyles) {
    throw new PainterlyError(
      'INVALID_OPTION',
      hasModel
        ? `Expected either ${nameOf('model')} or ${nameOf('styles')} but received both. A preset paints in its own style; drop ${nameOf('styles')}, or drop ${nameOf('model')} to use the quality engine.`
        : `Expected a preset (${nameOf('model')} NAME, e.g. udnie) or painting(s) (${nameOf('styles')} IMAGE) but received neither. Run \`painterly video --help\` for examples.`,
      { option: hasModel ? 'styles' : 'model' },
    );
  }
  if (hasModel) {
    const misplaced = Object.keys(engine).filter((field) => !PRESET_FIELDS.has(field));
    if (misplaced.length > 0 || own.temporalWeight !== undefined || own.laterIterations !== undefined) {
      const fields = [...misplaced, ...(own.temporalWeight !== undefined ? ['temporalWeight'] : []), ...(own.laterIterations !== undefined ? ['laterIterations'] : [])].map(nameOf);
      throw new PainterlyError('INVALID_OPTION', `${fields.join(', ')} ${fields.length === 1 ? 'belongs' : 'belong'} to the quality engine, not to presets (${nameOf('model')}). Drop ${fields.length === 1 ? 'it' : 'them'}, or use ${nameOf('styles')} IMAGE instead of ${nameOf('model')}.`, { option: misplaced[0] ?? (own.temporalWeight !== undefined ? 'temporalWeight' : 'laterIterations') });
    }
    const options = parseOptions(presetOptionsSchema, { ...engine, content: video.input }, nameOf);
    return { ...video, engine: { kind: 'preset', options } };
  }
  for (const field of ['blend', 'normRate'] as const) {
    if (own[field] !== undefined) throw new PainterlyError('INVALID_OPTION', `${nameOf(field)} belongs to presets (${nameOf('model')}); the quality engine keeps frames coherent with ${nameOf('temporalWeight')}.`, { option: field });
  }
  const options = parseOptions(stylizeOptionsSchema, { ...engine, ...(video.size !== undefined ? { size: video.size } : {}), content: video.input, scales: 'single' }, (field) => (field === 'content' ? 'the input video' : nameOf === flagName ? stylizeFieldName(field) : nameOf(field)));
  const laterIterations = video.laterIterations ?? Math.max(1, Math.round(options.iterations * DEFAULT_LATER_ITERATIONS_SHARE));
  return { ...video, engine: { kind: 'quality', options, laterIterations } };
}

function isValidatedVideoOptions(input: VideoOptionsInput | VideoOptions): input is VideoOptions {
  const engine = (input as { engine?: unknown }).engine;
  return typeof engine === 'object' && engine !== null && 'kind' in engine && 'options' in engine;
}
