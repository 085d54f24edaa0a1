/**
 * PyTorch's legacy `.pth` format (`torch.save` before 1.6, or `_use_new_zipfile_serialization=False`;
 * the format of torchvision's and neural-style-pt's VGG files): five things in a row —
 * a pickled magic number, the protocol version (1001), a sys-info dict (endianness, type sizes),
 * the state-dict pickle, a pickled list of storage keys — then, for each key in that order,
 * an 8-byte little-endian element count and the storage's raw bytes.
 */
import { open } from 'node:fs/promises';
import { PainterlyError } from '../../engine/errors.js';
import { unpickle } from './safe-unpickler.js';
import { DTYPE_BYTES, gatherFloat32, type LoadedTensor, type StateDictContents, type WantedTensor } from './tensor-data.js';
import { readStateDictPickle, type StorageRef } from './torch-pickle.js';

/** The legacy format's magic number (torch/serialization.py). */
export const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;
/** Bytes read first: the pickles of a VGG state dict take ~10 kB; more is read when they run past. */
const FIRST_READ_BYTES = 1 << 20;

/**
 * Reads a legacy `.pth` state dict: every key's shape, and the wanted tensors' values (only their
 * storages are read from disk).
 *
 * @example const { tensors } = await readPthLegacy('vgg19-d01eb7cb.pth', (key) => key.startsWith('features.'));
 */
export async function readPthLegacy(path: string, wanted: WantedTensor): Promise<StateDictContents> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const invalid = (problem: string) => new PainterlyError('WEIGHTS_INVALID', `The file ${path} is not a PyTorch legacy file: ${problem}.`);
    for (let headBytes = Math.min(size, FIRST_READ_BYTES); ; headBytes = Math.min(size, headBytes * 4)) {
      const head = Buffer.alloc(headBytes);
      await handle.read(head, 0, headBytes, 0);
      let pickles;
      try {
        pickles = readHeadPickles(head, path, invalid);
      } catch (error) {
        if (headBytes < size && error instanceof PainterlyError && /ends early/.test(error.message)) continue;
        throw error;
      }
      const { refs, storageKeys, dataStart } = pickles;
      const storages = new Map<string, StorageRef>();
      for (const ref of refs.values()) storages.set(ref.storage.key, ref.storage);
      const offsets = new Map<string, number>();
      let at = dataStart;
      for (const key of storageKeys) {
        const storage = storages.get(key);
        if (!storage) throw invalid(`it lists storage ${key}, which no tensor uses`);
        offsets.set(key, at + 8);
        if (storage.dtype === 'other') throw invalid(`storage ${key} has a type this reader cannot size`);
        at += 8 + storage.numel * DTYPE_BYTES[storage.dtype];
      }
      if (at > size) throw new PainterlyError('WEIGHTS_INVALID', `The PyTorch file ${path} is truncated: its storages need ${at} bytes, the file has ${size}.`);
      const shapes = new Map([...refs].map(([key, ref]) => [key, ref.shape] as const));
      const tensors = new Map<string, LoadedTensor>();
      const cache = new Map<string, Buffer>();
      for (const [key, ref] of refs) {
        if (!wanted(key, ref.shape)) continue;
        const { storage } = ref;
        let bytes = cache.get(storage.key);
        if (!bytes) {
          const start = offsets.get(storage.key);
          if (start === undefined) throw invalid(`tensor ${key} uses storage ${storage.key}, which the file does not list`);
          const count = Buffer.alloc(8);
          await handle.read(count, 0, 8, start - 8);
          if (count.readBigUInt64LE(0) !== BigInt(storage.numel)) throw invalid(`storage ${storage.key} records ${count.readBigUInt64LE(0)} elements, its tensor expects ${storage.numel}`);
          bytes = Buffer.alloc(storage.numel * DTYPE_BYTES[storage.dtype as keyof typeof DTYPE_BYTES]);
          await handle.read(bytes, 0, bytes.length, start);
          cache.set(storage.key, bytes);
        }
        tensors.set(key, { shape: ref.shape, data: gatherFloat32(bytes, storage.dtype, ref, path) });
      }
      return { shapes, tensors };
    }
  } finally {
    await handle.close();
  }
}

function readHeadPickles(head: Buffer, path: string, invalid: (problem: string) => PainterlyError) {
  const plain = (offset: number) => unpickle(head, { source: path, offset, globals: new Map() });
  const magic = plain(0);
  if (magic.value !== LEGACY_MAGIC) throw invalid('it does not start with the legacy magic number');
  const protocol = plain(magic.end);
  if (protocol.value !== PROTOCOL_VERSION) throw invalid(`it has protocol version ${String(protocol.value)}, not ${PROTOCOL_VERSION}`);
  const sysInfo = plain(protocol.end);
  if (!(sysInfo.value instanceof Map) || sysInfo.value.get('little_endian') !== true) {
    throw new PainterlyError('WEIGHTS_INVALID', `The PyTorch file ${path} was written big-endian; load and re-save it on a little-endian machine.`);
  }
  const { tensors: refs, end } = readStateDictPickle(head, { source: path, offset: sysInfo.end });
  const keys = plain(end);
  if (!Array.isArray(keys.value) || !keys.value.every((key): key is string => typeof key === 'string')) throw invalid('its list of storage keys is not a list of names');
  return { refs, storageKeys: keys.value, dataStart: keys.end };
}
