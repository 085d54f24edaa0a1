/**
 * A `POST /api/visualize` body ("What the network sees"), validated: the layer, which units (a list
 * such as `0-7,12` or the N most active), the weights and which of the studio's images to look at.
 * Every problem is a 400 naming the field, so the page can show it next to that field.
 */
import { z } from 'zod';
import { DARKNET_TINY } from '../../engine/darknet/architecture.js';
import { describeLayerNames } from '../../engine/network/layers.js';
import type { NetworkTable } from '../../engine/network/types.js';
import { VGG16, VGG19 } from '../../engine/vgg/architecture.js';
import { DEFAULT_VISUALIZE_SIZE_PX } from '../../node/visualize.js';
import { HttpError } from '../http-errors.js';
import type { WeightsChoice } from '../api-types.js';
import { WEIGHTS_CHOICES } from '../jobs/job-request.js';
import { validateRequest } from '../validate.js';

/** The most units one grid shows (one row each). */
export const MAX_VISUALIZE_UNITS = 64;

/** Side of the square every image is resized to: default, smallest and largest. */
export const VISUALIZE_SIZE = { default: DEFAULT_VISUALIZE_SIZE_PX, min: 32, max: 512 } as const;

/** Which images a run looks at: the gallery's results, the photos they were painted from, or both. */
export const VISUALIZE_SOURCES = ['results', 'photos', 'both'] as const;
export type VisualizeSource = (typeof VISUALIZE_SOURCES)[number];

/** The request as sent. */
export const visualizeRequestSchema = z
  .object({
    layer: z.string().min(1).max(16),
    units: z.string().max(200).optional(),
    topUnits: z.number().int().min(1).max(MAX_VISUALIZE_UNITS).optional(),
    weights: z.enum(WEIGHTS_CHOICES).default('default'),
    images: z.enum(VISUALIZE_SOURCES).default('results'),
    size: z.number().int().min(VISUALIZE_SIZE.min).max(VISUALIZE_SIZE.max).default(VISUALIZE_SIZE.default),
  })
  .strict();

/** A validated request: units parsed to numbers (or absent: the first 16, or `topUnits`). */
export interface VisualizeRequest {
  readonly layer: string;
  readonly unitsText?: string;
  readonly units?: readonly number[];
  readonly topUnits?: number;
  readonly weights: WeightsChoice;
  /** The weights the run uses: `weights`, with `default` replaced by the server's effective default. */
  readonly effectiveWeights: string;
  readonly images: VisualizeSource;
  readonly size: number;
}

/** The network whose layers a run with `weights` shows (random weights are VGG19's). */
export function visualizedNetwork(weights: string): NetworkTable {
  if (weights === 'darknet-tiny' || weights.endsWith('.json')) return DARKNET_TINY;
  return weights === 'vgg16' ? VGG16 : VGG19;
}

/**
 * How many units `layer` of `network` has, or undefined when the network has no such layer.
 *
 * @example
 * layerWidth(VGG19, 'conv3_1') // → 256
 */
export function layerWidth(network: NetworkTable, layer: string): number | undefined {
  return network.layers.find((candidate) => candidate.name === layer)?.outChannels;
}

/**
 * Validates a visualize request body.
 *
 * @example
 * parseVisualizeRequest({ layer: 'conv2_1', units: '0-7' }) // → { layer: 'conv2_1', units: [0, …, 7], weights: 'default', … }
 */
export function parseVisualizeRequest(body: unknown, defaultWeights: string): VisualizeRequest {
  const request = validateRequest(visualizeRequestSchema, body);
  const effectiveWeights = request.weights === 'default' ? defaultWeights : request.weights;
  const network = visualizedNetwork(effectiveWeights);
  const width = layerWidth(network, request.layer);
  if (width === undefined) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected a ${network.displayName} layer (${describeLayerNames(network)}) for layer but received ${JSON.stringify(request.layer)}.`, 'layer');
  }
  const unitsText = request.units?.trim() || undefined;
  if (unitsText !== undefined && request.topUnits !== undefined) {
    throw new HttpError(400, 'INVALID_OPTION', 'Expected either units or topUnits but received both. Pick units (e.g. 0-7) or the most active ones.', 'units');
  }
  if (request.topUnits !== undefined && request.topUnits > width) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected a whole number from 1 to ${width} for topUnits (${request.layer} has ${width} units) but received ${request.topUnits}.`, 'topUnits');
  }
  const units = unitsText === undefined ? undefined : parseUnits(unitsText, request.layer, width);
  return { layer: request.layer, unitsText, units, topUnits: request.topUnits, weights: request.weights, effectiveWeights, images: request.images, size: request.size };
}

/** `0-7,12` → [0 … 7, 12]: sorted, without repeats; 400 about `units` when malformed or out of range. */
function parseUnits(text: string, layer: string, width: number): number[] {
  const bad = (why: string): HttpError =>
    new HttpError(400, 'INVALID_OPTION', `Expected unit numbers and ranges such as 0-7 or 3,7,9-11 (${why}) for units but received ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}.`, 'units');
  const units = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?$/.exec(part);
    if (!match) throw bad('whole numbers, separated by commas');
    const first = Number(match[1]);
    const last = Number(match[2] ?? match[1]);
    if (last < first) throw bad(`a range goes up, e.g. ${last}-${first}`);
    if (last >= width) throw bad(`${layer} has units 0–${width - 1}`);
    for (let unit = first; unit <= last; unit++) {
      units.add(unit);
      if (units.size > MAX_VISUALIZE_UNITS) throw bad(`at most ${MAX_VISUALIZE_UNITS} units at once`);
    }
  }
  return [...units].sort((a, b) => a - b);
}
