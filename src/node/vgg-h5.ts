/**
 * Reads VGG19 or VGG16 conv weights from a Keras HDF5 weights file (e.g. `vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5`)
 * with h5wasm: the Keras 1/2 layout here, Keras 3's (`layers/conv2d/vars/0` …) in weights-file/keras3.ts, chosen
 * by the file's contents. Node only: the engine receives the resulting {@link NetworkWeights} and never touches files.
 */
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { h5, loadH5, type H5File } from './h5-library.js';
import type { Group } from 'h5wasm/node';
import { PainterlyError } from '../engine/errors.js';
import { VGG19_BLOCK_WIDTHS, VGG19_CONV_LAYERS, vggTable, type VggBlockWidths, type VggVariant } from '../engine/vgg/architecture.js';
import { kerasLayerName } from '../engine/vgg/weights.js';
import type { ConvWeights, NetworkWeights } from '../engine/network/types.js';
import { isKeras3Layout, keras3WeightsFromRoot, type Keras3Options } from './weights-file/keras3.js';

const FIX = 'Download the weights with `painterly models download vgg19`, or use untrained weights: `weights=random`.';
/** The 8-byte HDF5 signature; it sits at offset 0 or at 512, 1024, 2048, … when the file has a user block. */
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
/** HDF5's "undefined address" (all bits set). */
const UNDEFINED_ADDRESS = 0xffffffffffffffffn;

/**
 * Reads every Keras `block{b}_conv{i}` layer present in the file, with channel widths taken from the file.
 * Kernel and bias are the datasets listed in each layer's `weight_names` attribute (`…/kernel:0` and
 * `…/bias:0`, or the older `…_W_1:0` and `…_b_1:0`), recognised by name and checked by shape, so their order
 * in `weight_names` does not matter. A file may stop early; check it with `validateNetworkWeights`. A file whose
 * blocks 3–5 hold three convolutions each (and none a fourth) is VGG16. A Keras 3 file is read by keras3.ts.
 * Throws PainterlyError `WEIGHTS_NOT_FOUND` (no such file) or `WEIGHTS_INVALID` (not HDF5, corrupt, wrong layout).
 *
 * @example
 * const weights = await readKerasVggWeights('models/vgg19_notop.h5'); // source 'keras-h5:/abs/models/vgg19_notop.h5'
 * validateNetworkWeights(weights, 'conv5_1');
 */
export async function readKerasVggWeights(path: string, options: Keras3Options = {}): Promise<NetworkWeights> {
  const absolutePath = resolve(path);
  await assertHdf5File(absolutePath);
  const H5 = await loadH5();
  const invalid = (problem: string, cause?: unknown): PainterlyError =>
    new PainterlyError('WEIGHTS_INVALID', `The Keras VGG weights file ${absolutePath} ${problem}. ${FIX}`, { cause });
  let file: H5File;
  try {
    file = new H5.File(absolutePath, 'r');
  } catch (error) {
    throw invalid('could not be opened as HDF5', error);
  }
  if (file.file_id < 0n) throw invalid('could not be opened as HDF5 (corrupt or truncated?)');
  try {
    if (isKeras3Layout(file)) return keras3WeightsFromRoot(file, absolutePath, options);
    const modelWeights = file.get('model_weights'); // files written by model.save() nest the layers here
    const root = modelWeights instanceof h5().Group ? modelWeights : file;
    const layers = new Map<string, ConvWeights>();
    for (const layer of presentConvLayers(root, invalid)) layers.set(layer, readConvLayer(root, layer, invalid));
    if (layers.size === 0) {
      throw invalid(`contains no VGG19 conv layers (block1_conv1 …); its top-level entries are: ${root.keys().join(', ') || 'none'}`);
    }
    const variant = variantOf(layers);
    if (options.variant && options.variant !== variant) {
      throw invalid(`holds ${variant.toUpperCase()} layers (block3_conv${variant === 'vgg16' ? 3 : 4} is its last in block 3), not the ${options.variant.toUpperCase()} asked for`);
    }
    return { network: vggTable(variant, blockWidths(layers)), layers, source: `keras-h5:${absolutePath}`, pretrained: true };
  } catch (error) {
    if (error instanceof PainterlyError) throw error;
    throw invalid(`could not be read (${error instanceof Error ? error.message : String(error)})`, error);
  } finally {
    file.close();
  }
}

