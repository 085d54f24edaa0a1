/**
 * The VGG19 convolution stack as Painterly uses it: 16 3×3 convolutions (padding 1, stride 1),
 * each followed by ReLU, in five blocks separated by 2×2 stride-2 pooling. Layer names follow the
 * style-transfer literature (conv1_1 … conv5_4 = Keras block1_conv1 … block5_conv4).
 */
export type Pooling = 'avg' | 'max';

/** One conv layer of the stack and whether a pooling layer sits in front of it. */
export interface VggLayerSpec {
  readonly name: string;
  readonly block: number;
  readonly index: number;
  readonly pooledBefore: boolean;
}

const BLOCK_SIZES = [2, 2, 4, 4, 4];

/** All 16 VGG19 conv layers in forward order. */
export const VGG19_LAYERS: readonly VggLayerSpec[] = BLOCK_SIZES.flatMap((size, blockIndex) =>
  Array.from({ length: size }, (_, i) => ({
    name: `conv${blockIndex + 1}_${i + 1}`,
    block: blockIndex + 1,
    index: i + 1,
    pooledBefore: blockIndex > 0 && i === 0,
  })),
);

/** Whether `name` is a VGG19 conv layer name (conv1_1 … conv5_4). */
export function isVggLayer(name: string): boolean {
  return VGG19_LAYERS.some((layer) => layer.name === name);
}

/** The layers from conv1_1 up to and including the deepest of `needed`. */
export function layersUpTo(needed: readonly string[]): VggLayerSpec[] {
  const deepest = Math.max(...needed.map((name) => VGG19_LAYERS.findIndex((layer) => layer.name === name)));
  return VGG19_LAYERS.slice(0, deepest + 1);
}

/** Spatial size after the 2×2 stride-2 pooling (floor, like Keras and PyTorch). */
export function pooledSize(size: number): number {
  return Math.floor(size / 2);
}

/** Spatial size [height, width] of `layer`'s activation for an input of height×width. */
export function spatialSizeAt(layer: string, height: number, width: number): [number, number] {
  const pools = VGG19_LAYERS.filter((spec, i) => spec.pooledBefore && i <= VGG19_LAYERS.findIndex((l) => l.name === layer)).length;
  let size: [number, number] = [height, width];
  for (let i = 0; i < pools; i++) size = [pooledSize(size[0]), pooledSize(size[1])];
  return size;
}
