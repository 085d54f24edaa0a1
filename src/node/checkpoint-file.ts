/**
 * Run checkpoints on disk: one file per output (`OUTPUT.checkpoint`), written atomically, holding the
 * engine's RunCheckpoint and a fingerprint of the run (options and the bytes of every input image) so a
 * resume with other options or images is refused instead of silently mixing runs.
 *
 * Layout (format 2): the line `PAINTERLY-CHECKPOINT 2\n`, a little-endian uint32 header length, the
 * JSON header (fingerprint, the checkpoint with each Float32Array replaced by `{ "$array": k }`, array
 * lengths), zero padding to a multiple of 4, the arrays' float32 values back to back, and last the
 * SHA-256 of every byte before it. Format 1 (Painterly 0.1) is the same without the SHA-256; it is
 * still read, its fields checked like format 2's.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { RunCheckpoint } from '../engine/gatys/checkpoint.js';
import { findCheckpointProblem } from '../engine/gatys/checkpoint-validation.js';
import { PainterlyError } from '../engine/errors.js';
import type { StylizeOptions } from '../options/stylize-schema.js';
import { errnoCode, writeFileAtomic } from './atomic-write.js';

/** The first line of a checkpoint file, then its format version. */
const MAGIC_PREFIX = 'PAINTERLY-CHECKPOINT ';
/** The format `writeCheckpoint` writes. */
export const CHECKPOINT_FORMAT = 2;
const MAGIC = `${MAGIC_PREFIX}${CHECKPOINT_FORMAT}\n`;
const DIGEST_BYTES = 32;

/** Options that do not change the computed image, so a resume may change them. */
const NEUTRAL_OPTIONS: ReadonlySet<string> = new Set(['threads', 'saveEvery', 'checkpoint', 'checkpointEvery', 'resume', 'maxPixels', 'strength', 'originalColors']);

/** The checkpoint path for an output file. */
export function checkpointPathFor(outputPath: string): string {
  return `${outputPath}.checkpoint`;
}

/**
 * A digest of everything that determines a run's iterates: the options (minus NEUTRAL_OPTIONS) and
 * the bytes of the content, style and init images.
 *
 * @example const fingerprint = await runFingerprint(options);
 */
export async function runFingerprint(options: StylizeOptions): Promise<string> {
  const hash = createHash('sha256');
  const relevant = Object.entries(options)
    .filter(([key, value]) => !NEUTRAL_OPTIONS.has(key) && value !== undefined && !['content', 'styles', 'initImage'].includes(key))
    .sort(([a], [b]) => a.localeCompare(b));
  hash.update(JSON.stringify(relevant));
  for (const path of [options.content, ...options.styles, ...(options.initImage ? [options.initImage] : [])]) {
    hash.update(createHash('sha256').update(await fs.readFile(path)).digest());
  }
  return hash.digest('hex');
}

/**
 * Writes `checkpoint` to `path` atomically (a reader sees the previous checkpoint or this one whole).
 *
 * @example await writeCheckpoint('out.png.checkpoint', fingerprint, checkpoint);
 */
export async function writeCheckpoint(path: string, fingerprint: string, checkpoint: RunCheckpoint): Promise<void> {
  const arrays: Float32Array[] = [];
  const body = JSON.stringify(checkpoint, (_key, value: unknown) => {
    if (value instanceof Float32Array) {
      arrays.push(value);
      return { $array: arrays.length - 1 };
    }
    return value;
  });
  const header = Buffer.from(JSON.stringify({ fingerprint, lengths: arrays.map((array) => array.length), checkpoint: JSON.parse(body) }), 'utf8');
  const prefix = Buffer.byteLength(MAGIC) + 4 + header.length;
  const padding = (4 - (prefix % 4)) % 4;
  const payloadEnd = prefix + padding + arrays.reduce((sum, array) => sum + array.byteLength, 0);
  const size = payloadEnd + DIGEST_BYTES;
  const file = Buffer.alloc(size);
  let offset = file.write(MAGIC, 0, 'utf8');
  offset = file.writeUInt32LE(header.length, offset);
  offset += header.copy(file, offset);
  offset += padding;
  for (const array of arrays) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(file, offset);
    offset += array.byteLength;
  }
  createHash('sha256').update(file.subarray(0, payloadEnd)).digest().copy(file, payloadEnd);
  await writeFileAtomic(path, file);
}

/**
 * Reads the checkpoint at `path`. A file that is damaged (checksum), malformed (header, field types,
 * negative counts, array sizes) or of an unknown format is refused with CHECKPOINT_INVALID naming the
 * file and the fix; one written for another run (other options or images) with INVALID_OPTION.
 *
 * @example const checkpoint = await readCheckpoint('out.png.checkpoint', fingerprint);
 */
export async function readCheckpoint(path: string, fingerprint: string): Promise<RunCheckpoint> {
  const file = await readCheckpointBytes(path);
  const invalid = (reason: string) =>
    new PainterlyError(
      'CHECKPOINT_INVALID',
      `The checkpoint ${path} is damaged or not a Painterly checkpoint (${reason}). Delete it (rm ${JSON.stringify(path)}) and run again without --resume.`,
    );
  const newline = file.indexOf(0x0a);
  const firstLine = newline > 0 && newline <= 40 ? file.toString('latin1', 0, newline) : '';
  if (!firstLine.startsWith(MAGIC_PREFIX)) throw invalid('it does not start with the line PAINTERLY-CHECKPOINT');
  const format = firstLine.slice(MAGIC_PREFIX.length);
  if (format !== '1' && format !== String(CHECKPOINT_FORMAT)) {
    throw new PainterlyError(
      'CHECKPOINT_INVALID',
      `The checkpoint ${path} has format ${JSON.stringify(format)}, which this version of Painterly cannot read (it reads formats 1 and ${CHECKPOINT_FORMAT}; it may come from a newer version). Resume with the version that wrote it, or delete it and run again without --resume.`,
    );
  }
  let end = file.length;
  if (format === String(CHECKPOINT_FORMAT)) {
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
  const checkpoint = revive(header.checkpoint, arrays);
  if (checkpoint === undefined) throw invalid('it refers to an array it does not hold');
  const problem = findCheckpointProblem(checkpoint);
  if (problem) throw invalid(problem);
  if (header.fingerprint !== fingerprint) {
    throw new PainterlyError(
      'INVALID_OPTION',
      `The checkpoint ${path} belongs to a run with other options or images. Resume with the same command as the interrupted run (only --threads, --save-every, --strength, --original-colors and --checkpoint-every may change), or run without --resume to start afresh.`,
    );
  }
  return checkpoint as RunCheckpoint;
}

async function readCheckpointBytes(path: string): Promise<Buffer> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EISDIR') {
      throw new PainterlyError('CHECKPOINT_INVALID', `The checkpoint path ${path} is a directory, not a checkpoint file. Move it away, or run without --resume.`);
    }
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new PainterlyError('CHECKPOINT_INVALID', `Cannot read the checkpoint ${path} (${code ?? String(error)}). Check its permissions, or run without --resume.`, { cause: error });
    }
    throw new PainterlyError(
      'INVALID_OPTION',
      `No checkpoint at ${path} to resume from: the run finished (its checkpoint is removed once the output is written) or never reached its first checkpoint. Run again without --resume.`,
    );
  }
}

/** Removes the checkpoint at `path` if there is one. */
export async function removeCheckpoint(path: string): Promise<void> {
  await fs.rm(path, { force: true });
}

/** The header's checkpoint with `{ "$array": k }` replaced by the k-th array; undefined when k is not one. */
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
