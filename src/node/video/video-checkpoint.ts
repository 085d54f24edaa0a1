/**
 * A video run's resumable state, in a work folder beside the output (`.NAME.painterly-video/`):
 * finished segments (`segment-00000.mkv` …, each a run of whole frames) and `checkpoint.bin`, written
 * atomically after each segment (`array-file.ts` layout: fingerprint, frames done, each segment's name,
 * frame count and SHA-256, and the coherence state — the last frame, the last result and a preset's
 * norm statistics). A segment that the checkpoint does not list is a leftover of a killed run and is
 * removed on resume; a listed one is verified against its checksum (`verifySegments`) before it is used.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';
import { createRgbImage, type RgbImage } from '../../engine/image.js';
import type { CoherenceState } from '../../engine/video/frame-stylizer.js';
import { decodeArrayFile, encodeArrayFile, isRecord } from '../array-file.js';
import { errnoCode, writeFileAtomic } from '../atomic-write.js';

const MAGIC = 'PAINTERLY-VIDEO';
/** Format 2 records each segment's frames and SHA-256; format 1 (names only) is read, and its segments are painted again. */
const FORMAT = 2;
const CHECKPOINT_NAME = 'checkpoint.bin';

/** A finished segment as the checkpoint lists it. */
export interface SegmentRecord {
  /** File name in the work folder (`segment-00000.mkv`). */
  readonly name: string;
  readonly frames: number;
  /** SHA-256 of the whole file, hex; empty when an older version wrote the checkpoint. */
  readonly sha256: string;
}

/** Where a run stands after its last whole segment. */
export interface VideoCheckpoint {
  /** Frames written to the segments, from the first frame of the part. */
  readonly framesDone: number;
  /** The segments in the work folder, in order. */
  readonly segments: readonly SegmentRecord[];
  readonly coherence: CoherenceState;
}

/** A listed segment that cannot be used, and why. */
export interface DamagedSegment {
  readonly name: string;
  /** E.g. `its checksum differs`, `it is missing`. */
  readonly reason: string;
}

/**
 * The work folder of output `outputPath`.
 *
 * @example workDirFor('/videos/out.mp4') // → '/videos/.out.mp4.painterly-video'
 */
export function workDirFor(outputPath: string): string {
  const target = resolve(outputPath);
  return join(dirname(target), `.${basename(target)}.painterly-video`);
}

const SEGMENT_NAME = /^segment-\d{5}\.mkv$/;

/** The file name of segment `index`. */
export function segmentName(index: number): string {
  return `segment-${String(index).padStart(5, '0')}.mkv`;
}

/**
 * Writes the checkpoint atomically (the previous one stays whole until this one is).
 *
 * @example await writeVideoCheckpoint(workDir, fingerprint, { framesDone: 48, segments, coherence: stylizer.state() });
 */
export async function writeVideoCheckpoint(workDir: string, fingerprint: string, checkpoint: VideoCheckpoint): Promise<void> {
  const { coherence } = checkpoint;
  const payload = {
    framesDone: checkpoint.framesDone,
    segments: checkpoint.segments,
    previousFrame: coherence.previousFrame && imageRecord(coherence.previousFrame),
    previousResult: coherence.previousResult && imageRecord(coherence.previousResult),
    statistics: coherence.statistics?.map((layer) => ({ mean: layer.mean, variance: layer.variance })),
  };
  await writeFileAtomic(join(workDir, CHECKPOINT_NAME), encodeArrayFile(MAGIC, FORMAT, fingerprint, payload));
}

/**
 * Reads the checkpoint of an interrupted run. No checkpoint: INVALID_OPTION (run without --resume);
 * damaged: CHECKPOINT_INVALID; another run's (other input or options): INVALID_OPTION.
 *
 * @example const checkpoint = await readVideoCheckpoint(workDir, fingerprint);
 */
