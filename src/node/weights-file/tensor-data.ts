/**
 * Tensors as weight files store them: a dtype, a shape and a way to read the values, as float32
 * in C (row-major) order. Shared by the PyTorch and safetensors readers.
 */
import { PainterlyError } from '../../engine/errors.js';

/** The element types read as float32 (others, e.g. int64 counters, are listed but never read). */
export type TensorDtype = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'other';

/** Bytes per element of each dtype read here. */
export const DTYPE_BYTES: Readonly<Record<Exclude<TensorDtype, 'other'>, number>> = { float32: 4, float16: 2, bfloat16: 2, float64: 8, int64: 8 };

/** A tensor read from a file: float32 values in C order (float16/bfloat16 widen exactly, float64 rounds). */
export interface LoadedTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * What a state-dict reader returns: every parameter's shape (in the file's order), and the values
 * of those the caller asked for (a classifier head is listed, never read).
 */
export interface StateDictContents {
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly tensors: ReadonlyMap<string, LoadedTensor>;
}

/** Which parameters to read, by name and shape. */
export type WantedTensor = (key: string, shape: readonly number[]) => boolean;

/** How a tensor sits in its storage (PyTorch views): element offset and strides in elements. */
export interface TensorView {
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

/**
 * Decodes little-endian `bytes` of `dtype` and gathers the view's elements in C order.
 *
 * @example gatherFloat32(bytes, 'float32', { shape: [2, 2], stride: [1, 2], offset: 0 }, 'x.pth') // the transpose
 */
export function gatherFloat32(bytes: Uint8Array, dtype: TensorDtype, view: TensorView, source: string): Float32Array {
  if (dtype === 'other' || dtype === 'int64') throw new PainterlyError('WEIGHTS_INVALID', `The file ${source} stores a weight as ${dtype}, not as floats.`);
  const elementBytes = DTYPE_BYTES[dtype];
  const storageLength = Math.floor(bytes.length / elementBytes);
  const count = view.shape.reduce((product, side) => product * side, 1);
  const contiguous = contiguousStrides(view.shape).every((stride, axis) => view.shape[axis] === 1 || stride === view.stride[axis]);
  if (dtype === 'float32' && contiguous && view.offset >= 0 && view.offset + count <= storageLength) {
    // The common case, a whole little-endian float32 block: one copy (also aligns it).
    const start = bytes.byteOffset + view.offset * 4;
    return new Float32Array(bytes.buffer.slice(start, start + count * 4));
  }
  const dataView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const element = ELEMENT_READERS[dtype];
  const out = new Float32Array(count);
  const rank = view.shape.length;
  const index = new Array<number>(rank).fill(0);
  let position = view.offset;
  for (let i = 0; i < count; i++) {
    if (position < 0 || position >= storageLength) {
      throw new PainterlyError('WEIGHTS_INVALID', `The file ${source} is damaged: a tensor of shape [${view.shape.join(',')}] reaches element ${position} of a storage of ${storageLength}.`);
    }
    out[i] = element(dataView, position * elementBytes);
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      position += view.stride[axis];
      if (index[axis] < view.shape[axis]) break;
      position -= view.stride[axis] * view.shape[axis];
      index[axis] = 0;
    }
  }
  return out;
}

const ELEMENT_READERS: Readonly<Record<'float32' | 'float16' | 'bfloat16' | 'float64', (view: DataView, at: number) => number>> = {
  float32: (view, at) => view.getFloat32(at, true),
  float64: (view, at) => view.getFloat64(at, true),
  bfloat16: (view, at) => {
    const scratch = new DataView(new ArrayBuffer(4));
    scratch.setUint32(0, view.getUint16(at, true) << 16);
    return scratch.getFloat32(0);
  },
  float16: (view, at) => halfToFloat(view.getUint16(at, true)),
};

/** IEEE 754 binary16 → number (exact). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** C-order (contiguous) strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = step;
    step *= shape[axis];
  }
  return strides;
}
