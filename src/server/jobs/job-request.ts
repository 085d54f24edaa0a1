/**
 * The body of `POST /api/jobs`, validated at the HTTP boundary. A fast job names a preset; a quality
 * job names its style images (samples or uploads, with blend weights) and its knobs, which are then
 * validated by the one stylization schema (`stylizeOptionsSchema`) in `resolve-job.ts`.
 */
import { z } from 'zod';
import { NETWORK_IDS } from '../../engine/network/registry.js';
import { FAST_STYLE_PRESETS, type FastStylePresetName } from '../../node/model-store/index.js';
import { presetOptionsSchema } from '../../options/preset-schema.js';
import type { WeightsChoice } from '../api-types.js';

/** The largest output the studio makes, long side in px (the CLI has no such cap). */
export const MAX_SIZE_PX = 2048;
/** At most this many style images blended in one quality job. */
export const MAX_STYLES = 8;
/** A fast job's size when it gives none, long side in px. */
export const FAST_SIZE_PX = 512;
/** A quality job's style strength when it gives none: the network's own style weight, as is. */
export const DEFAULT_STYLE_STRENGTH = 1;
/** The largest style strength: 100 × the network's style weight is already all texture. */
export const MAX_STYLE_STRENGTH = 100;

/** A style image of a quality job: a sample painting (by file name) or an upload (by id), with its blend weight. */
export const styleRefSchema = z.object({
  source: z.enum(['sample', 'upload']),
  id: z.string().min(1).max(255),
  weight: z.number().finite().positive().max(1000).default(1),
});

/** The weights a request may name: the server's default, each network of the registry, or untrained ones (a network missing from `WeightsChoice` fails to compile here). */
export const WEIGHTS_CHOICES = ['default', ...(NETWORK_IDS satisfies readonly WeightsChoice[]), 'random'] as [WeightsChoice, ...WeightsChoice[]];

/** Knobs both modes share, as the library's options declare them (with their defaults). `strength` mixes the result with the content: 1 = all style, 0 = the photo. */
const commonFields = {
  content: z.string().min(1).max(64),
  originalColors: presetOptionsSchema.shape.originalColors,
  strength: presetOptionsSchema.shape.strength,
};

/** A fast job: one feed-forward pass through a pretrained preset network. */
export const fastRequestSchema = z.object({
  mode: z.literal('fast'),
  preset: z.enum(FAST_STYLE_PRESETS as readonly [FastStylePresetName, ...FastStylePresetName[]]),
  size: z.number().int().min(16).max(MAX_SIZE_PX).default(FAST_SIZE_PX),
  ...commonFields,
});

/**
 * A quality job: Gatys optimization. The numeric knobs are typed loosely here on purpose: the
 * stylization schema checks them (ranges, whole numbers) with the same words as the CLI. Only
 * `styleStrength`, which the CLI does not have, is checked here.
 */
export const qualityRequestSchema = z.object({
  mode: z.literal('quality'),
  styles: z.array(styleRefSchema).min(1).max(MAX_STYLES),
  weights: z.enum(WEIGHTS_CHOICES).default('default'),
  size: z.unknown().optional(),
  iterations: z.unknown().optional(),
  styleWeight: z.unknown().optional(),
  /**
   * The style weight relative to the network's own (β = the network's default × styleStrength), so
   * one number means the same on every network. Either this or an exact `styleWeight`, not both.
   */
  styleStrength: z.number().finite().positive().max(MAX_STYLE_STRENGTH).optional(),
  contentWeight: z.unknown().optional(),
  tvWeight: z.unknown().optional(),
  seed: z.unknown().optional(),
  ...commonFields,
});

/**
 * Either kind of job request.
 *
 * @example
 * jobRequestSchema.parse({ mode: 'fast', content: uploadId, preset: 'udnie', size: 256 })
 */
export const jobRequestSchema = z.discriminatedUnion('mode', [fastRequestSchema, qualityRequestSchema]);

/** A style reference after validation. */
export type StyleRef = z.output<typeof styleRefSchema>;

/** The settings of a quality job as stored with its gallery item (declared with the API types). */
export type { QualitySettings, JobSettings } from '../api-types.js';
