import { z } from 'zod';
import { deviceSchema } from './device.js';
import { DEFAULT_MIN_SCALE, SCALE_MODES } from '../engine/gatys/scale-schedule.js';
import { POOLING_KINDS } from '../engine/network/types.js';
import { describeLayerNames } from '../engine/network/layers.js';
import { chooseNetwork, networkEntryOf, type NetworkChoice } from './network-choice.js';
import { PREPROCESSING_NAMES } from '../engine/vgg/preprocessing.js';
import type { NetworkDefaults } from '../engine/network/registry.js';
import { flagName, optionKey, parseOptions, type FieldNamer } from './parse-options.js';
import { RECIPE_NAMES, RECIPES, recipeFits } from './recipes.js';
import { STYLE_LOSS_KINDS } from '../engine/gatys/types.js';
import { OPTIMIZER_NAMES } from '../engine/optimizers/create-optimizer.js';

/** Defaults that hold for every network (a recipe may replace them; the network's own are in NETWORKS). */
export const STYLIZE_DEFAULTS = Object.freeze({
  size: 512,
  iterations: 500,
  scales: 'auto',
  optimizer: 'adam',
  tvWeight: 0,
  noiseRatio: 0.6,
  seed: 0,
  strength: 1,
  saveEvery: 0,
} as const);

/** How a switch such as `styleBalance` is written besides a boolean, in help order. */
export const ON_OFF = ['on', 'off'] as const;

/** Start images, in help order. */
export const INIT_KINDS = ['noise', 'random', 'gray', 'content', 'image'] as const;

/** Default pixel limit for input images (decompression bombs, accidental huge files). */
export const DEFAULT_MAX_PIXELS = 50_000_000;
/** Checkpoint interval in iterations: a few seconds of writing per several minutes of work at 2048 px. */
export const DEFAULT_CHECKPOINT_EVERY = 50;

const positiveNumber = z.number().finite().positive();

const MEMORY_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** A memory size: a number of bytes, or a string like "4G", "4GB", "3500M", "4gib". */
const memorySize = z.union(
  [
    positiveNumber,
    z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*([kmgt]?)(i?b)?\s*$/i, 'a size like 4G or 3500M')
      .transform((text) => {
        const [, number, , unit] = /^\s*(\d+(\.\d+)?)\s*([kmgt]?)/i.exec(text)!;
        return Number(number) * MEMORY_UNITS[unit.toUpperCase()];
      }),
  ],
  { error: 'a size like 4G or 3500M (or a number of bytes)' },
);
const nonNegativeNumber = z.number().finite().min(0);

/**
 * The one schema for quality (Gatys) stylization options, shared by the library, the CLI and the
 * server: every field validated once, at the edge, with its default. Field names are the
 * camelCase forms of the CLI flags (`--style-blend-weights` → `styleBlendWeights`).
 *
 * @example
 * const options = stylizeOptionsSchema.parse({ content: 'photo.jpg', styles: ['starry.jpg'], iterations: 200 });
 */
