/**
 * Run checkpoints on disk: one file per output (`OUTPUT.checkpoint`), written atomically, holding the
 * engine's RunCheckpoint and a fingerprint of the run (options and the bytes of every input image) so a
 * resume with other options or images is refused instead of silently mixing runs.
 *
 * Layout: the line `PAINTERLY-CHECKPOINT 1\n`, a little-endian uint32 header length, the JSON header
 * (fingerprint, the checkpoint with each Float32Array replaced by `{ "$array": k }`, array lengths),
 * zero padding to a multiple of 4, then the arrays' float32 values back to back.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { RunCheckpoint } from '../engine/gatys/checkpoint.js';
import { PainterlyError } from '../engine/errors.js';
import type { StylizeOptions } from '../options/stylize-schema.js';
import { writeFileAtomic } from './atomic-write.js';

const MAGIC = 'PAINTERLY-CHECKPOINT 1\n';

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
  const size = prefix + padding + arrays.reduce((sum, array) => sum + array.byteLength, 0);
  const file = Buffer.alloc(size);
  let offset = file.write(MAGIC, 0, 'utf8');
  offset = file.writeUInt32LE(header.length, offset);
  offset += header.copy(file, offset);
  offset += padding;
  for (const array of arrays) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(file, offset);
    offset += array.byteLength;
  }
  await writeFileAtomic(path, file);
}

/**
 * Reads the checkpoint at `path`, refusing one written for another run (other options or images) or a
 * damaged file with a PainterlyError that says what to do.
 *
 * @example const checkpoint = await readCheckpoint('out.png.checkpoint', fingerprint);
 */
export async function readCheckpoint(path: string, fingerprint: string): Promise<RunCheckpoint> {
  let file: Buffer;
  try {
    file = await fs.readFile(path);
  } catch {
    throw new PainterlyError(
      'INVALID_OPTION',
      `No checkpoint at ${path} to resume from: the run finished (its checkpoint is removed once the output is written) or never reached its first checkpoint. Run again without --resume.`,
    );
  }
  const damaged = () =>
    new PainterlyError('INVALID_OPTION', `The checkpoint ${path} is damaged or not a Painterly checkpoint. Delete it and run again without --resume.`);
  const magicLength = Buffer.byteLength(MAGIC);
  if (file.length < magicLength + 4 || file.toString('utf8', 0, magicLength) !== MAGIC) throw damaged();
  const headerLength = file.readUInt32LE(magicLength);
  const headerEnd = magicLength + 4 + headerLength;
  if (headerEnd > file.length) throw damaged();
  let header: { fingerprint: string; lengths: number[]; checkpoint: unknown };
  try {
    header = JSON.parse(file.toString('utf8', magicLength + 4, headerEnd));
  } catch {
    throw damaged();
  }
  if (header.fingerprint !== fingerprint) {
    throw new PainterlyError(
      'INVALID_OPTION',
      `The checkpoint ${path} belongs to a run with other options or images. Resume with the same command as the interrupted run (only --threads, --save-every, --strength, --original-colors and --checkpoint-every may change), or run without --resume to start afresh.`,
    );
  }
  let offset = headerEnd + ((4 - (headerEnd % 4)) % 4);
  const arrays = header.lengths.map((length) => {
    const bytes = length * 4;
    if (offset + bytes > file.length) throw damaged();
    const array = new Float32Array(length);
    Buffer.from(array.buffer).set(file.subarray(offset, offset + bytes));
    offset += bytes;
    return array;
  });
  if (offset !== file.length) throw damaged();
  return revive(header.checkpoint, arrays) as RunCheckpoint;
}

/** Removes the checkpoint at `path` if there is one. */
export async function removeCheckpoint(path: string): Promise<void> {
  await fs.rm(path, { force: true });
}

function revive(value: unknown, arrays: Float32Array[]): unknown {
  if (Array.isArray(value)) return value.map((item) => revive(item, arrays));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === '$array') return arrays[entries[0][1] as number];
    return Object.fromEntries(entries.map(([key, item]) => [key, revive(item, arrays)]));
  }
  return value;
}
