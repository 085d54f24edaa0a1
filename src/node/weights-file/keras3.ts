/**
 * Reads the convolutions of a VGG16/VGG19 saved by Keras 3: a `.weights.h5` file
 * (`model.save_weights`) or a `.keras` zip (`model.save`: `config.json`, `metadata.json` and
 * `model.weights.h5`). Keras 3 names each layer's group after its class, in model order, not
 * after the layer: `layers/conv2d/vars/0` (kernel [3,3,in,out]) and `/1` (bias) for the first
 * convolution, then `conv2d_1`, `conv2d_2`, … A model that wraps the VGG (e.g. a classifier built on
 * `keras.applications.VGG19`) nests it as `layers/functional/layers/conv2d/…`; its own head
 * (`dense`, `flatten`, …) is skipped. The count of convolutions tells VGG16 (13) from VGG19 (16).
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { h5, loadH5, type H5File } from '../h5-library.js';
import type { Group } from 'h5wasm/node';
import { PainterlyError } from '../../engine/errors.js';
import type { NetworkWeights } from '../../engine/network/types.js';
import type { VggVariant } from '../../engine/vgg/architecture.js';
import { vggWeightsFromConvs, type FileConv } from './vgg-convs.js';

const FIX = 'Pass a Keras VGG16/VGG19 weights file (.h5, .weights.h5) or a .keras model, or use --network vgg19 / vgg16 from the model store.';
/** The weights inside a `.keras` zip. */
export const KERAS_ARCHIVE_WEIGHTS = 'model.weights.h5';
const CONV_GROUP = /^conv2d(?:_(\d+))?$/;

type Invalid = (problem: string, cause?: unknown) => PainterlyError;

/** Options of the readers. */
export interface Keras3Options {
  /** The depth the caller wants; a file of the other one is WEIGHTS_INVALID naming both. */
  readonly variant?: VggVariant;
}

/**
 * Whether an open HDF5 root is in Keras 3's layout (a `layers` group, no Keras 1/2 `layer_names`).
 *
 * @example isKeras3Layout(file) // → true for a file from Keras 3's model.save_weights('x.weights.h5')
 */
export function isKeras3Layout(root: Group): boolean {
  return root.attrs['layer_names'] === undefined && childOf(root, 'layers') instanceof h5().Group;
}

/** `group`'s member `name`, or null without asking HDF5 (which prints diagnostics to stderr for a missing name). */
function childOf(group: Group, name: string): ReturnType<Group['get']> {
  return group.keys().includes(name) ? group.get(name) : null;
}

/**
 * The VGG weights of an open Keras 3 HDF5 root; `name` (the file) goes into messages and the source.
 *
 * @example keras3WeightsFromRoot(file, '/m/vgg19.weights.h5').network.id // → 'vgg19'
 */
export function keras3WeightsFromRoot(root: Group, name: string, options: Keras3Options = {}, source = `keras3:${name}`): NetworkWeights {
  const invalid: Invalid = (problem, cause) => new PainterlyError('WEIGHTS_INVALID', `The Keras 3 weights file ${name} ${problem}. ${FIX}`, { cause });
  const layers = childOf(root, 'layers');
  if (!(layers instanceof h5().Group)) throw invalid(`has no layers group; its top-level entries are: ${root.keys().join(', ') || 'none'}`);
  const convs = convGroups(layers, 'layers', invalid).map(({ path, group }) => readConv(group, path, invalid));
  return vggWeightsFromConvs(convs, { source, invalid, variant: options.variant });
}

/**
 * Reads a `.keras` zip's VGG convolutions (from its `model.weights.h5`, opened from a private temp copy
 * because HDF5 reads files, not memory). Throws WEIGHTS_NOT_FOUND (no file) or WEIGHTS_INVALID.
 *
 * @example const weights = await readKerasArchiveWeights('vgg19.keras'); // source 'keras:/abs/vgg19.keras'
 */
