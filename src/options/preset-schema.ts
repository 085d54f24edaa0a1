import { z } from 'zod';
import { deviceSchema } from './device.js';
import { FAST_STYLE_DEFAULTS } from '../engine/fast/stylize-fast.js';
import { DEFAULT_MAX_PIXELS, STYLIZE_DEFAULTS } from './stylize-schema.js';
import { optionKey, parseOptions, type FieldNamer } from './parse-options.js';

/** Default memory budget of one fast-network run, as a tile side in px: the engine's measured default (FAST_STYLE_DEFAULTS). */
export const DEFAULT_TILE_SIZE_PX: number = FAST_STYLE_DEFAULTS.tileSizePx;

/**
 * The one schema for fast (pretrained preset) stylization options, shared by the library, the CLI
 * and the server. `size` left out keeps the content's own size.
 *
 * @example presetOptionsSchema.parse({ content: 'photo.jpg', model: 'udnie', strength: 0.8 })
 */
export const presetOptionsSchema = z.object({
  content: z.string().min(1),
  model: z.string().min(1),
  size: z.number().int().min(16).max(65536).optional(),
  strength: z.number().min(0).max(1).default(STYLIZE_DEFAULTS.strength),
  originalColors: z.boolean().default(false),
  tileSize: z.number().int().min(128).max(8192).default(DEFAULT_TILE_SIZE_PX),
  threads: z.number().int().min(1).max(1024).optional(),
  device: deviceSchema,
  maxPixels: z.number().int().positive().default(DEFAULT_MAX_PIXELS),
});

/** Preset options as a caller writes them. */
export type PresetOptionsInput = z.input<typeof presetOptionsSchema>;
/** Preset options after validation. */
export type PresetOptions = z.output<typeof presetOptionsSchema>;

/**
 * Preset options, validated at the caller's edge (errors name the option by `nameOf`, by default
 * its key). Validated options parse to themselves (the schema only fills in defaults), so options
 * a server validated before handing them to a worker may pass through here again unchanged.
 *
 * @example parsePresetOptions({ content: 'photo.jpg', model: 'udnie' }).strength // → 1
 */
export function parsePresetOptions(input: PresetOptionsInput, nameOf: FieldNamer = optionKey): PresetOptions {
  return parseOptions(presetOptionsSchema, input as Record<string, unknown>, nameOf);
}
