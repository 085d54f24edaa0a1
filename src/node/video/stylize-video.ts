/**
 * `stylizeVideo`: read → plan → run → write for a clip. ffmpeg decodes the part to raw frames; each
 * frame is repainted by a coherent (or independent) frame stylizer; every `segmentFrames` frames a
 * segment is closed and a checkpoint written (so a killed run resumes); at the end the segments and
 * the input's sound become the output, atomically. Memory follows the frame size, not the clip length.
 */
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { PainterlyError, throwIfAborted } from '../../engine/errors.js';
import { finishStylized } from '../../engine/finish.js';
import type { GatysEvent } from '../../engine/gatys/events.js';
import { fitLongSide, type RgbImage } from '../../engine/image.js';
import { describeWeights } from '../../engine/network/describe.js';
import { createPresetFrameStylizer } from '../../engine/video/coherent-preset.js';
import { createQualityFrameStylizer } from '../../engine/video/coherent-quality.js';
import type { CoherenceState, VideoFrameStylizer } from '../../engine/video/frame-stylizer.js';
import type { FlowEstimator } from '../../engine/video/types.js';
import { DEFAULT_PRESET_VIDEO_SIZE_PX, parseVideoOptions, type VideoOptions, type VideoOptionsInput } from '../../options/video-schema.js';
import type { DownloadEvent } from '../model-store/index.js';
import type { GraphRuntime } from '../../engine/runtime.js';
import { openOrtRuntime } from '../ort-runtime.js';
import { assertPreset } from '../stylize-preset.js';
import { assembleVideo } from './assemble-video.js';
import { findFfmpegTools } from './ffmpeg-tools.js';
import { decodeFrames } from './frame-decoder.js';
import { checkLocalVideo } from './media-file.js';
import { createOpencvFlowEstimator } from './opencv-flow.js';
import { preparePreset, prepareQuality } from './prepare-video-engine.js';
import { probeVideo, type VideoInfo } from './probe-video.js';
import { openSegmentEncoder, type SegmentEncoder } from './segment-encoder.js';
import { readVideoCheckpoint, segmentName, sha256OfFile, verifySegments, videoFingerprint, workDirFor, writeVideoCheckpoint, type SegmentRecord, type VideoCheckpoint } from './video-checkpoint.js';
import { videoFormatFor } from './video-formats.js';
import type { VideoEvent } from './video-events.js';

export type { VideoEvent } from './video-events.js';

/** Hooks of a video run. */
export interface VideoHooks {
  readonly onProgress?: (event: VideoEvent) => void;
  readonly signal?: AbortSignal;
  /** One-line notices, e.g. that `device: 'auto'` fell back to the CPU and why. */
  readonly onNotice?: (message: string) => void;
}

/** What a finished run made. */
export interface VideoResult {
  readonly outputPath: string;
  readonly frames: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly frameRate: string;
  readonly audio: boolean;
  readonly elapsedMs: number;
}

/**
 * Repaints a clip with a preset (`model`) or paintings (`styles`, the quality engine), keeping frames
 * coherent unless `independent`. Takes options as written, validated here, or options that already
 * went through `parseVideoOptions` at the caller's edge (the CLI), used as they are.
 *
 * @example
 * await stylizeVideo({ input: 'clip.mp4', output: 'clip-udnie.mp4', model: 'udnie', size: 640 }, { onProgress: console.log });
 */
