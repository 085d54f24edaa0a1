/**
 * One fast-style tensor file's bytes (raw little-endian float32) as checked floats. Pure: Node reads
 * the file from disk, a browser fetches it; both hand the bytes here.
 */
import { PainterlyError } from '../errors.js';
import { shapeSize, type FastTensorEntry } from './checkpoint.js';

/** Where a tensor's bytes came from and what to tell the user to do about a bad one. */
export interface TensorBytesOrigin {
  /** The tensor file's path or URL. */
  readonly location: string;
  /** The preset's folder or base URL, e.g. `/home/me/.cache/painterly/models/fast-style/udnie`. */
  readonly source: string;
  /** The fix for a file of the wrong length. */
  readonly lengthFix: string;
  /** The fix for a file holding NaN or ±Infinity. */
  readonly damagedFix: string;
}

/**
 * Copies `bytes` into a fresh, 4-byte-aligned Float32Array (the files are little-endian like every
 * supported host). Throws WEIGHTS_INVALID when the length is not 4·prod(shape), or when a value is
 * NaN or ±Infinity: one such weight turns the whole picture black, so it is never used.
 *
 * @example
 * floatsFromTensorBytes(new Uint8Array(12), { name: 'Variable_46', filename: 'Variable_46', shape: [3] }, origin) // → Float32Array [0, 0, 0]
 */
export function floatsFromTensorBytes(bytes: Uint8Array, entry: FastTensorEntry, origin: TensorBytesOrigin): Float32Array {
  const expectedBytes = 4 * shapeSize(entry.shape);
  if (bytes.byteLength !== expectedBytes) {
    throw new PainterlyError(
      'WEIGHTS_INVALID',
      `Expected ${expectedBytes} bytes (float32 × [${entry.shape.join(',')}]) for tensor ${entry.name} but received ${bytes.byteLength} in ${origin.location}. ${origin.lengthFix}`,
    );
  }
  const floats = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(floats.buffer).set(bytes);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < floats.length; i++) {
    if (!Number.isFinite(floats[i])) {
      bad += 1;
      if (first < 0) first = i;
    }
  }
  if (bad === 0) return floats;
  throw new PainterlyError(
    'WEIGHTS_INVALID',
    `Tensor ${entry.name} of the fast-style weights at ${origin.source} is damaged: ${bad} of ${floats.length} values in ${origin.location} are NaN or infinite ` +
      `(the first at index ${first} is ${floats[first]}), so the weights were not used. ${origin.damagedFix}`,
  );
}
