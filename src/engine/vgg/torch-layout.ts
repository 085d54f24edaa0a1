/**
 * VGG weights in torchvision's key layout (`features.N.weight|bias`, N counting every module of
 * `nn.Sequential`: conv, ReLU, …, pool), as torchvision, neural-style-pt and most safetensors
 * exports store them. Maps them onto the engine's layer table, transposing each kernel once from
 * PyTorch's [out,in,k,k] to the engine's [k,k,in,out]; other keys (`classifier.*`, a `head.*`)
 * are not weights of the feature network and are skipped. Pure TypeScript: no Node imports.
 */
import { PainterlyError } from '../errors.js';
import type { ConvWeights, NetworkTable } from '../network/types.js';
import { VGG19_BLOCK_WIDTHS, vgg19Table, type VggBlockWidths } from './architecture.js';

/** A tensor by its shape and float32 values in C order. */
export interface TorchTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
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

/** VGG16's `features` conv indices, to name the file's network when it is one. */
const VGG16_INDICES = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28];

/**
 * Which keys hold the feature convolutions' weights, checked against VGG19's layout: throws
 * WEIGHTS_INVALID naming what was found (a VGG16, a batch-normalised VGG, another network).
 *
 * @example vggConvKeys(['features.0.weight', 'features.0.bias', 'classifier.0.weight'], shapes, 'f.pth') // → ['features.0']
 */
export function vggConvKeys(shapes: ReadonlyMap<string, readonly number[]>, source: string): string[] {
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
  if (batchNorm) throw invalid('is a batch-normalised VGG (vgg19_bn / vgg16_bn), which style transfer does not use; use the plain vgg19 file');
  if (indices.length === VGG16_INDICES.length && indices.every((index, i) => index === VGG16_INDICES[i])) {
    throw invalid('holds a VGG16 (13 convolutions); VGG16 files are not supported yet — use a VGG19 file');
  }
  const expected = torchFeatureIndices(vgg19Table());
  for (const [i, index] of indices.entries()) {
    if (expected[i] !== index) {
      throw invalid(`has its convolution #${i + 1} at features.${index}, where VGG19 has it at features.${expected[i] ?? '(none: VGG19 has 16)'}: not a VGG19 in torchvision's layout`);
    }
  }
  return indices.map((index) => `features.${index}`);
}

/**
 * Maps torchvision-layout tensors onto VGG19's layers `conv1_1 …` (as many as the file holds),
 * with block widths taken from the file; kernels transposed [out,in,k,k] → [k,k,in,out].
 *
 * @example const { table, layers } = vggWeightsFromTorch(tensors, ['features.0', 'features.2'], 'f.pth');
 */
export function vggWeightsFromTorch(tensors: ReadonlyMap<string, TorchTensor>, convKeys: readonly string[], source: string): TorchVggWeights {
  const invalid = (problem: string) => new PainterlyError('WEIGHTS_INVALID', `The weights file ${source} ${problem}.`);
  const names = vgg19Table().layers.map((layer) => layer.name);
  const layers = new Map<string, ConvWeights>();
  convKeys.forEach((key, i) => {
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
  return { table: vgg19Table(widths), layers };
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
