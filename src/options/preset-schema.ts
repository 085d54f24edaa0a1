import { z } from 'zod';
import { deviceSchema } from './device.js';
import { DEFAULT_MAX_PIXELS } from './stylize-schema.js';

/** Default memory budget of one fast-network run, as a tile side in px (≈0.5 GB peak in ONNX Runtime). */
export const DEFAULT_TILE_SIZE_PX = 768;

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
  strength: z.number().min(0).max(1).default(1),
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