export async function stylizeVideo(input: VideoOptionsInput | VideoOptions, hooks: VideoHooks = {}): Promise<VideoResult> {
  const options = parseVideoOptions(input);
  const started = Date.now();
  const emit = (event: VideoEvent) => hooks.onProgress?.(event);
  // A name that is no preset is a usage error before anything is probed or downloaded.
  if (options.engine.kind === 'preset') assertPreset(options.engine.options.model);
  const inputPath = await checkLocalVideo(options.input, 'input');
  const tools = findFfmpegTools();
  const format = videoFormatFor(options.output);
  const info = await probeVideo(tools, inputPath, { signal: hooks.signal });
  const plan = planVideo(info, options);
  emit({ type: 'probe', widthPx: info.width, heightPx: info.height, frameRate: info.frameRate.text, durationS: info.durationS, frames: info.frameCount, audio: info.audio !== undefined });

  const workDir = workDirFor(options.output);
  const fingerprint = await videoFingerprint(inputPath, fingerprintFields(options, plan));
  let checkpoint: VideoCheckpoint = { framesDone: 0, segments: [], coherence: {} };
  if (options.resume) {
    const verified = await verifySegments(workDir, await readVideoCheckpoint(workDir, fingerprint));
    checkpoint = verified.checkpoint;
    if (verified.damaged) emit({ type: 'segment-damaged', segment: verified.damaged.name, reason: verified.damaged.reason, fromFrame: checkpoint.framesDone });
    await removeUnlisted(workDir, checkpoint.segments);
  } else {
    await fs.rm(workDir, { recursive: true, force: true });
  }
  await fs.mkdir(workDir, { recursive: true });

  const runtime = await openOrtRuntime({ device: options.engine.options.device, threads: options.engine.options.threads, onNotice: hooks.onNotice });
  const flow = options.independent ? undefined : await createOpencvFlowEstimator({ maxSidePx: options.flowSize });
  const onDownload = (event: DownloadEvent) => emit(event);
  let stylizer: VideoFrameStylizer | undefined;
  let segment: SegmentEncoder | undefined;
  try {
    const engine = await createStylizer(options, plan, { runtime, flow, onDownload, emit, signal: hooks.signal }, checkpoint.coherence);
    stylizer = engine.stylizer;
    emit({ type: 'start', engine: options.engine.kind, name: engine.name, pretrained: engine.pretrained, widthPx: plan.widthPx, heightPx: plan.heightPx, frames: plan.frames, fromFrame: checkpoint.framesDone, frameRate: plan.frameRate, provider: runtime.provider });
    let framesDone = checkpoint.framesDone;
    const segments: SegmentRecord[] = [...checkpoint.segments];
    let index = 0;
    let inSegment = 0;
    const runStarted = Date.now();
    const frameTimes: number[] = [];
    for await (const frame of decodeFrames(tools, { path: inputPath, widthPx: plan.widthPx, heightPx: plan.heightPx, frameRateText: plan.frameRate, frameRate: plan.frameRateValue, startS: options.start, durationS: options.duration, signal: hooks.signal })) {
      if (index++ < checkpoint.framesDone) continue;
      throwIfAborted(hooks.signal, CANCELLED, 'resume');
      const frameStarted = Date.now();
      const result = await stylizer.stylize(frame);
      const finished = finish(options, result.image, frame);
      if (!segment) {
        segment = openSegmentEncoder(tools, { path: join(workDir, segmentName(segments.length)), widthPx: plan.widthPx, heightPx: plan.heightPx, frameRateText: plan.frameRate, format });
      }
      await segment.write(finished);
      framesDone += 1;
      inSegment += 1;
      frameTimes.push(Date.now() - frameStarted);
      const elapsedMs = Date.now() - runStarted;
      emit({ type: 'frame', frame: framesDone, frames: Math.max(plan.frames, framesDone), shotStart: result.shotStart, consistentShare: result.consistentShare, frameMs: frameTimes[frameTimes.length - 1], elapsedMs, etaMs: remainingMs(frameTimes, Math.max(0, plan.frames - framesDone)) });
      if (inSegment === options.segmentFrames) {
        await closeSegment();
      }
    }
    if (segment) await closeSegment();
    assertWholePart(options, plan, index, info);
    if (framesDone === 0) throw new PainterlyError('VIDEO_INVALID', `No frames were decoded from ${options.input}${options.start ? ` after --start ${options.start}` : ''}. Check --start and --duration against the clip's length (${info.durationS.toFixed(2)} s).`);
    throwIfAborted(hooks.signal, CANCELLED, 'resume');
    const durationS = framesDone / plan.frameRateValue;
    await assembleVideo(tools, {
      outputPath: options.output,
      format,
      segmentPaths: segments.map((record) => join(workDir, record.name)),
      listPath: join(workDir, 'segments.txt'),
      durationS,
      audio: info.audio ? { inputPath, codec: info.audio.codec, startS: options.start, trimmed: options.start > 0 || options.duration !== undefined } : undefined,
    });
    await fs.rm(workDir, { recursive: true, force: true });
    const result: VideoResult = { outputPath: options.output, frames: framesDone, widthPx: plan.widthPx, heightPx: plan.heightPx, frameRate: plan.frameRate, audio: info.audio !== undefined, elapsedMs: Date.now() - started };
    emit({ type: 'done', frames: framesDone, elapsedMs: result.elapsedMs, outputPath: options.output });
    return result;

    async function closeSegment(): Promise<void> {
      await segment!.finish();
      segment = undefined;
      const name = segmentName(segments.length);
      segments.push({ name, frames: inSegment, sha256: await sha256OfFile(join(workDir, name)) });
      inSegment = 0;
      await writeVideoCheckpoint(workDir, fingerprint, { framesDone, segments, coherence: stylizer!.state() });
      emit({ type: 'checkpoint', frames: framesDone, segments: segments.length });
    }
  } finally {
    await segment?.abort();
    await stylizer?.release();
    flow?.dispose();
  }
}

