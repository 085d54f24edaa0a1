/**
 * Which weights format a file is, from its bytes (never its name): the readers dispatch on this.
 * - `pth-zip`: a zip (`PK\x03\x04`) with `<name>/data.pkl` (PyTorch ≥ 1.6);
 * - `keras-zip`: a zip with `config.json` and `model.weights.h5` (Keras 3 `.keras`);
 * - `pth-legacy`: a protocol-2 pickle of PyTorch's legacy magic number 0x1950a86a20f9469cfc6c;
 * - `safetensors`: an 8-byte little-endian header length, then a JSON object;
 * - `keras-h5` / `keras3-h5`: HDF5 (`\x89HDF\r\n\x1a\n`) with Keras 1/2's `layer_names`, or Keras 3's `layers/…/vars`;
 * - `tfjs-layers`: JSON text with a `weightsManifest` (a TF.js `model.json`);
 * - `caffemodel`: none of the above and a protobuf whose first field is a NetParameter's
 *   name (1), layers (2), input (3) or layer (100).
 */
import { open } from 'node:fs/promises';
import { h5, loadH5, type H5File } from '../h5-library.js';
import { PainterlyError } from '../../engine/errors.js';
import { openZipArchive } from './zip-archive.js';

/** A weights format the readers know. */
export type WeightsFormat = 'pth-zip' | 'pth-legacy' | 'safetensors' | 'keras-h5' | 'keras3-h5' | 'keras-zip' | 'caffemodel' | 'tfjs-layers';

/** What each format is, in the words of messages and docs. */
export const WEIGHTS_FORMAT_NAMES: Readonly<Record<WeightsFormat, string>> = Object.freeze({
  'pth-zip': 'PyTorch .pth (zip format)',
  'pth-legacy': 'PyTorch .pth (legacy format)',
  safetensors: 'safetensors',
  'keras-h5': 'Keras 1/2 .h5',
  'keras3-h5': 'Keras 3 .weights.h5',
  'keras-zip': 'Keras 3 .keras',
  caffemodel: 'Caffe .caffemodel',
  'tfjs-layers': 'TF.js layers model.json',
});

/** The accepted formats, for the message about a file that is none of them. */
export const ACCEPTED_WEIGHTS_FILES =
  'a PyTorch VGG19/VGG16 .pth (torchvision or neural-style-pt), a .safetensors file, a Keras VGG19/VGG16 .h5 / .weights.h5 / .keras file, a Caffe .caffemodel, or a TF.js model.json';

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PROTO 2, LONG1 of 10 bytes: 0x1950a86a20f9469cfc6c little-endian — how `torch.save` starts a legacy file. */
const LEGACY_PTH_START = Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]);
const HEAD_BYTES = 4096;

/**
 * Reads the first bytes of `path` (and a zip's entry names, or an HDF5 file's root) and names its format;
 * throws WEIGHTS_NOT_FOUND for no readable file, WEIGHTS_INVALID naming the accepted formats for any other file.
 *
 * @example await detectWeightsFormat('vgg19-dcbb9e9d.pth') // → 'pth-legacy'
 */
export async function detectWeightsFormat(path: string): Promise<WeightsFormat> {
  const { head, size } = await readHead(path);
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return zipFormat(path);
  if (head.subarray(0, LEGACY_PTH_START.length).equals(LEGACY_PTH_START)) return 'pth-legacy';
  if (hasHdf5Signature(head) || (await hasHdf5UserBlock(path, size))) return hdf5Format(path);
  if (size >= 10 && head[8] === 0x7b && head.readBigUInt64LE(0) + 8n <= BigInt(size)) return 'safetensors';
  const text = head.toString('utf8').trimStart();
  if (text.startsWith('{')) {
    if (text.includes('"weightsManifest"') || text.includes('"modelTopology"')) return 'tfjs-layers';
    throw notAccepted(path, 'it is JSON but not a TF.js model.json (no weightsManifest)');
  }
  if (looksLikeNetParameter(head, size)) return 'caffemodel';
  if (head[0] === 0x80) throw notAccepted(path, 'it is a Python pickle but not a PyTorch state dict file');
  throw notAccepted(path, 'its first bytes match none of them');
}

