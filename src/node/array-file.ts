/**
 * One file layout for run state that holds large float arrays (run checkpoints, video checkpoints):
 *
 *   `<MAGIC> <format>\n` · uint32 LE header length · JSON header · zero padding to 4 bytes ·
 *   the float32 arrays back to back · SHA-256 of every byte before it
 *
 * The JSON header holds a fingerprint, the array lengths and the payload, in which every
 * Float32Array is replaced by `{ "$array": k }`. Format 1 of run checkpoints had no digest; readers
 * that accept it pass `formatsWithoutDigest`.
 */
import { createHash } from 'node:crypto';

const DIGEST_BYTES = 32;

/** A decoded file: its format version, the fingerprint and the payload with its arrays restored. */
export interface ArrayFileContents {
  readonly format: string;
  readonly fingerprint: string;
  readonly payload: unknown;
}

/**
 * The bytes of a file with first line `${magic} ${format}`, `fingerprint` and `payload`.
 *
 * @example const bytes = encodeArrayFile('PAINTERLY-CHECKPOINT', 2, fingerprint, { pixels: new Float32Array(12) });
 */
export function encodeArrayFile(magic: string, format: number, fingerprint: string, payload: unknown): Buffer {
  const arrays: Float32Array[] = [];
  const body = JSON.stringify(payload, (_key, value: unknown) => {
    if (value instanceof Float32Array) {
      arrays.push(value);
      return { $array: arrays.length - 1 };
    }
    return value;
  });
  const firstLine = `${magic} ${format}\n`;
  const header = Buffer.from(JSON.stringify({ fingerprint, lengths: arrays.map((array) => array.length), checkpoint: JSON.parse(body) }), 'utf8');
  const prefix = Buffer.byteLength(firstLine) + 4 + header.length;
  const padding = (4 - (prefix % 4)) % 4;
  const payloadEnd = prefix + padding + arrays.reduce((sum, array) => sum + array.byteLength, 0);
  const file = Buffer.alloc(payloadEnd + DIGEST_BYTES);
  let offset = file.write(firstLine, 0, 'utf8');
  offset = file.writeUInt32LE(header.length, offset);
  offset += header.copy(file, offset);
  offset += padding;
  for (const array of arrays) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(file, offset);
    offset += array.byteLength;
  }
  createHash('sha256').update(file.subarray(0, payloadEnd)).digest().copy(file, payloadEnd);
  return file;
}

/** What a reader accepts, and how it words a refusal. */
export interface ArrayFileReading {
  readonly magic: string;
  /** Format versions read; those in `formatsWithoutDigest` carry no SHA-256. */
  readonly formats: readonly string[];
  readonly formatsWithoutDigest?: readonly string[];
  /** The error for a damaged file, given the reason. */
  readonly invalid: (reason: string) => Error;
  /** The error for a file of a format not in `formats`. */
  readonly unknownFormat: (format: string) => Error;
}

/**
 * Decodes `file`, checking the first line, the digest, the header and every array length.
 *
 * @example const { fingerprint, payload } = decodeArrayFile(bytes, { magic: 'PAINTERLY-CHECKPOINT', formats: ['2'], invalid, unknownFormat });
 */
export function decodeArrayFile(file: Buffer, reading: ArrayFileReading): ArrayFileContents {
  const { invalid } = reading;
  const prefix = `${reading.magic} `;
  const newline = file.indexOf(0x0a);
  const firstLine = newline > 0 && newline <= 40 ? file.toString('latin1', 0, newline) : '';
  if (!firstLine.startsWith(prefix)) throw invalid(`it does not start with the line ${reading.magic}`);
  const format = firstLine.slice(prefix.length);
  if (!reading.formats.includes(format)) throw reading.unknownFormat(format);
  let end = file.length;
  if (!reading.formatsWithoutDigest?.includes(format)) {
    end -= DIGEST_BYTES;
    if (end < newline + 5) throw invalid('it is truncated');
    const digest = createHash('sha256').update(file.subarray(0, end)).digest();
    if (!digest.equals(file.subarray(end))) throw invalid('its SHA-256 checksum does not match its contents: it was changed or cut short after it was written');
  }
  const headerStart = newline + 1 + 4;
  if (headerStart > end) throw invalid('it is truncated');
  const headerEnd = headerStart + file.readUInt32LE(newline + 1);
  if (headerEnd > end) throw invalid('its header length points past the end of the file');
  let header: unknown;
  try {
    header = JSON.parse(file.toString('utf8', headerStart, headerEnd));
  } catch {
    throw invalid('its header is not JSON');
  }
  if (!isRecord(header) || typeof header.fingerprint !== 'string' || !Array.isArray(header.lengths) || !header.lengths.every((length) => Number.isSafeInteger(length) && length >= 0)) {
    throw invalid('its header lacks the fingerprint or the array lengths');
  }
  let offset = headerEnd + ((4 - (headerEnd % 4)) % 4);
  const arrays = (header.lengths as number[]).map((length) => {
    const bytes = length * 4;
    if (offset + bytes > end) throw invalid('its data is shorter than its header says');
    const array = new Float32Array(length);
    Buffer.from(array.buffer).set(file.subarray(offset, offset + bytes));
    offset += bytes;
    return array;
  });
  if (offset !== end) throw invalid('its data is longer than its header says');
  const payload = revive(header.checkpoint, arrays);
  if (payload === undefined) throw invalid('it refers to an array it does not hold');
  return { format, fingerprint: header.fingerprint, payload };
}

/** The payload with `{ "$array": k }` replaced by the k-th array; undefined when k is not one. */
function revive(value: unknown, arrays: Float32Array[]): unknown {
  if (Array.isArray(value)) return value.map((item) => revive(item, arrays));
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === '$array') return arrays[entries[0][1] as number];
    const revived = entries.map(([key, item]) => [key, revive(item, arrays)] as const);
    return revived.some(([, item], index) => item === undefined && entries[index][1] !== undefined) ? undefined : Object.fromEntries(revived);
  }
  return value;
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