export const stylizeOptionsSchema = z
  .object({
    content: z.string().min(1),
    styles: z.array(z.string().min(1)).min(1),
    styleBlendWeights: z.array(positiveNumber).optional(),
    size: z.number().int().min(16).max(16384).default(STYLIZE_DEFAULTS.size),
    styleScale: positiveNumber.max(8).optional(),
    /** A named set of option values (recipes.ts); options given explicitly override it. */
    recipe: z.enum(RECIPE_NAMES).optional(),
    /** Default: the recipe's, else STYLIZE_DEFAULTS (likewise scales, optimizer, tvWeight). */
    iterations: z.number().int().min(0).max(1_000_000).optional(),
    scales: z.enum(SCALE_MODES).optional(),
    minScale: z.number().int().min(16).max(16384).default(DEFAULT_MIN_SCALE),
    /** Default: the network's own (NETWORKS in engine/network/registry.ts). */
    contentWeight: nonNegativeNumber.optional(),
    styleWeight: nonNegativeNumber.optional(),
    tvWeight: nonNegativeNumber.optional(),
    contentLayers: z.array(z.string().min(1)).min(1).optional(),
    styleLayers: z.array(z.string().min(1)).min(1).optional(),
    styleLayerWeights: z.array(nonNegativeNumber).optional(),
    pooling: z.enum(POOLING_KINDS).optional(),
    /** Default: the network's (gatys/types.ts). */
    styleLoss: z.enum(STYLE_LOSS_KINDS).optional(),
    /** `on`/`off` (or a boolean); default: the network's (gatys/style-balance.ts). */
    styleBalance: z.union([z.boolean(), z.enum(ON_OFF)]).optional(),
    init: z.enum(INIT_KINDS).optional(),
    initImage: z.string().min(1).optional(),
    noiseRatio: z.number().min(0).max(1).default(STYLIZE_DEFAULTS.noiseRatio),
    optimizer: z.enum(OPTIMIZER_NAMES).optional(),
    learningRate: positiveNumber.optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(STYLIZE_DEFAULTS.seed),
    saveEvery: z.number().int().min(0).default(STYLIZE_DEFAULTS.saveEvery),
    originalColors: z.boolean().default(false),
    strength: z.number().min(0).max(1).default(STYLIZE_DEFAULTS.strength),
    /** The feature network: `vgg19`, `darknet-tiny`, or a path (.h5 / model.json). */
    network: z.string().min(1).optional(),
    /** `random[:SEED]` for untrained weights of the network; or, as before, the network's name or path. */
    weights: z.string().min(1).optional(),
    /** How a VGG file's input is prepared (`caffe` | `torchvision`); default: the file's own (engine/vgg/preprocessing.ts). */
    preprocessing: z.enum(PREPROCESSING_NAMES).optional(),
    threads: z.number().int().min(1).max(1024).optional(),
    /** Execution provider (`device.ts`). */
    device: deviceSchema,
    maxPixels: z.number().int().positive().default(DEFAULT_MAX_PIXELS),
    /** Memory budget, bytes or a size like "4G" / "3500M"; undefined: min(4 GiB, half the machine's memory). */
    maxMemory: memorySize.optional(),
    /** Where the run keeps its resumable checkpoint (the CLI uses OUTPUT.checkpoint); none when absent. */
    checkpoint: z.string().min(1).optional(),
    checkpointEvery: z.number().int().min(0).default(DEFAULT_CHECKPOINT_EVERY),
    resume: z.boolean().default(false),
  })
  .superRefine((options, context) => {
    let choice: NetworkChoice | undefined;
    try {
      choice = chooseNetwork(networkOption(options), options.weights, options.preprocessing);
    } catch (error) {
      const field = error instanceof Error && / for --preprocessing but/.test(error.message) ? 'preprocessing' : options.network !== undefined ? 'network' : 'weights';
      context.addIssue({ code: 'custom', path: [field], message: error instanceof Error ? error.message.replace(/^Expected (.*) for \S+ but received .*$/s, '$1') : String(error) });
    }
    // A model.json of another chain is checked against its own layers when it is read.
    const table = choice && !(choice.kind === 'file' && choice.format === 'tfjs-layers') ? networkEntryOf(choice).table : undefined;
    for (const field of ['contentLayers', 'styleLayers'] as const) {
      const layers = options[field] ?? [];
      const unknown = table ? layers.findIndex((layer) => !table.layers.some((spec) => spec.name === layer)) : -1;
      if (table && unknown >= 0) {
        context.addIssue({ code: 'custom', path: [field, unknown], message: `a ${table.displayName} layer name (${describeLayerNames(table)})` });
      }
    }
    const blend = options.styleBlendWeights;
    if (blend && blend.length !== options.styles.length) {
      context.addIssue({
        code: 'custom',
        path: ['styleBlendWeights'],
        message: `one weight per style image (${plural(options.styles.length, 'style')}, ${plural(blend.length, 'weight')})`,
      });
    }
    const recipe = options.recipe ? RECIPES[options.recipe] : undefined;
    if (recipe && choice && !recipeFits(recipe, choice.family) && (options.contentLayers === undefined || options.styleLayers === undefined)) {
      context.addIssue({ code: 'custom', path: ['recipe'], message: `a ${recipe.network} network: the ${options.recipe} recipe reads ${recipe.network}'s layers (drop the network option, or give contentLayers and styleLayers of your network)` });
    }
    const layerWeights = options.styleLayerWeights;
    const styleLayerCount = options.styleLayers?.length ?? (recipe && !options.styleLayers ? recipe.styleLayers.length : choice ? networkEntryOf(choice).defaults.styleLayers.length : 0);
    if (layerWeights && layerWeights.length !== styleLayerCount) {
      context.addIssue({
        code: 'custom',
        path: ['styleLayerWeights'],
        message: `one weight per style layer (${plural(styleLayerCount, 'layer')}, ${plural(layerWeights.length, 'weight')})`,
      });
    }
    for (const field of ['contentLayers', 'styleLayers'] as const) {
      const layers = options[field] ?? [];
      const repeated = layers.find((layer, index) => layers.indexOf(layer) !== index);
      if (repeated !== undefined) {
        context.addIssue({ code: 'custom', path: [field], message: `each layer once (${repeated} is given twice; drop the repeat${field === 'styleLayers' ? ', or weigh it more with the style layer weights' : ''})` });
      }
    }
    if (options.resume && !options.checkpoint) {
      context.addIssue({ code: 'custom', path: ['resume'], message: 'a checkpoint path to resume from (the `checkpoint` option)' });
    }
    if (options.init === 'image' && !options.initImage) {
      context.addIssue({ code: 'custom', path: ['initImage'], message: 'an image path when the start image is chosen (init image)' });
    }
    if (options.initImage && options.init !== undefined && options.init !== 'image') {
      // Otherwise the image would be silently ignored: say so instead.
      context.addIssue({ code: 'custom', path: ['initImage'], message: `no image unless the start is this image (init is ${options.init}; choose init image, or leave this out)` });
    }
  })
  .transform((options) => {
    // Explicit options first, then the recipe's values, then the network's own defaults (validated above).
    // A recipe's objective replaces the network's, but its layers only on a network that has them (recipeFits).
    const recipe = options.recipe ? RECIPES[options.recipe] : undefined;
    const networkChoice = chooseNetwork(networkOption(options), options.weights, options.preprocessing);
    const defaults = networkEntryOf(networkChoice).defaults;
    const objective: NetworkDefaults = !recipe ? defaults : recipeFits(recipe, networkChoice.family) ? recipe : { ...recipe, contentLayers: defaults.contentLayers, styleLayers: defaults.styleLayers };
    const optimizer = options.optimizer ?? recipe?.optimizer ?? STYLIZE_DEFAULTS.optimizer;
    const styleBalance = options.styleBalance ?? objective.styleBalance;
    return {
      ...options,
      networkChoice,
      iterations: options.iterations ?? recipe?.iterations ?? STYLIZE_DEFAULTS.iterations,
      scales: options.scales ?? recipe?.scales ?? STYLIZE_DEFAULTS.scales,
      optimizer,
      learningRate: options.learningRate ?? (recipe && recipe.optimizer === optimizer ? recipe.learningRate : undefined),
      contentLayers: options.contentLayers ?? [...objective.contentLayers],
      styleLayers: options.styleLayers ?? objective.styleLayers.map((entry) => entry.layer),
      styleLayerWeights: options.styleLayerWeights ?? (options.styleLayers ? undefined : objective.styleLayers.map((entry) => entry.weight)),
      contentWeight: options.contentWeight ?? objective.contentWeight,
      styleWeight: options.styleWeight ?? objective.styleWeight,
      tvWeight: options.tvWeight ?? STYLIZE_DEFAULTS.tvWeight,
      /** neural-style's TV weight (recipes.ts), resolved to tvWeight once the output size is known; only when tvWeight is not given. */
      tvSumWeight: options.tvWeight === undefined ? recipe?.tvSumWeight : undefined,
      pooling: options.pooling ?? objective.pooling,
      styleLoss: options.styleLoss ?? objective.styleLoss,
      styleBalance: styleBalance === true || styleBalance === 'on',
      init: options.init ?? (options.initImage ? 'image' : objective.init),
    };
  });

