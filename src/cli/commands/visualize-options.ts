import { z } from 'zod';
import { deviceSchema } from '../../options/device.js';
import { PainterlyError } from '../../engine/errors.js';
import { PREPROCESSING_NAMES } from '../../engine/vgg/preprocessing.js';
import { DEFAULT_MAX_PIXELS } from '../../options/stylize-schema.js';
import { DEFAULT_NETWORK } from '../../options/network-choice.js';
import { POOLING_KINDS } from '../../engine/network/types.js';
import { DEFAULT_VISUALIZE_SIZE_PX, MAX_SIZE_PX } from '../../node/visualize.js';
import type { OptionSpec } from '../option-spec.js';
import { DEVICE_OPTION, OUTPUT_MODE_OPTIONS, THREADS_OPTION } from '../shared-options.js';

/** Every option of `painterly visualize`, in help order. Field names match `visualizeCliSchema`. */
export const VISUALIZE_OPTIONS: readonly OptionSpec[] = [
  { flag: 'layer', field: 'layer', kind: 'string', short: 'l', placeholder: 'LAYER', group: 'What to show', description: 'Conv layer whose units to show: conv1_1 … conv5_4 for VGG19, conv1 … conv15 for Darknet Tiny. Required.' },
  { flag: 'units', field: 'units', kind: 'stringList', repeatable: true, short: 'u', placeholder: 'LIST', group: 'What to show', description: 'Units (channels) to show, one row each: numbers and ranges, e.g. 0-15 or 3,7,9-11.', defaultText: 'the first 16' },
  { flag: 'top-units', field: 'topUnits', kind: 'number', placeholder: 'N', group: 'What to show', description: 'Instead of --units: the N units with the highest maximum activation over the images.' },
  { flag: 'images', field: 'images', kind: 'string', short: 'i', placeholder: 'DIR', group: 'What to show', description: 'Folder of images (searched recursively: .jpg .jpeg .png .webp .tif .tiff .gif; unreadable files are skipped). Required.' },
  { flag: 'size', field: 'size', kind: 'number', placeholder: 'PX', group: 'What to show', description: 'Every image is scaled so its short side is PX and centre-cropped to PX × PX.', defaultText: String(DEFAULT_VISUALIZE_SIZE_PX) },
  { flag: 'output', field: 'output', kind: 'string', short: 'o', placeholder: 'FILE', group: 'What to show', description: 'Where to write the grid (.png .jpg .webp …), atomically; never over one of the images it reads.', defaultText: 'visualize-LAYER.png in the current directory' },

  { flag: 'max-pixels', field: 'maxPixels', kind: 'number', placeholder: 'N', group: 'What to show', description: 'Skip images with more pixels than this (large ones are shrunk while decoded, so memory follows --size).', defaultText: String(DEFAULT_MAX_PIXELS) },

  { flag: 'network', field: 'network', kind: 'string', placeholder: 'NAME|PATH', group: 'Engine', description: 'Feature network: vgg19 (ImageNet weights from the model store, `painterly models download vgg19`), darknet-tiny (a real 4 MB ImageNet network, downloaded on first use), vgg16, a name from `painterly models import`, or a path: a VGG19/VGG16 .pth, .safetensors, Keras .h5/.keras or Caffe .caffemodel file (its format read from its bytes), or a TF.js model.json.', defaultText: DEFAULT_NETWORK },
  { flag: 'weights', field: 'weights', kind: 'string', placeholder: 'random[:SEED]|NAME|PATH', group: 'Engine', description: 'random[:SEED] = untrained weights of the network — they show what a random network responds to, not what it learns; a NAME or PATH is the same as --network.' },
  { flag: 'preprocessing', field: 'preprocessing', kind: 'string', placeholder: PREPROCESSING_NAMES.join('|'), group: 'Engine', description: 'How a VGG file\'s input is prepared (see `painterly stylize --help`); needed only for a .pth/.safetensors file Painterly does not know by its SHA-256.', defaultText: "the file's own" },
  { flag: 'pooling', field: 'pooling', kind: 'string', placeholder: POOLING_KINDS.join('|'), group: 'Engine', description: 'Pooling between stages (the receptive fields are the same for both).', defaultText: "the network's own: avg for VGG19, max for Darknet Tiny" },
  THREADS_OPTION,
  DEVICE_OPTION,
  ...OUTPUT_MODE_OPTIONS,
];

/** The command line of `painterly visualize`, validated and defaulted. */
export const visualizeCliSchema = z.object({
  layer: z.string().min(1),
  images: z.string().min(1),
  units: z.array(z.string()).optional(),
  topUnits: z.number().int().min(1).optional(),
  size: z.number().int().min(1).max(MAX_SIZE_PX).default(DEFAULT_VISUALIZE_SIZE_PX),
  output: z.string().min(1).optional(),
  network: z.string().min(1).optional(),
  weights: z.string().min(1).optional(),
  preprocessing: z.enum(PREPROCESSING_NAMES).optional(),
  pooling: z.enum(POOLING_KINDS).optional(),
  threads: z.number().int().min(1).max(1024).optional(),
  device: deviceSchema,
  maxPixels: z.number().int().positive().default(DEFAULT_MAX_PIXELS),
});

/**
 * Parses unit lists and ranges, keeping the first occurrence order and dropping repeats.
 *
 * @example
 * parseUnitList(['3', '7', '9-11']) // → [3, 7, 9, 10, 11]
 * parseUnitList(['0-3', '2']) // → [0, 1, 2, 3]
 */
export function parseUnitList(parts: readonly string[]): number[] {
  const units = new Set<number>();
  for (const part of parts) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const first = Number(match?.[1]);
    const last = match?.[2] === undefined ? first : Number(match[2]);
    if (!match || last < first || last - first > 100_000) {
      throw new PainterlyError('INVALID_OPTION', `Expected unit numbers or ranges such as 0-15 or 3,7,9-11 for --units but received "${part}".`);
    }
    for (let unit = first; unit <= last; unit++) units.add(unit);
  }
  return [...units];
}
