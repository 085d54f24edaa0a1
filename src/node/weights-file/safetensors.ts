/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {…} }`, then the raw
 * little-endian tensor bytes, offsets relative to the end of the header. Written by hand
 * (docs/networks.md): the format is these three lines, and no maintained npm reader exists for Node files.
 */
import { open } from 'node:fs/promises';
import { PainterlyError } from '../../engine/errors.js';
import { contiguousStrides, DTYPE_BYTES, gatherFloat32, type LoadedTensor, type StateDictContents, type TensorDtype, type WantedTensor } from './tensor-data.js';

/** The safetensors spec's cap on the header size (100 MB). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

const DTYPES: Readonly<Record<string, TensorDtype>> = { F32: 'float32', F16: 'float16', BF16: 'bfloat16', F64: 'float64', I64: 'int64' };

interface HeaderEntry {
  readonly dtype: string;
  readonly shape: number[];
  readonly data_offsets: [number, number];
}

/**
 * Reads a safetensors file: every tensor's shape, and the wanted tensors' values.
 *
 * @example const { tensors } = await readSafetensors('vgg19.safetensors', (key) => key.startsWith('features.'));
 */
export async function readSafetensors(path: string, wanted: WantedTensor): Promise<StateDictContents> {
  const invalid = (problem: string) => new PainterlyError('WEIGHTS_INVALID', `The safetensors file ${path} ${problem}.`);
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const lengthBytes = Buffer.alloc(8);
    await handle.read(lengthBytes, 0, 8, 0);
    const headerBytes = Number(lengthBytes.readBigUInt64LE(0));
    if (headerBytes < 2 || headerBytes > SAFETENSORS_MAX_HEADER_BYTES || 8 + headerBytes > size) throw invalid(`has a header length of ${headerBytes} bytes that does not fit the file (${size} bytes)`);
    const headerText = Buffer.alloc(headerBytes);
    await handle.read(headerText, 0, headerBytes, 8);
    let header: unknown;
    try {
      header = JSON.parse(headerText.toString('utf8'));
    } catch (error) {
      throw invalid(`has a header that is not JSON (${(error as Error).message})`);
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) throw invalid('has a header that is not a JSON object');
    const dataStart = 8 + headerBytes;
    const shapes = new Map<string, readonly number[]>();
    const tensors = new Map<string, LoadedTensor>();
    for (const [key, value] of Object.entries(header)) {
      if (key === '__metadata__') continue;
      const entry = value as HeaderEntry;
      const dtype = DTYPES[entry?.dtype] ?? 'other';
      const [begin, end] = Array.isArray(entry?.data_offsets) ? entry.data_offsets : [Number.NaN, Number.NaN];
      if (!Array.isArray(entry?.shape) || !entry.shape.every((side) => Number.isInteger(side) && side >= 0) || !Number.isInteger(begin) || !Number.isInteger(end) || begin > end || dataStart + end > size) {
        throw invalid(`has a malformed header entry for ${key}`);
      }
      const count = entry.shape.reduce((product, side) => product * side, 1);
      if (dtype !== 'other' && end - begin !== count * DTYPE_BYTES[dtype]) throw invalid(`stores ${end - begin} bytes for ${key} of shape [${entry.shape.join(',')}] and dtype ${entry.dtype}`);
      shapes.set(key, entry.shape);
      if (!wanted(key, entry.shape)) continue;
      const bytes = Buffer.alloc(end - begin);
      await handle.read(bytes, 0, bytes.length, dataStart + begin);
      tensors.set(key, { shape: entry.shape, data: gatherFloat32(bytes, dtype, { shape: entry.shape, stride: contiguousStrides(entry.shape), offset: 0 }, path) });
    }
    return { shapes, tensors };
  } finally {
    await handle.close();
  }
}