/** The network option a run uses: the given one, else the recipe's (unless weights name one). */
function networkOption(options: { network?: string; weights?: string; recipe?: keyof typeof RECIPES }): string | undefined {
  if (options.network !== undefined || !options.recipe) return options.network;
  const weights = options.weights;
  return weights === undefined || weights.startsWith('random') ? RECIPES[options.recipe].network : undefined;
}

/** Options as a caller writes them (defaults may be left out). */
export type StylizeOptionsInput = z.input<typeof stylizeOptionsSchema>;
/** Options after validation: whole and defaulted. */
export type StylizeOptions = z.output<typeof stylizeOptionsSchema>;

/**
 * Stylization options, validated once at the caller's edge: options as written go through
 * `stylizeOptionsSchema` (a bad one is INVALID_OPTION "Expected … for ⟨name⟩ but received …",
 * the name from `nameOf`, by default the option's key, and `error.option` its key); options that
 * already went through it — recognised by `networkChoice`, which only validation adds and which
 * survives a worker's structured clone — come back as they are.
 *
 * @example parseStylizeOptions({ content: 'photo.jpg', styles: ['starry.jpg'] }).iterations // → 500
 */
export function parseStylizeOptions(input: StylizeOptionsInput | StylizeOptions, nameOf: FieldNamer = optionKey): StylizeOptions {
  if (isValidatedStylizeOptions(input)) return input;
  return parseOptions(stylizeOptionsSchema, input as Record<string, unknown>, nameOf);
}

function isValidatedStylizeOptions(input: StylizeOptionsInput | StylizeOptions): input is StylizeOptions {
  return typeof (input as Partial<StylizeOptions>).networkChoice === 'object' && (input as Partial<StylizeOptions>).networkChoice !== null;
}

/**
 * How errors name a stylization option: by its CLI flag (`styleWeight` → `--style-weight`), with
 * `styles` → `--style` (the flag that repeats).
 *
 * @example parseOptions(stylizeOptionsSchema, input, stylizeFieldName)
 */
export const stylizeFieldName: FieldNamer = (field) => (field === 'styles' ? '--style' : flagName(field));

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
