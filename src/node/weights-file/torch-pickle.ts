/**
 * What a PyTorch state-dict pickle may name, and what it becomes: the allow-list handed to the
 * safe unpickler. `torch.save(model.state_dict())` pickles an OrderedDict of tensors, each
 * `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)` where
 * `storage` is a persistent id `('storage', torch.FloatStorage, key, location, numel[, view])`
 * resolved from the archive's `data/<key>` (zip format) or the raw storages after the pickles (legacy).
 */
import { PainterlyError } from '../../engine/errors.js';
import { unpickle, type AllowedGlobal } from './safe-unpickler.js';
import type { TensorDtype, TensorView } from './tensor-data.js';

/** A storage a tensor views: its key in the file, element type and length. */
export interface StorageRef {
  readonly key: string;
  readonly dtype: TensorDtype;
  readonly numel: number;
}

/** A tensor as the pickle describes it: a view into a storage. */
export interface TensorRef extends TensorView {
  readonly storage: StorageRef;
}

const STORAGE_TYPES: Readonly<Record<string, TensorDtype>> = {
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  DoubleStorage: 'float64',
  LongStorage: 'int64',
};

const STORAGE_TYPE = Symbol('storage type');
interface StorageTypeToken {
  readonly [STORAGE_TYPE]: TensorDtype;
}

function callable(call: (args: readonly unknown[]) => unknown): AllowedGlobal {
  return { kind: 'callable', call };
}

/** The globals a state dict needs; `rebuild` checks the tensor arguments' types. */
function stateDictGlobals(source: string): Map<string, AllowedGlobal> {
  const invalid = (problem: string) => new PainterlyError('WEIGHTS_INVALID', `The file ${source} is not a PyTorch state dict: ${problem}.`);
  const rebuild = (args: readonly unknown[]): TensorRef => {
    const [storage, offset, shape, stride] = args;
    if (!isStorageRef(storage) || typeof offset !== 'number' || !isIntList(shape) || !isIntList(stride) || shape.length !== stride.length) {
      throw invalid('a tensor is rebuilt from arguments that are not (storage, offset, size, stride)');
    }
    return { storage, offset, shape, stride };
  };
  const globals = new Map<string, AllowedGlobal>([
    ['collections.OrderedDict', callable((args) => {
      if (args.length !== 0) throw invalid('an OrderedDict is built from arguments');
      return new Map();
    })],
    ['torch._utils._rebuild_tensor_v2', callable(rebuild)],
    ['torch._utils._rebuild_tensor', callable(rebuild)],
    ['torch._utils._rebuild_parameter', callable((args) => {
      if (!isTensorRef(args[0])) throw invalid('a parameter wraps something that is not a tensor');
      return args[0];
    })],
  ]);
  for (const [name, dtype] of Object.entries(STORAGE_TYPES)) globals.set(`torch.${name}`, { kind: 'token', value: { [STORAGE_TYPE]: dtype } });
  return globals;
}

/**
 * Reads a state-dict pickle: parameter name → tensor view. Storages come from `resolveStorage`
 * (called once per persistent id). Anything but a dict of tensors is refused.
 *
 * @example const { tensors } = readStateDictPickle(dataPkl, { source: 'vgg19.pth' });
 */
export function readStateDictPickle(bytes: Uint8Array, options: { source: string; offset?: number }): { tensors: Map<string, TensorRef>; end: number } {
  const { source } = options;
  const invalid = (problem: string) => new PainterlyError('WEIGHTS_INVALID', `The file ${source} is not a PyTorch state dict: ${problem}.`);
  const { value, end } = unpickle(bytes, {
    source,
    offset: options.offset,
    globals: stateDictGlobals(source),
    persistentLoad: (pid) => storageRef(pid, invalid),
  });
  if (!(value instanceof Map)) throw invalid('its pickle holds no dict (a whole pickled model? save `model.state_dict()` instead)');
  const root = value.has('state_dict') && value.get('state_dict') instanceof Map ? (value.get('state_dict') as Map<unknown, unknown>) : value;
  const tensors = new Map<string, TensorRef>();
  for (const [key, tensor] of root) {
    if (typeof key !== 'string') throw invalid('a key is not a string');
    if (isTensorRef(tensor)) tensors.set(key, tensor);
  }
  return { tensors, end };
}

function storageRef(pid: unknown, invalid: (problem: string) => PainterlyError): StorageRef {
  if (!Array.isArray(pid) || pid[0] !== 'storage') throw invalid('it refers to outside data that is not a tensor storage');
  const [, type, key, , numel, view] = pid;
  if (typeof type !== 'object' || type === null || !(STORAGE_TYPE in type)) throw invalid('a storage has an unknown type');
  if (typeof key !== 'string' || !/^[\w.-]+$/.test(key) || typeof numel !== 'number' || !Number.isInteger(numel) || numel < 0) throw invalid('a storage has a malformed key or length');
  if (view !== undefined && view !== null) throw invalid('it uses storage views from PyTorch before 1.0 (load and re-save it with a current PyTorch)');
  return { key, dtype: (type as StorageTypeToken)[STORAGE_TYPE], numel };
}

function isIntList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isInteger(item) && item >= 0);
}

function isStorageRef(value: unknown): value is StorageRef {
  return typeof value === 'object' && value !== null && typeof (value as StorageRef).key === 'string' && typeof (value as StorageRef).numel === 'number';
}

function isTensorRef(value: unknown): value is TensorRef {
  return typeof value === 'object' && value !== null && isStorageRef((value as TensorRef).storage);
}
