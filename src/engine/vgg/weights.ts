/**
 * VGG19 convolution weights, independent of where they come from (a Keras HDF5 file, a seeded
 * random initialisation, a browser download). Pure TypeScript: no Node imports.
 */
import { invalidOption, PainterlyError } from '../errors.js';
import { createRng } from '../random.js';
import { VGG19_LAYERS } from './architecture.js';

/** One conv layer's parameters in Keras layout: kernel [3,3,inChannels,outChannels] row-major, bias [outChannels]. */
export interface ConvWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inChannels: number;
  readonly outChannels: number;
}

/**
 * VGG19 conv weights by layer name `conv1_1` … `conv5_4` (Keras `block{b}_conv{i}`). A source may hold
 * fewer layers; {@link validateVggWeights} requires every layer up to the deepest one a run needs.
 */
export interface VggWeights {
  readonly layers: ReadonlyMap<string, ConvWeights>;
  /** Where the weights came from, e.g. `keras-h5:/path/to/file.h5` or `random:42`. */
  readonly source: string;
  /** True for trained ImageNet weights; false for random ones (which still "work", but paint poorly). */
  readonly pretrained: boolean;
}

/** Output channels of each of the five VGG blocks, e.g. the standard `[64, 128, 256, 512, 512]`. */
export type VggBlockWidths = readonly [number, number, number, number, number];

/** The standard VGG19 channel widths per block. */
export const VGG19_BLOCK_WIDTHS: VggBlockWidths = [64, 128, 256, 512, 512];

/** The 16 VGG19 conv layers in network order: `conv1_1`, `conv1_2`, `conv2_1`, … `conv5_4` (from the architecture table). */
export const VGG19_CONV_LAYERS: readonly string[] = VGG19_LAYERS.map((layer) => layer.name);

const LAYER_PATTERN = /^conv([1-5])_([1-4])$/;

/**
 * The Keras name of a VGG19 conv layer.
 *
 * @example
 * kerasLayerName('conv2_1') // → 'block2_conv1'
 */
export function kerasLayerName(layer: string): string {
  const match = LAYER_PATTERN.exec(layer);
  if (!match || !VGG19_CONV_LAYERS.includes(layer)) {
    throw invalidOption('a VGG19 conv layer name (conv1_1 … conv5_4)', 'layer', layer);
  }
  return `block${match[1]}_conv${match[2]}`;
}

/**
 * Seeded He-initialised VGG19 weights: kernel ~ N(0, sqrt(2 / (9·in))), bias 0. Deterministic per seed.
 *
 * @example
 * const weights = randomVggWeights(42); // standard widths, source 'random:42', pretrained false
 * const tiny = randomVggWeights(7, [4, 6, 8, 8, 8]);
 */
export function randomVggWeights(
  seed: number,
  widths: VggBlockWidths = VGG19_BLOCK_WIDTHS,
  deepestLayer: string = VGG19_CONV_LAYERS[VGG19_CONV_LAYERS.length - 1],
): VggWeights {
  widths.forEach((width) => {
    if (!Number.isInteger(width) || width < 1) throw invalidOption('positive integer block widths', 'widths', widths.join(','));
  });
  const rng = createRng(seed);
  const layers = new Map<string, ConvWeights>();
  let inChannels = 3;
  // Layers are drawn in order from one stream, so stopping early leaves the earlier layers unchanged.
  for (const { name: layer, block } of VGG19_LAYERS.slice(0, VGG19_CONV_LAYERS.indexOf(deepestLayer) + 1)) {
    const outChannels = widths[block - 1];
    const std = Math.sqrt(2 / (9 * inChannels));
    const kernel = new Float32Array(9 * inChannels * outChannels);
    for (let i = 0; i < kernel.length; i++) kernel[i] = rng.normal() * std;
    layers.set(layer, { kernel, bias: new Float32Array(outChannels), inChannels, outChannels });
    inChannels = outChannels;
  }
  return { layers, source: `random:${seed}`, pretrained: false };
}

/**
 * Checks that `weights` hold every layer from `conv1_1` up to `deepestLayer`, chained correctly
 * (conv1_1 takes 3 channels, each layer takes the previous layer's output) with 3×3 kernels of the
 * right length and finite values. Throws PainterlyError('WEIGHTS_INVALID') naming the layer and shapes.
 *
 * @example
 * validateVggWeights(await readKerasVggWeights(path), 'conv5_1');
 */
export function validateVggWeights(weights: VggWeights, deepestLayer: string): void {
  const deepestIndex = VGG19_CONV_LAYERS.indexOf(deepestLayer);
  if (deepestIndex < 0) throw invalidOption('a VGG19 conv layer name (conv1_1 … conv5_4)', 'deepestLayer', deepestLayer);
  const fail = (layer: string, problem: string): PainterlyError =>
    new PainterlyError(
      'WEIGHTS_INVALID',
      `VGG19 weights from ${weights.source} are invalid: layer ${layer} (${kerasLayerName(layer)}) ${problem}. ` +
        'Re-download them with `painterly models download vgg19`, or use `--weights random`.',
    );
  let expectedIn = 3;
  let previous = 'the RGB input';
  for (const layer of VGG19_CONV_LAYERS.slice(0, deepestIndex + 1)) {
    const conv = weights.layers.get(layer);
    if (!conv) throw fail(layer, `is missing (needed up to ${deepestLayer}); present: ${[...weights.layers.keys()].join(', ') || 'none'}`);
    const { inChannels, outChannels, kernel, bias } = conv;
    if (!Number.isInteger(inChannels) || !Number.isInteger(outChannels) || inChannels < 1 || outChannels < 1) {
      throw fail(layer, `has impossible channel counts in=${inChannels} out=${outChannels}`);
    }
    if (inChannels !== expectedIn) {
      throw fail(layer, `expects ${expectedIn} input channels (the output of ${previous}) but has ${inChannels}; kernel [3,3,${inChannels},${outChannels}]`);
    }
    if (kernel.length !== 9 * inChannels * outChannels) {
      throw fail(layer, `has a kernel of ${kernel.length} values, but a 3×3 kernel [3,3,${inChannels},${outChannels}] needs ${9 * inChannels * outChannels}`);
    }
    if (bias.length !== outChannels) throw fail(layer, `has a bias of ${bias.length} values but ${outChannels} output channels`);
    if (!allFinite(kernel) || !allFinite(bias)) throw fail(layer, 'contains NaN or infinite values');
    expectedIn = outChannels;
    previous = layer;
  }
}

function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