/** VGG16 when some block of 3–5 ends at its third convolution while a later block is present, or no block has a fourth; else VGG19. */
function variantOf(layers: ReadonlyMap<string, ConvWeights>): VggVariant {
  const count = (block: number) => [1, 2, 3, 4].filter((conv) => layers.has(`conv${block}_${conv}`)).length;
  const counts = [3, 4, 5].map(count);
  if (counts.includes(4)) return 'vgg19';
  return counts.some((size, index) => size === 3 && (index === 2 || counts[index + 1] > 0)) ? 'vgg16' : 'vgg19';
}

/** The file's own channel widths per block (the standard ones for blocks the file lacks). */
function blockWidths(layers: ReadonlyMap<string, ConvWeights>): VggBlockWidths {
  return VGG19_BLOCK_WIDTHS.map((width, block) => layers.get(`conv${block + 1}_1`)?.outChannels ?? width) as unknown as VggBlockWidths;
}

type Invalid = (problem: string, cause?: unknown) => PainterlyError;

/** Our layer names (`conv1_1` …) whose Keras groups the file lists in `layer_names` (or holds, without that attribute). */
function presentConvLayers(root: Group, invalid: Invalid): string[] {
  const groups = new Set(root.keys());
  const listed = root.attrs['layer_names'] ? stringList(root.attrs['layer_names'].value) : [...groups];
  if (!listed) throw invalid('has a root attribute layer_names that is not a list of names');
  return VGG19_CONV_LAYERS.filter((layer) => {
    const keras = kerasLayerName(layer);
    if (!listed.includes(keras)) return false;
    if (!groups.has(keras)) throw invalid(`lists layer ${keras} in layer_names but has no group ${keras}`);
    return true;
  });
}

/** Reads one layer's kernel [3,3,in,out] and bias [out], in the roles their names (or ranks) give them. */
function readConvLayer(root: Group, layer: string, invalid: Invalid): ConvWeights {
  const keras = kerasLayerName(layer);
  const group = root.get(keras);
  if (!(group instanceof h5().Group)) throw invalid(`has an entry ${keras} that is not a group`);
  const weightNames = group.attrs['weight_names'] ? stringList(group.attrs['weight_names'].value) : undefined;
  if (!weightNames) throw invalid(`has no list of weight_names in group ${keras}`);
  const found: { kernel?: Tensor; bias?: Tensor } = {};
  for (const name of weightNames) {
    const dataset = group.get(name);
    if (!(dataset instanceof h5().Dataset)) throw invalid(`lists weight ${name} in ${keras}/weight_names but has no dataset ${keras}/${name}`);
    const shape = dataset.shape ?? [];
    const role = weightRole(name, shape.length);
    if (!role || found[role]) throw invalid(`has an unexpected weight ${keras}/${name} of shape [${shape.join(',')}] (a conv layer has one kernel and one bias)`);
    const data = dataset.value;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) throw invalid(`has a non-float weight ${keras}/${name} (${String(dataset.dtype)})`);
    found[role] = { shape, data };
  }
  const { kernel, bias } = found;
  if (!kernel || !bias) throw invalid(`lacks a ${kernel ? 'bias' : 'kernel'} in group ${keras} (weight_names: ${weightNames.join(', ') || 'none'})`);
  const [height, width, inChannels, outChannels] = kernel.shape;
  if (kernel.shape.length !== 4 || height !== 3 || width !== 3 || bias.shape.length !== 1 || bias.shape[0] !== outChannels) {
    throw invalid(`has layer ${keras} with kernel [${kernel.shape.join(',')}] and bias [${bias.shape.join(',')}]; expected kernel [3,3,in,out] and bias [out] (TensorFlow channel order)`);
  }
  return { kernel: Float32Array.from(kernel.data), bias: Float32Array.from(bias.data), inChannels, outChannels, kernelSize: 3 };
}

