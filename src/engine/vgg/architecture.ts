/**
 * The VGG convolution stacks as Painterly uses them: 3×3 convolutions (padding 1, stride 1), each
 * followed by ReLU, in five blocks separated by 2×2 stride-2 pooling (floor sizes), on Keras/Caffe
 * "caffe" input (BGR, ImageNet means subtracted, 0–255). VGG19 has 2-2-4-4-4 convolutions per
 * block (16), VGG16 2-2-3-3-3 (13). Layer names follow the style-transfer literature
 * (conv1_1 … conv5_4 = Keras block1_conv1 … block5_conv4 = Caffe conv1_1 … conv5_4).
 */
import { chainLayers } from '../network/layers.js';
import type { NetworkTable } from '../network/types.js';

/** Keras "caffe" preprocessing: per-channel means of ImageNet in B, G, R order (0–255 scale). */
export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/** The two VGG depths Painterly knows. */
export type VggVariant = 'vgg16' | 'vgg19';

/** Convolutions per block of each variant. */
export const VGG_BLOCK_SIZES: Readonly<Record<VggVariant, readonly number[]>> = Object.freeze({
  vgg16: [2, 2, 3, 3, 3],
  vgg19: [2, 2, 4, 4, 4],
});

const DISPLAY_NAMES: Readonly<Record<VggVariant, string>> = { vgg16: 'VGG16', vgg19: 'VGG19' };

/** Output channels of each of the five VGG blocks, e.g. the standard `[64, 128, 256, 512, 512]`. */
export type VggBlockWidths = readonly [number, number, number, number, number];

/** The standard VGG channel widths per block (the same for VGG16 and VGG19). */
export const VGG19_BLOCK_WIDTHS: VggBlockWidths = [64, 128, 256, 512, 512];

/**
 * A VGG table of the given depth and block widths (the standard ones, or a file's own: the tiny
 * test fixtures have narrower blocks).
 *
 * @example vggTable('vgg16').layers.map((layer) => layer.name) // → ['conv1_1', 'conv1_2', 'conv2_1', … 'conv5_3']
 */
export function vggTable(variant: VggVariant, widths: VggBlockWidths = VGG19_BLOCK_WIDTHS): NetworkTable {
  const layers = chainLayers(
    VGG_BLOCK_SIZES[variant].flatMap((size, block) =>
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
    id: variant,
    displayName: DISPLAY_NAMES[variant],
    layers,
    preprocessing: { channelOrder: 'bgr', scale: 1, mean: CAFFE_MEAN_BGR },
    poolPadding: 'floor',
  };
}

/**
 * The VGG19 table with the given block widths.
 *
 * @example vgg19Table().layers.map((layer) => layer.name) // → ['conv1_1', 'conv1_2', 'conv2_1', … 'conv5_4']
 */
export function vgg19Table(widths: VggBlockWidths = VGG19_BLOCK_WIDTHS): NetworkTable {
  return vggTable('vgg19', widths);
}

/**
 * The variant whose block sizes a file's conv layer counts per block match, if any.
 *
 * @example vggVariantOf([2, 2, 3, 3, 3]) // → 'vgg16'
 */
export function vggVariantOf(convsPerBlock: readonly number[]): VggVariant | undefined {
  return (Object.keys(VGG_BLOCK_SIZES) as VggVariant[]).find((variant) => VGG_BLOCK_SIZES[variant].join() === convsPerBlock.join());
}

/** The standard VGG19. */
export const VGG19: NetworkTable = vgg19Table();

/** The standard VGG16. */
export const VGG16: NetworkTable = vggTable('vgg16');

/** All 16 VGG19 conv layer names in forward order. */
export const VGG19_CONV_LAYERS: readonly string[] = VGG19.layers.map((layer) => layer.name);

/** All 13 VGG16 conv layer names in forward order. */
export const VGG16_CONV_LAYERS: readonly string[] = VGG16.layers.map((layer) => layer.name);
