/**
 * PyTorch's zip `.pth` format (torch ≥ 1.6 `torch.save`): `<name>/data.pkl` holds the state-dict
 * pickle, `<name>/data/<key>` each storage's raw bytes, `<name>/byteorder` (`little` unless
 * written on a big-endian machine) and `<name>/version`.
 */
import { PainterlyError } from '../../engine/errors.js';
import { gatherFloat32, type StateDictContents, type LoadedTensor, type WantedTensor } from './tensor-data.js';
import { readStateDictPickle } from './torch-pickle.js';
import { openZipArchive } from './zip-archive.js';

/**
 * Reads a zip-format `.pth` state dict: every key's shape, and the wanted tensors' values.
 *
 * @example const { tensors } = await readPthZip('vgg19.pth', (key) => key.startsWith('features.'));
 */
export async function readPthZip(path: string, wanted: WantedTensor): Promise<StateDictContents> {
  const archive = await openZipArchive(path);
  try {
    const pickleName = archive.names.find((name) => /^[^/]+\/data\.pkl$/.test(name));
    if (!pickleName) throw new PainterlyError('WEIGHTS_INVALID', `The zip archive ${path} is not a PyTorch file: it has no <name>/data.pkl.`);
    const prefix = pickleName.slice(0, -'data.pkl'.length);
    if (archive.names.includes(`${prefix}byteorder`) && (await archive.read(`${prefix}byteorder`)).toString('latin1').trim() !== 'little') {
      throw new PainterlyError('WEIGHTS_INVALID', `The PyTorch file ${path} was written big-endian; load and re-save it on a little-endian machine.`);
    }
    const { tensors: refs } = readStateDictPickle(await archive.read(pickleName), { source: path });
    const shapes = new Map([...refs].map(([key, ref]) => [key, ref.shape] as const));
    const tensors = new Map<string, LoadedTensor>();
    const storages = new Map<string, Buffer>();
    for (const [key, ref] of refs) {
      if (!wanted(key, ref.shape)) continue;
      let bytes = storages.get(ref.storage.key);
      if (!bytes) {
        bytes = await archive.read(`${prefix}data/${ref.storage.key}`);
        storages.set(ref.storage.key, bytes);
      }
      tensors.set(key, { shape: ref.shape, data: gatherFloat32(bytes, ref.storage.dtype, ref, path) });
    }
    return { shapes, tensors };
  } finally {
    archive.close();
  }
}
