/**
 * The VGG19 convolution stack as Painterly uses it: 16 3×3 convolutions (padding 1, stride 1),
 * each followed by ReLU, in five blocks separated by 2×2 stride-2 pooling (floor sizes), on
 * Keras "caffe" input (BGR, ImageNet means subtracted, 0–255). Layer names follow the
 * style-transfer literature (conv1_1 … conv5_4 = Keras block1_conv1 … block5_conv4).
 */
import { chainLayers } from '../network/layers.js';
import type { NetworkTable } from '../network/types.js';

/** Keras "caffe" preprocessing: per-channel means of ImageNet in B, G, R order (0–255 scale). */
export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/** Convolutions per block. */
const BLOCK_SIZES = [2, 2, 4, 4, 4];

/** Output channels of each of the five VGG blocks, e.g. the standard `[64, 128, 256, 512, 512]`. */
export type VggBlockWidths = readonly [number, number, number, number, number];

/** The standard VGG19 channel widths per block. */
export const VGG19_BLOCK_WIDTHS: VggBlockWidths = [64, 128, 256, 512, 512];

/**
 * The VGG19 table with the given block widths (the standard ones, or a file's own: the tiny test
 * fixture has narrower blocks).
 *
 * @example vgg19Table().layers.map((layer) => layer.name) // → ['conv1_1', 'conv1_2', 'conv2_1', … 'conv5_4']
 */
export function vgg19Table(widths: VggBlockWidths = VGG19_BLOCK_WIDTHS): NetworkTable {
  const layers = chainLayers(
    BLOCK_SIZES.flatMap((size, block) =>
      Array.from({ length: size }, (_, i) => ({
        name: `conv${block + 1}_${i + 1}`,
        kernelSize: 3,
        outChannels: widths[block],
        activation: { kind: 'relu' } as const,
        pooledBefore: block > 0 && i === 0,
      })),
    ),
  );
  return {
    id: 'vgg19',
    displayName: 'VGG19',
    layers,
    preprocessing: { channelOrder: 'bgr', scale: 1, mean: CAFFE_MEAN_BGR },
    poolPadding: 'floor',
  };
}

/** The standard VGG19. */
export const VGG19: NetworkTable = vgg19Table();

/** All 16 VGG19 conv layer names in forward order. */
export const VGG19_CONV_LAYERS: readonly string[] = VGG19.layers.map((layer) => layer.name);