/** The decided sizes and rate of a run. */
export interface VideoPlan {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly frameRate: string;
  readonly frameRateValue: number;
  /** Frames the part should have (for progress; the decoder decides). */
  readonly frames: number;
}

/**
 * Output size (the long side `size`, else the input's — capped for presets — both even, as H.264 needs),
 * frame rate (the input's or `fps`; VIDEO_INVALID for a variable-rate input without `fps`) and the
 * expected frame count of the part.
 *
 * @example planVideo(info /* 1920×1080, 24 fps, 10 s *\/, options /* size 640 *\/) // → { widthPx: 640, heightPx: 360, frameRate: '24/1', frames: 240, … }
 */
export function planVideo(info: VideoInfo, options: VideoOptions): VideoPlan {
  const longSide = Math.max(info.width, info.height);
  const wanted = options.size ?? (options.engine.kind === 'preset' ? Math.min(longSide, DEFAULT_PRESET_VIDEO_SIZE_PX) : options.engine.options.size);
  const fitted = fitLongSide(info.width, info.height, wanted);
  const widthPx = Math.max(2, fitted.width - (fitted.width % 2));
  const heightPx = Math.max(2, fitted.height - (fitted.height % 2));
  if (info.variableRate && options.fps === undefined) {
    const suggestion = Math.round(info.variableRate.averageFps);
    throw new PainterlyError(
      'VIDEO_INVALID',
      `${info.path} has a variable frame rate (${info.variableRate.averageFps.toFixed(2)} frames/s on average, up to ${info.frameRate.fps.toFixed(2)}). Pick a constant one: add --fps ${suggestion} (frames are repeated or dropped to keep time), or convert it first: ffmpeg -i ${info.path} -vf fps=${suggestion} constant.mp4`,
    );
  }
  const frameRate = options.fps !== undefined ? rateText(options.fps) : info.frameRate.text;
  const frameRateValue = options.fps ?? info.frameRate.fps;
  if (options.start >= info.durationS) {
    throw new PainterlyError('INVALID_OPTION', `Expected a --start before the end of the clip (${info.durationS.toFixed(2)} s) but received ${options.start}.`);
  }
  const partS = Math.min(info.durationS - options.start, options.duration ?? Infinity);
  return { widthPx, heightPx, frameRate, frameRateValue, frames: Math.max(1, Math.round(partS * frameRateValue)) };
}

function rateText(fps: number): string {
  if (Number.isInteger(fps)) return `${fps}/1`;
  return `${Math.round(fps * 1000)}/1000`;
}

interface StylizerContext {
  readonly runtime: GraphRuntime;
  readonly flow?: FlowEstimator;
  readonly onDownload: (event: DownloadEvent) => void;
  readonly emit: (event: VideoEvent) => void;
  readonly signal?: AbortSignal;
}