export async function readVideoCheckpoint(workDir: string, fingerprint: string): Promise<VideoCheckpoint> {
  const path = join(workDir, CHECKPOINT_NAME);
  let file: Buffer;
  try {
    file = await fs.readFile(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw new PainterlyError('CHECKPOINT_INVALID', `Cannot read the video checkpoint ${path} (${errnoCode(error) ?? String(error)}). Check its permissions, or run without --resume.`);
    throw new PainterlyError('INVALID_OPTION', `No interrupted run of this output to resume (no ${path}): it finished, or stopped before its first ${'segment'}. Run again without --resume.`);
  }
  const invalid = (reason: string) => new PainterlyError('CHECKPOINT_INVALID', `The video checkpoint ${path} is damaged (${reason}). Delete the folder (rm -r ${JSON.stringify(workDir)}) and run again without --resume.`);
  const unknownFormat = (format: string) => invalid(`format ${JSON.stringify(format)}, this version reads 1 and ${FORMAT}`);
  const contents = decodeArrayFile(file, { magic: MAGIC, formats: ['1', String(FORMAT)], invalid, unknownFormat });
  if (contents.fingerprint !== fingerprint) {
    throw new PainterlyError('INVALID_OPTION', `The interrupted run in ${workDir} was made from another input or with other options. Resume with the same command (only --threads and --device may change), or run without --resume to start afresh.`);
  }
  const payload = contents.payload;
  if (!isRecord(payload) || !Number.isSafeInteger(payload.framesDone) || !Array.isArray(payload.segments)) {
    throw invalid('its header lacks the frames done or the segments');
  }
  const segments = payload.segments.map((entry): SegmentRecord => {
    // Format 1 lists names only: such segments cannot be verified, so they are painted again.
    if (typeof entry === 'string' && SEGMENT_NAME.test(entry)) return { name: entry, frames: 0, sha256: '' };
    if (!isRecord(entry) || typeof entry.name !== 'string' || !SEGMENT_NAME.test(entry.name) || !Number.isSafeInteger(entry.frames) || typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw invalid('a segment entry is malformed');
    }
    return { name: entry.name, frames: entry.frames as number, sha256: entry.sha256 };
  });
  const statistics = Array.isArray(payload.statistics)
    ? payload.statistics.map((layer) => {
        if (!isRecord(layer) || !(layer.mean instanceof Float32Array) || !(layer.variance instanceof Float32Array)) throw invalid('its norm statistics are malformed');
        return { mean: layer.mean, variance: layer.variance };
      })
    : undefined;
  const coherence: CoherenceState = {
    previousFrame: readImageRecord(payload.previousFrame, invalid),
    previousResult: readImageRecord(payload.previousResult, invalid),
    statistics,
  };
  return { framesDone: payload.framesDone as number, segments, coherence };
}

/**
 * Checks each listed segment against its SHA-256, in order. All whole: `checkpoint` as it is. At the
 * first one missing, changed or unverifiable, the segments before it are kept and the run goes on from
 * there: the rest are painted again, the coherence starting afresh (as after a cut), since the state
 * saved is that of the last segment.
 *
 * @example
 * const { checkpoint, damaged } = await verifySegments(workDir, await readVideoCheckpoint(workDir, fingerprint));
 * // damaged → { name: 'segment-00001.mkv', reason: 'its checksum differs' } when that file was changed
 */
export async function verifySegments(workDir: string, checkpoint: VideoCheckpoint): Promise<{ checkpoint: VideoCheckpoint; damaged?: DamagedSegment }> {
  let framesKept = 0;
  for (const [index, segment] of checkpoint.segments.entries()) {
    const reason = await segmentProblem(join(workDir, segment.name), segment);
    if (reason !== undefined) {
      return { checkpoint: { framesDone: framesKept, segments: checkpoint.segments.slice(0, index), coherence: {} }, damaged: { name: segment.name, reason } };
    }
    framesKept += segment.frames;
  }
  if (framesKept !== checkpoint.framesDone) {
    return { checkpoint: { framesDone: 0, segments: [], coherence: {} }, damaged: { name: CHECKPOINT_NAME, reason: `its segments hold ${framesKept} frames, not the ${checkpoint.framesDone} it says` } };
  }
  return { checkpoint };
}

/**
 * The SHA-256 of file `path`, hex, read as a stream.
 *
 * @example await sha256OfFile('work/segment-00000.mkv') // → '9f86d0…'
 */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function segmentProblem(path: string, segment: SegmentRecord): Promise<string | undefined> {
  if (segment.sha256 === '') return 'an older version wrote it without a checksum';
  try {
    return (await sha256OfFile(path)) === segment.sha256 ? undefined : 'its checksum differs';
  } catch (error) {
    return errnoCode(error) === 'ENOENT' ? 'it is missing' : `it cannot be read (${errnoCode(error) ?? String(error)})`;
  }
}

/**
 * A fingerprint of what determines a run's frames: the input's size, time and first MiB, and `options`.
 *
 * @example const fingerprint = await videoFingerprint('clip.mp4', { model: 'udnie', size: 640 });
 */
export async function videoFingerprint(inputPath: string, options: Record<string, unknown>): Promise<string> {
  const hash = createHash('sha256');
  const stat = await fs.stat(inputPath);
  hash.update(JSON.stringify([stat.size, Math.round(stat.mtimeMs), Object.entries(options).sort(([a], [b]) => a.localeCompare(b))]));
  const handle = await fs.open(inputPath, 'r');
  try {
    const head = Buffer.alloc(Math.min(stat.size, 2 ** 20));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

function imageRecord(image: RgbImage) {
  return { width: image.width, height: image.height, data: image.data };
}

function readImageRecord(value: unknown, invalid: (reason: string) => Error): RgbImage | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !Number.isSafeInteger(value.width) || !Number.isSafeInteger(value.height) || !(value.data instanceof Float32Array)) throw invalid('a saved frame is malformed');
  try {
    return createRgbImage(value.width as number, value.height as number, value.data);
  } catch {
    throw invalid('a saved frame has the wrong number of values');
  }
}