interface Tensor {
  readonly shape: number[];
  readonly data: Float32Array | Float64Array;
}

/** 'kernel' for `…/kernel:0`, `…_W_1:0`; 'bias' for `…/bias:0`, `…_b_1:0`; otherwise by rank (4 or 1). */
function weightRole(name: string, rank: number): 'kernel' | 'bias' | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1).replace(/:\d+$/, '');
  if (/^(kernel|W)$|_W(_\d+)?$/.test(base)) return 'kernel';
  if (/^(bias|b)$|_b(_\d+)?$/.test(base)) return 'bias';
  return rank === 4 ? 'kernel' : rank === 1 ? 'bias' : undefined;
}

/** An attribute value as a list of strings (an empty numeric array, as Keras writes for no names, is []). */
function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && value.byteLength === 0) return [];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value;
  return undefined;
}

/**
 * Throws WEIGHTS_NOT_FOUND when there is no readable file, WEIGHTS_INVALID when it is not HDF5 or is truncated
 * (checked here from the superblock, because HDF5 itself would only print diagnostics to stderr).
 */
async function assertHdf5File(path: string): Promise<void> {
  const notFound = (problem: string, cause?: unknown): PainterlyError =>
    new PainterlyError('WEIGHTS_NOT_FOUND', `${problem}. ${FIX}`, { cause });
  const info = await stat(path).catch((error: unknown) => {
    throw notFound(`No Keras VGG weights file at ${path}`, error);
  });
  if (!info.isFile()) throw notFound(`The Keras VGG weights path ${path} is not a file`);
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw notFound(`The Keras VGG weights file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, error);
  });
  try {
    const superblock = Buffer.alloc(64);
    for (let offset = 0; offset + HDF5_SIGNATURE.length <= info.size; offset = offset === 0 ? 512 : offset * 2) {
      const { bytesRead } = await handle.read(superblock, 0, superblock.length, offset);
      if (!superblock.subarray(0, HDF5_SIGNATURE.length).equals(HDF5_SIGNATURE)) continue;
      const endOfFile = superblockEndOfFile(superblock.subarray(0, bytesRead));
      if (endOfFile !== undefined && endOfFile > BigInt(info.size)) {
        throw new PainterlyError('WEIGHTS_INVALID', `The Keras VGG weights file ${path} is truncated: it has ${info.size} bytes but its header says ${endOfFile}. ${FIX}`);
      }
      return;
    }
  } finally {
    await handle.close();
  }
  throw new PainterlyError('WEIGHTS_INVALID', `The Keras VGG weights file ${path} is not an HDF5 file (no HDF5 signature). ${FIX}`);
}

/**
 * The file size an HDF5 superblock (versions 0–3, 8-byte addresses) records in its end-of-file address.
 * (h5py files with a user block store the whole file's size there, so the base address is not added.)
 */
function superblockEndOfFile(superblock: Buffer): bigint | undefined {
  const version = superblock[8];
  const offsetSize = version <= 1 ? superblock[13] : superblock[9];
  const baseAt = version === 0 ? 24 : version === 1 ? 28 : 12;
  const endAt = baseAt + 16; // after the base address and one more address (free-space info, or superblock extension)
  if (offsetSize !== 8 || version > 3 || superblock.length < endAt + 8) return undefined;
  const endOfFile = superblock.readBigUInt64LE(endAt);
  return endOfFile === UNDEFINED_ADDRESS ? undefined : endOfFile;
}
