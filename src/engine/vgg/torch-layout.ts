/**
 * VGG weights in torchvision's key layout (`features.N.weight|bias`, N counting every module of
 * `nn.Sequential`: conv, ReLU, …, pool), as torchvision, neural-style-pt and most safetensors
 * exports store them. Maps them onto the engine's layer table, transposing each kernel once from
 * PyTorch's [out,in,k,k] to the engine's [k,k,in,out]; other keys (`classifier.*`, a `head.*`)
 * are not weights of the feature network and are skipped. Pure TypeScript: no Node imports.
 */
import { PainterlyError } from '../errors.js';
import type { ConvWeights, NetworkTable } from '../network/types.js';
import { VGG19_BLOCK_WIDTHS, vggTable, type VggBlockWidths, type VggVariant } from './architecture.js';

/** A tensor by its shape and float32 values in C order. */
export interface TorchTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Where a torchvision-layout state dict keeps its feature convolutions, and which VGG they make. */
export interface TorchConvLayout {
  /** `features.N` of each convolution, in order. */
  readonly keys: readonly string[];
  readonly variant: VggVariant;
}

/** What a torchvision-layout state dict holds for the feature network. */
export interface TorchVggWeights {
  readonly table: NetworkTable;
  readonly layers: ReadonlyMap<string, ConvWeights>;
}

const FEATURE_WEIGHT = /^features\.(\d+)\.weight$/;

/**
 * The `features.N` index of each conv of `table` in torchvision's Sequential (conv, ReLU per
 * layer, one pool in front of each new block).
 *
 * @example torchFeatureIndices(VGG19).slice(0, 4) // → [0, 2, 5, 7]
 */
export function torchFeatureIndices(table: NetworkTable): number[] {
  let index = 0;
  return table.layers.map((layer) => {
    if (layer.pooledBefore) index += 1;
    const at = index;
    index += 2;
    return at;
  });
}

/**
 * Which keys hold the feature convolutions' weights and whether they are a VGG19's or a VGG16's
 * (by where the convolutions sit: VGG16's block 3 ends at features.14, VGG19's at features.16).
 * Throws WEIGHTS_INVALID naming what was found (a batch-normalised VGG, another network).
 *
 * @example torchConvLayout(shapesOf('vgg16-397923af.pth'), 'f.pth') // → { keys: ['features.0', … 'features.28'], variant: 'vgg16' }
 */
export function torchConvLayout(shapes: ReadonlyMap<string, readonly number[]>, source: string): TorchConvLayout {
  const invalid = (problem: string) => new PainterlyError('WEIGHTS_INVALID', `The weights file ${source} ${problem}.`);
  const indices = [...shapes.keys()]
    .map((key) => FEATURE_WEIGHT.exec(key))
    .filter((match): match is RegExpExecArray => match !== null)
    .filter((match) => shapes.get(match[0])!.length === 4)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
  if (indices.length === 0) {
    const sample = [...shapes.keys()].slice(0, 4).join(', ');
    throw invalid(`has no VGG convolutions in torchvision's layout (features.0.weight …); its first keys are: ${sample || 'none'}`);
  }
  const batchNorm = [...shapes.keys()].some((key) => /^features\.\d+\.running_mean$/.test(key));
  if (batchNorm) throw invalid('is a batch-normalised VGG (vgg19_bn / vgg16_bn), which style transfer does not use; use the plain vgg19 or vgg16 file');
  const keys = indices.map((index) => `features.${index}`);
  const fits = (variant: VggVariant) => {
    const expected = torchFeatureIndices(vggTable(variant));
    return indices.length <= expected.length && indices.every((index, i) => expected[i] === index);
  };
  if (fits('vgg19')) return { keys, variant: 'vgg19' };
  if (fits('vgg16')) return { keys, variant: 'vgg16' };
  const expected = torchFeatureIndices(vggTable('vgg19'));
  const at = indices.findIndex((index, i) => expected[i] !== index);
  throw invalid(`has its convolution #${at + 1} at features.${indices[at]}, where VGG19 has it at features.${expected[at] ?? '(none: VGG19 has 16)'}: not a VGG19 or VGG16 in torchvision's layout`);
}

/**
 * Maps torchvision-layout tensors onto the VGG's layers `conv1_1 …` (as many as the file holds),
 * with block widths taken from the file; kernels transposed [out,in,k,k] → [k,k,in,out].
 *
 * @example const { table, layers } = vggWeightsFromTorch(tensors, { keys: ['features.0', 'features.2'], variant: 'vgg19' }, 'f.pth');
 */
export function vggWeightsFromTorch(tensors: ReadonlyMap<string, TorchTensor>, layout: TorchConvLayout, source: string): TorchVggWeights {
  const invalid = (problem: string) => new PainterlyError('WEIGHTS_INVALID', `The weights file ${source} ${problem}.`);
  const names = vggTable(layout.variant).layers.map((layer) => layer.name);
  const layers = new Map<string, ConvWeights>();
  layout.keys.forEach((key, i) => {
    const weight = tensors.get(`${key}.weight`);
    const bias = tensors.get(`${key}.bias`);
    if (!weight || !bias) throw invalid(`lacks ${key}.${weight ? 'bias' : 'weight'} (layer ${names[i]})`);
    const [outChannels, inChannels, height, width] = weight.shape;
    if (weight.shape.length !== 4 || height !== 3 || width !== 3 || bias.shape.length !== 1 || bias.shape[0] !== outChannels) {
      throw invalid(`has layer ${names[i]} (${key}) with weight [${weight.shape.join(',')}] and bias [${bias.shape.join(',')}]; expected weight [out,in,3,3] and bias [out]`);
    }
    layers.set(names[i], { kernel: transposeToKernel(weight.data, outChannels, inChannels, 3), bias: Float32Array.from(bias.data), inChannels, outChannels, kernelSize: 3 });
  });
  const widths = VGG19_BLOCK_WIDTHS.map((width, block) => layers.get(`conv${block + 1}_1`)?.outChannels ?? width) as unknown as VggBlockWidths;
  return { table: vggTable(layout.variant, widths), layers };
}

/** PyTorch's [out,in,k,k] → the engine's [k,k,in,out]. */
function transposeToKernel(data: Float32Array, outChannels: number, inChannels: number, size: number): Float32Array {
  const kernel = new Float32Array(data.length);
  for (let o = 0; o < outChannels; o++)
    for (let i = 0; i < inChannels; i++)
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) kernel[((y * size + x) * inChannels + i) * outChannels + o] = data[((o * inChannels + i) * size + y) * size + x];
  return kernel;
}
