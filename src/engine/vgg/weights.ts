/**
 * VGG specifics of weights: Keras layer names and seeded random weights of any block widths.
 * Pure TypeScript: no Node imports.
 */
import { invalidOption, invalidValue } from '../errors.js';
import { randomNetworkWeights } from '../network/weights.js';
import type { NetworkWeights } from '../network/types.js';
import { VGG19_BLOCK_WIDTHS, VGG19_CONV_LAYERS, vgg19Table, type VggBlockWidths } from './architecture.js';

const LAYER_PATTERN = /^conv([1-5])_([1-4])$/;

/**
 * The Keras name of a VGG conv layer (VGG19's names include all of VGG16's).
 *
 * @example
 * kerasLayerName('conv2_1') // → 'block2_conv1'
 */
export function kerasLayerName(layer: string): string {
  const match = LAYER_PATTERN.exec(layer);
  if (!match || !VGG19_CONV_LAYERS.includes(layer)) {
    throw invalidOption('a VGG conv layer name (conv1_1 … conv5_4)', 'layer', layer);
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
): NetworkWeights {
  widths.forEach((width) => {
    if (!Number.isInteger(width) || width < 1) throw invalidValue('positive integer block widths', 'widths', widths.join(','));
  });
  return randomNetworkWeights(vgg19Table(widths), seed, deepestLayer);
}