/** Extensions whose format the bytes must then show, for a sharper message. */
const NAMED_FORMATS: ReadonlyArray<[RegExp, string]> = [
  [/\.(h5|hdf5|keras)$/i, 'named like a Keras file but is not an HDF5 file or Keras zip'],
  [/\.(pth|pt)$/i, 'named like a PyTorch file but is neither a PyTorch zip nor a legacy PyTorch file'],
  [/\.safetensors$/i, 'named like a safetensors file but has no safetensors header'],
  [/\.caffemodel$/i, 'named like a Caffe model but is not a protobuf NetParameter'],
];

function notAccepted(path: string, why: string): PainterlyError {
  const named = NAMED_FORMATS.find(([pattern]) => pattern.test(path))?.[1];
  return new PainterlyError(
    'WEIGHTS_INVALID',
    `The file ${path} is not a weights file Painterly reads (${named ? `it is ${named}: damaged, or another kind of file?` : why}). Expected ${ACCEPTED_WEIGHTS_FILES}; ` +
      'or use the VGG19 from the model store: `painterly models download vgg19`, then --network vgg19.',
  );
}

async function readHead(path: string): Promise<{ head: Buffer; size: number }> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new PainterlyError('WEIGHTS_NOT_FOUND', `The network file ${path} ${error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`}. Pass the path of ${ACCEPTED_WEIGHTS_FILES}.`, { cause: error });
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new PainterlyError('WEIGHTS_NOT_FOUND', `The network path ${path} is not a file. Pass the path of ${ACCEPTED_WEIGHTS_FILES}.`);
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    return { head, size: info.size };
  } finally {
    await handle.close();
  }
}

async function zipFormat(path: string): Promise<WeightsFormat> {
  const archive = await openZipArchive(path);
  try {
    if (archive.names.some((name) => /^[^/]+\/data\.pkl$/.test(name))) return 'pth-zip';
    if (archive.names.includes('config.json') && archive.names.includes('model.weights.h5')) return 'keras-zip';
    throw notAccepted(path, `it is a zip archive with neither <name>/data.pkl (PyTorch) nor config.json + model.weights.h5 (Keras 3); it holds ${archive.names.slice(0, 5).join(', ') || 'nothing'}`);
  } finally {
    archive.close();
  }
}

function hasHdf5Signature(head: Buffer): boolean {
  return head.subarray(0, HDF5_SIGNATURE.length).equals(HDF5_SIGNATURE);
}

/** HDF5 allows a user block of 512, 1024, 2048 … bytes in front of the signature. */
async function hasHdf5UserBlock(path: string, size: number): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const probe = Buffer.alloc(HDF5_SIGNATURE.length);
    for (let offset = 512; offset + probe.length <= size; offset *= 2) {
      await handle.read(probe, 0, probe.length, offset);
      if (probe.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** Keras 3 `.weights.h5` files have a `layers` group (`layers/conv2d/vars/0`); Keras 1/2 ones a `layer_names` attribute. */
async function hdf5Format(path: string): Promise<WeightsFormat> {
  const H5 = await loadH5();
  let file: H5File | undefined;
  try {
    file = new H5.File(path, 'r');
    if (file.file_id >= 0n && !file.attrs['layer_names'] && !file.keys().includes('model_weights') && file.keys().includes('layers')) return 'keras3-h5';
  } catch {
    // A damaged file: the Keras reader says what is wrong with it.
  } finally {
    file?.close();
  }
  return 'keras-h5';
}

/**
 * A cheap protobuf check for a Caffe NetParameter: the first tag is a length-delimited field 1, 2, 3 or 100
 * whose length fits in the file, and the field after it (if within the head) is a valid tag too.
 */
function looksLikeNetParameter(head: Buffer, size: number): boolean {
  let at = 0;
  for (let fields = 0; fields < 2 && at < head.length; fields++) {
    const tag = readVarint(head, at);
    if (!tag) return false;
    const field = tag.value >> 3;
    if ((tag.value & 7) !== 2 || ![1, 2, 3, 100].includes(field)) return false;
    const length = readVarint(head, tag.end);
    if (!length || length.end + length.value > size) return false;
    at = length.end + length.value;
  }
  return true;
}

function readVarint(bytes: Buffer, start: number): { value: number; end: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5 && start + i < bytes.length; i++) {
    const byte = bytes[start + i];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (!(byte & 0x80)) return { value, end: start + i + 1 };
  }
  return undefined;
}
