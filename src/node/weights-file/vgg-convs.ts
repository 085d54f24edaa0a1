/**
 * The step every VGG file reader ends with: the file's convolutions, in forward order and already in
 * the engine's layout, become `NetworkWeights` of the VGG16 or VGG19 table their count names, with
 * the block widths the file has. Shapes are checked here, against the table, naming the file's own
 * layer name and the shape found.
 */
import { PainterlyError } from '../../engine/errors.js';
import type { ConvWeights, NetworkWeights } from '../../engine/network/types.js';
import { VGG_BLOCK_SIZES, vggTable, type VggBlockWidths, type VggVariant } from '../../engine/vgg/architecture.js';

/** One convolution as a file names it, its kernel already [k,k,in,out] row-major. */
export interface FileConv {
  /** The file's own name for the layer (e.g. `conv1_1`, `layers/conv2d_3`), for messages. */
  readonly fileName: string;
  readonly weights: ConvWeights;
}

/** What the caller knows: where the weights came from and how a message about them ends. */
export interface VggConvsOrigin {
  /** `NetworkWeights.source`, e.g. `caffemodel:/abs/VGG_ILSVRC_19_layers.caffemodel`. */
  readonly source: string;
  /** Builds the error for a problem ("has …"); the reader adds its file, format and fix. */
  readonly invalid: (problem: string) => PainterlyError;
  /** The variant the caller asked for; a file of the other depth is refused, naming both. */
  readonly variant?: VggVariant;
}

const CONV_COUNTS: ReadonlyArray<[VggVariant, number]> = (Object.keys(VGG_BLOCK_SIZES) as VggVariant[]).map((variant) => [
  variant,
  VGG_BLOCK_SIZES[variant].reduce((sum, size) => sum + size, 0),
]);

/**
 * The VGG weights a whole network's convolutions make: 13 are VGG16, 16 are VGG19 (any other count is
 * refused, naming the count and the layers found). Each layer must be 3×3 and chain from 3 input
 * channels; every convolution of a block must have the block's width.
 *
 * @example vggWeightsFromConvs(convs, { source: 'caffemodel:/m/vgg16.caffemodel', invalid }) // → VGG16 weights
 */
export function vggWeightsFromConvs(convs: readonly FileConv[], origin: VggConvsOrigin): NetworkWeights {
  const variant = CONV_COUNTS.find(([, count]) => count === convs.length)?.[0];
  if (!variant) {
    const expected = CONV_COUNTS.map(([name, count]) => `${count} (${name.toUpperCase()})`).join(' or ');
    const found = convs.map((conv) => conv.fileName).join(', ') || 'none';
    throw origin.invalid(`has ${convs.length} 3×3 convolutions where a VGG network has ${expected}; found: ${found}`);
  }
  if (origin.variant && origin.variant !== variant) {
    throw origin.invalid(`holds ${variant.toUpperCase()} (${convs.length} convolutions), not the ${origin.variant.toUpperCase()} asked for`);
  }
  const firstOfBlock = VGG_BLOCK_SIZES[variant].map((_, block) => VGG_BLOCK_SIZES[variant].slice(0, block).reduce((sum, size) => sum + size, 0));
  const widths = firstOfBlock.map((index) => convs[index].weights.outChannels) as unknown as VggBlockWidths;
  const table = vggTable(variant, widths);
  const layers = new Map<string, ConvWeights>();
  let inChannels = 3;
  table.layers.forEach((spec, index) => {
    const { fileName, weights } = convs[index];
    const { kernelSize: k, inChannels: cin, outChannels: cout } = weights;
    const shape = `[${k},${k},${cin},${cout}] (k,k,in,out)`;
    if (k !== 3 || cin !== inChannels || cout !== spec.outChannels) {
      throw origin.invalid(
        `has layer ${fileName} (${spec.name}) with kernel ${shape}; expected [3,3,${inChannels},${spec.outChannels}] ` +
          `(3×3, ${inChannels} inputs from ${index === 0 ? 'the image' : table.layers[index - 1].name}, block ${spec.stage}'s ${spec.outChannels} outputs)`,
      );
    }
    if (weights.bias.length !== cout) throw origin.invalid(`has layer ${fileName} (${spec.name}) with a bias of ${weights.bias.length} values for ${cout} outputs`);
    layers.set(spec.name, weights);
    inChannels = cout;
  });
  return { network: table, layers, source: origin.source, pretrained: true };
}

/**
 * Transposes an OIHW kernel (Caffe, PyTorch) to the engine's [k,k,in,out] row-major layout.
 *
 * @example hwioFromOihw(Float32Array.of(1, 2), 2, 1, 1) // → Float32Array [1, 2] (out 0 then out 1)
 */
export function hwioFromOihw(oihw: ArrayLike<number>, outChannels: number, inChannels: number, kernelSize: number): Float32Array {
  const k = kernelSize;
  const hwio = new Float32Array(outChannels * inChannels * k * k);
  for (let o = 0; o < outChannels; o++) {
    for (let i = 0; i < inChannels; i++) {
      for (let y = 0; y < k; y++) {
        for (let x = 0; x < k; x++) hwio[((y * k + x) * inChannels + i) * outChannels + o] = oihw[((o * inChannels + i) * k + y) * k + x];
      }
    }
  }
  return hwio;
}
