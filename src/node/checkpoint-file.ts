/**
 * Run checkpoints on disk: one file per output (`OUTPUT.checkpoint`), written atomically, holding the
 * engine's RunCheckpoint and a fingerprint of the run (options and the bytes of every input image) so a
 * resume with other options or images is refused instead of silently mixing runs.
 *
 * Layout (format 2): `array-file.ts` with the first line `PAINTERLY-CHECKPOINT 2` (header, float32
 * arrays, SHA-256). Format 1 (Painterly 0.1) is the same without the SHA-256; it is
 * still read, its fields checked like format 2's.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { RunCheckpoint } from '../engine/gatys/checkpoint.js';
import type { NetworkWeights } from '../engine/network/types.js';
import { findCheckpointProblem } from '../engine/gatys/checkpoint-validation.js';
import { PainterlyError } from '../engine/errors.js';
import type { StylizeOptions } from '../options/stylize-schema.js';
import { decodeArrayFile, encodeArrayFile } from './array-file.js';
import { errnoCode, writeFileAtomic } from './atomic-write.js';

/** The first line of a checkpoint file, then its format version. */
const MAGIC = 'PAINTERLY-CHECKPOINT';
/** The format `writeCheckpoint` writes. */
export const CHECKPOINT_FORMAT = 2;

/** Options that do not change the computed image, so a resume may change them. */
const NEUTRAL_OPTIONS: ReadonlySet<string> = new Set(['threads', 'device', 'saveEvery', 'checkpoint', 'checkpointEvery', 'resume', 'maxPixels', 'strength', 'originalColors']);

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
  await writeFileAtomic(path, encodeArrayFile(MAGIC, CHECKPOINT_FORMAT, fingerprint, checkpoint));
}

/** Separates a run's fingerprint from the identity of the network weights it used. */
const NETWORK_MARK = ' network:';

/**
 * The fingerprint of a run that used `weights`: `fingerprint` plus a SHA-256 of the weights as read
 * (every layer's kernel and bias, in name order), so a checkpoint is not resumed after the network
 * file changed in place, even with the same path, size and options.
 *
 * @example const fingerprint = withNetworkIdentity(await runFingerprint(options), run.weights);
 */
export function withNetworkIdentity(fingerprint: string, weights: NetworkWeights): string {
  const hash = createHash('sha256');
  for (const name of [...weights.layers.keys()].sort()) {
    const layer = weights.layers.get(name)!;
    hash.update(`${name}:${layer.inChannels}:${layer.outChannels}:${layer.kernelSize};`);
    hash.update(new Uint8Array(layer.kernel.buffer, layer.kernel.byteOffset, layer.kernel.byteLength));
    hash.update(new Uint8Array(layer.bias.buffer, layer.bias.byteOffset, layer.bias.byteLength));
  }
  return `${fingerprint}${NETWORK_MARK}${hash.digest('hex')}`;
}

/**
 * Whether a checkpoint's stored fingerprint fits the `expected` one: equal; or the same run where
 * one side has no network identity (a check before the weights are loaded, or a checkpoint of an
 * earlier version). Different network identities are `network`.
 */
function compareFingerprints(stored: string, expected: string): 'same' | 'run' | 'network' {
  if (stored === expected) return 'same';
  const [storedRun, storedNetwork] = stored.split(NETWORK_MARK);
  const [expectedRun, expectedNetwork] = expected.split(NETWORK_MARK);
  if (storedRun !== expectedRun) return 'run';
  return storedNetwork === undefined || expectedNetwork === undefined ? 'same' : 'network';
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
      `The checkpoint ${path} is damaged or not a Painterly checkpoint (${reason}). Delete it (rm ${JSON.stringify(path)}) and run again without resuming.`,
      { option: 'resume' },
    );
  const unknownFormat = (format: string) =>
    new PainterlyError(
      'CHECKPOINT_INVALID',
      `The checkpoint ${path} has format ${JSON.stringify(format)}, which this version of Painterly cannot read (it reads formats 1 and ${CHECKPOINT_FORMAT}; it may come from a newer version). Resume with the version that wrote it, or delete it and run again without resuming.`,
      { option: 'resume' },
    );
  const contents = decodeArrayFile(file, { magic: MAGIC, formats: ['1', String(CHECKPOINT_FORMAT)], formatsWithoutDigest: ['1'], invalid, unknownFormat });
  const checkpoint = contents.payload;
  const problem = findCheckpointProblem(checkpoint);
  if (problem) throw invalid(problem);
  const fit = compareFingerprints(contents.fingerprint, fingerprint);
  if (fit === 'network') {
    throw new PainterlyError(
      'INVALID_OPTION',
      `The checkpoint ${path} was made with other network weights: the network file changed since the run was interrupted. Its iterates do not fit these weights; run without resuming to start afresh (or put the original network file back).`,
      { option: 'resume' },
    );
  }
  if (fit === 'run') {
    throw new PainterlyError(
      'INVALID_OPTION',
      `The checkpoint ${path} belongs to a run with other options or images. Resume with the same options as the interrupted run (only the threads, the device, the snapshot and checkpoint intervals, the strength and original colours may change), or run without resuming to start afresh.`,
      { option: 'resume' },
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
      throw new PainterlyError('CHECKPOINT_INVALID', `The checkpoint path ${path} is a directory, not a checkpoint file. Move it away, or run without resuming.`, { option: 'resume' });
    }
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new PainterlyError('CHECKPOINT_INVALID', `Cannot read the checkpoint ${path} (${code ?? String(error)}). Check its permissions, or run without resuming.`, { cause: error, option: 'resume' });
    }
    throw new PainterlyError(
      'INVALID_OPTION',
      `No checkpoint at ${path} to resume from: the run finished (its checkpoint is removed once the output is written) or never reached its first checkpoint. Run again without resuming.`,
      { option: 'resume' },
    );
  }
}

/** Removes the checkpoint at `path` if there is one. */
export async function removeCheckpoint(path: string): Promise<void> {
  await fs.rm(path, { force: true });
}