export async function readKerasArchiveWeights(path: string, options: Keras3Options = {}): Promise<NetworkWeights> {
  const absolutePath = resolve(path);
  const info = await stat(absolutePath).catch((error: unknown) => {
    throw new PainterlyError('WEIGHTS_NOT_FOUND', `No Keras model file at ${absolutePath}. ${FIX}`, { cause: error });
  });
  if (!info.isFile()) throw new PainterlyError('WEIGHTS_NOT_FOUND', `The Keras model path ${absolutePath} is not a file. ${FIX}`);
  const invalid: Invalid = (problem, cause) => new PainterlyError('WEIGHTS_INVALID', `The Keras model file ${absolutePath} ${problem}. ${FIX}`, { cause });
  let weights: Buffer;
  try {
    const { default: AdmZip } = await import('adm-zip');
    const entry = new AdmZip(absolutePath).getEntry(KERAS_ARCHIVE_WEIGHTS);
    if (!entry) throw invalid(`is a zip without ${KERAS_ARCHIVE_WEIGHTS} (a .keras model holds config.json, metadata.json and ${KERAS_ARCHIVE_WEIGHTS})`);
    weights = entry.getData();
  } catch (error) {
    if (error instanceof PainterlyError) throw error;
    throw invalid(`is not a readable zip (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const dir = await mkdtemp(join(tmpdir(), 'painterly-keras-'));
  try {
    const inner = join(dir, KERAS_ARCHIVE_WEIGHTS);
    await writeFile(inner, weights, { mode: 0o600 });
    const H5 = await loadH5();
    let file: H5File;
    try {
      file = new H5.File(inner, 'r');
    } catch (error) {
      throw invalid(`holds a ${KERAS_ARCHIVE_WEIGHTS} that is not HDF5`, error);
    }
    if (file.file_id < 0n) throw invalid(`holds a ${KERAS_ARCHIVE_WEIGHTS} that is not HDF5 (corrupt or truncated?)`);
    try {
      return keras3WeightsFromRoot(file, `${absolutePath} (${KERAS_ARCHIVE_WEIGHTS})`, options, `keras:${absolutePath}`);
    } finally {
      file.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The convolution groups of a `layers` group in model order (`conv2d` < `conv2d_1` < `conv2d_2` …, by
 * number: HDF5 lists names alphabetically). Without convolutions of its own, the one nested model
 * (a group with its own `layers`) is searched instead.
 */
function convGroups(layers: Group, path: string, invalid: Invalid): Array<{ path: string; group: Group }> {
  const convs = layers
    .keys()
    .map((name) => ({ name, match: CONV_GROUP.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .sort((a, b) => Number(a.match[1] ?? 0) - Number(b.match[1] ?? 0));
  if (convs.length > 0) {
    return convs.map(({ name }) => {
      const group = layers.get(name);
      if (!(group instanceof h5().Group)) throw invalid(`has an entry ${path}/${name} that is not a group`);
      return { path: `${path}/${name}`, group };
    });
  }
  const nested = layers.keys().filter((name) => {
    const child = layers.get(name);
    return child instanceof h5().Group && childOf(child, 'layers') instanceof h5().Group;
  });
  if (nested.length !== 1) {
    const found = nested.length === 0 ? 'no conv2d layers and no nested model' : `several nested models (${nested.join(', ')}) and no conv2d layers of its own`;
    throw invalid(`has ${found} in ${path}; its entries are: ${layers.keys().join(', ') || 'none'}`);
  }
  return convGroups(layers.get(`${nested[0]}/layers`) as Group, `${path}/${nested[0]}/layers`, invalid);
}

/** One convolution: `vars/0` the kernel [k,k,in,out], `vars/1` the bias [out]. */
function readConv(group: Group, path: string, invalid: Invalid): FileConv {
  const vars = childOf(group, 'vars');
  const read = (index: string): { shape: number[]; data: Float32Array } => {
    const dataset = vars instanceof h5().Group ? childOf(vars, index) : undefined;
    if (!(dataset instanceof h5().Dataset)) throw invalid(`has no dataset ${path}/vars/${index} (a convolution has a kernel vars/0 and a bias vars/1)`);
    const data = dataset.value;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) throw invalid(`has a non-float weight ${path}/vars/${index} (${String(dataset.dtype)})`);
    return { shape: dataset.shape ?? [], data: data instanceof Float32Array ? data : Float32Array.from(data) };
  };
  const kernel = read('0');
  const bias = read('1');
  const [height, width, inChannels, outChannels] = kernel.shape;
  if (kernel.shape.length !== 4 || height !== width || bias.shape.length !== 1 || bias.shape[0] !== outChannels) {
    throw invalid(`has layer ${path} with kernel [${kernel.shape.join(',')}] and bias [${bias.shape.join(',')}]; expected kernel [3,3,in,out] and bias [out]`);
  }
  return { fileName: path, weights: { kernel: kernel.data, bias: bias.data, inChannels, outChannels, kernelSize: height } };
}