async function createStylizer(options: VideoOptions, plan: VideoPlan, context: StylizerContext, restored: CoherenceState): Promise<{ stylizer: VideoFrameStylizer; name: string; pretrained: boolean }> {
  const size = { width: plan.widthPx, height: plan.heightPx };
  const { engine } = options;
  if (engine.kind === 'preset') {
    const checkpoint = await preparePreset(engine.options, { onProgress: context.onDownload, signal: context.signal });
    const stylizer = createPresetFrameStylizer(context.runtime, checkpoint, size, { independent: options.independent, blend: options.blend, statisticsRate: options.normRate, flow: context.flow }, restored);
    return { stylizer, name: `preset ${engine.options.model}`, pretrained: true };
  }
  const quality = await prepareQuality(engine.options, size, { onProgress: context.onDownload });
  const onProgress = (event: GatysEvent) => {
    if (event.type === 'iteration') context.emit({ type: 'iteration', iteration: event.iteration, iterations: event.iterations, loss: event.loss, temporal: event.temporal, elapsedMs: event.elapsedMs });
  };
  const stylizer = createQualityFrameStylizer(
    { runtime: context.runtime, ...quality, laterIterations: engine.laterIterations, temporalWeight: options.temporalWeight, independent: options.independent, flow: context.flow, onProgress, signal: context.signal },
    restored,
  );
  return { stylizer, name: describeWeights({ networkName: quality.weights.network.displayName, source: quality.weights.source, pretrained: quality.weights.pretrained }), pretrained: quality.weights.pretrained };
}

function finish(options: VideoOptions, image: RgbImage, frame: RgbImage): RgbImage {
  const { strength, originalColors } = options.engine.options;
  return finishStylized(image, frame, { strength, originalColors });
}

/** Remaining time: frames left × the mean time of recent frames (the first frame of a quality run is slow, so it is left out once there are others). */
function remainingMs(frameTimes: readonly number[], framesLeft: number): number {
  const recent = frameTimes.length > 1 ? frameTimes.slice(1).slice(-24) : frameTimes;
  return (recent.reduce((sum, ms) => sum + ms, 0) / recent.length) * framesLeft;
}

/** What makes a run's frames: everything but the threads, resume and the file names. */
function fingerprintFields(options: VideoOptions, plan: VideoPlan): Record<string, unknown> {
  const { resume: _resume, output: _output, input: _input, engine, ...video } = options;
  const { threads: _threads, device: _device, ...engineOptions } = engine.options as Record<string, unknown>;
  return { ...video, plan, engine: engine.kind, engineOptions: JSON.stringify(engineOptions) };
}

/** Removes what the (verified) checkpoint does not list: leftovers of a killed run, damaged segments. */
async function removeUnlisted(workDir: string, segments: readonly SegmentRecord[]): Promise<void> {
  const names = await fs.readdir(workDir).catch(() => [] as string[]);
  const keep = new Set([...segments.map((record) => record.name), 'checkpoint.bin']);
  await Promise.all(names.filter((name) => !keep.has(name)).map((name) => fs.rm(join(workDir, name), { force: true, recursive: true })));
}

/**
 * Frames a part may lack against the length the file states (rounding at both ends, a rate change):
 * more missing means the file ends early.
 */
const MISSING_FRAMES_TOLERANCE = { frames: 2, share: 0.03 };

/**
 * A file cut short often decodes without an error up to the cut (Matroska does): the frames read are
 * compared with those the file's stated length promises, and a short part is VIDEO_DAMAGED, never a
 * short output.
 */
function assertWholePart(options: VideoOptions, plan: VideoPlan, framesRead: number, info: VideoInfo): void {
  const missing = plan.frames - framesRead;
  if (framesRead === 0 || missing <= Math.max(MISSING_FRAMES_TOLERANCE.frames, plan.frames * MISSING_FRAMES_TOLERANCE.share)) return;
  const readS = framesRead / plan.frameRateValue;
  throw new PainterlyError(
    'VIDEO_DAMAGED',
    `${options.input} is truncated or damaged: it says it lasts ${info.durationS.toFixed(2)} s, so ${plan.frames} frames were expected${options.start || options.duration ? ' in the part asked for' : ''}, but only ${framesRead} (${readS.toFixed(2)} s) could be read. Export or download it again, or set duration to ${Math.max(0.1, readS - 0.1).toFixed(1)} s to paint the part that is there.`,
  );
}

const CANCELLED = 'The video was cancelled; the finished segments are kept: resume the run to continue.';
