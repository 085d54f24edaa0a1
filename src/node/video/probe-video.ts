/**
 * What a video file holds, read by ffprobe before any work: its size, frame rate, length and whether it
 * has sound. Files that cannot be repainted as they are (no video stream, a still image, a variable
 * damage ffprobe sees) fail here with a message that says what to do; a variable frame rate is reported
 * (`variableRate`) for the plan to refuse unless a constant rate is asked for.
 */
import { spawn } from 'node:child_process';
import { PainterlyError } from '../../engine/errors.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { ffmpegFile, LOCAL_FILES_ONLY } from './media-file.js';

/** ffprobe reads a file's header in well under a second; one that takes this long is waiting on something (a file on a hung network mount). */
export const PROBE_TIMEOUT_MS = 60_000;

/** Options of {@link probeVideo}. */
export interface ProbeOptions {
  /** Stops ffprobe (and the probe fails as ABORTED). */
  readonly signal?: AbortSignal;
  /** Default PROBE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

/** A frame rate as the exact fraction ffmpeg uses (e.g. 30000/1001), and its value. */
export interface FrameRate {
  readonly numerator: number;
  readonly denominator: number;
  /** `numerator / denominator` frames per second. */
  readonly fps: number;
  /** `numerator/denominator`, as ffmpeg's options take it. */
  readonly text: string;
}

/** The first video stream of a file and its sound, as Painterly uses them. */
export interface VideoInfo {
  readonly path: string;
  /** Displayed size: after the rotation a phone records in the metadata. */
  readonly width: number;
  readonly height: number;
  readonly frameRate: FrameRate;
  readonly durationS: number;
  /** Frames of the whole stream: the container's count, else duration × frame rate. */
  readonly frameCount: number;
  readonly audio?: { readonly codec: string };
  readonly codec: string;
  /** Set when frames are not evenly spaced (the average rate differs from the nominal one by over 1 %). */
  readonly variableRate?: { readonly averageFps: number };
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  /** Matroska and WebM give a stream's length as a tag (`00:00:02.000000000`), not as `duration`. */
  tags?: { rotate?: string; DURATION?: string };
  side_data_list?: { rotation?: number }[];
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string };
}

/** Formats ffmpeg reads single pictures with: a still image is not a video. */
const STILL_IMAGE_FORMATS = /(^|,)(image2|png_pipe|jpeg_pipe|webp_pipe|bmp_pipe|tiff_pipe|gif_pipe|ppm_pipe)(,|$)/;

/**
 * Reads `path` (a local file: see `checkLocalVideo`) with ffprobe, passed as `file:` + its absolute
 * path so no name is read as an option or protocol. ffprobe is killed when `signal` fires or after
 * `timeoutMs`, never left running.
 *
 * @example
 * const info = await probeVideo(findFfmpegTools(), 'clip.mp4');
 * // { width: 640, height: 360, frameRate: { fps: 24, text: '24/1', … }, durationS: 5, frameCount: 120, audio: { codec: 'aac' }, … }
 */
export async function probeVideo(tools: FfmpegTools, path: string, options: ProbeOptions = {}): Promise<VideoInfo> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...LOCAL_FILES_ONLY, ffmpegFile(path)];
  const { stdout, stderr, code } = await runProbe(tools.ffprobe, args, path, options);
  if (code !== 0) {
    const reason = lastLine(stderr);
    if (/no such file/i.test(reason)) throw new PainterlyError('INVALID_OPTION', `Cannot read the video ${path}: there is no such file. Check the path.`);
    throw new PainterlyError('VIDEO_INVALID', `${path} is not a video ffmpeg can read (${reason || `ffprobe exited with ${code}`}). Give a video file such as .mp4, .mov, .mkv or .webm; if it is one, it is damaged: export or download it again.`);
  }
  let probe: ProbeOutput;
  try {
    probe = JSON.parse(stdout) as ProbeOutput;
  } catch {
    throw new PainterlyError('VIDEO_INVALID', `ffprobe gave no readable description of ${path} (${lastLine(stderr) || 'no JSON on its output'}). Check that PAINTERLY_FFPROBE points at ffprobe, or export the video again.`);
  }
  const streams = probe.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1);
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  if (!video) {
    const what = audio ? 'only sound' : 'no streams ffmpeg knows';
    throw new PainterlyError('VIDEO_INVALID', `${path} has no video stream (it holds ${what}). Give a file with pictures: a video such as .mp4, .mov, .mkv or .webm.`);
  }
  if (STILL_IMAGE_FORMATS.test(probe.format?.format_name ?? '') || video.codec_name === 'gif' && Number(video.nb_frames ?? 2) < 2) {
    throw new PainterlyError('VIDEO_INVALID', `${path} is a still image, not a video. Repaint it with \`painterly stylize ${path} …\`.`);
  }
  const frameRate = parseFrameRate(video.r_frame_rate, path);
  const average = video.avg_frame_rate ? safeRate(video.avg_frame_rate) : undefined;
  const variableRate = average !== undefined && average > 0 && Math.abs(average - frameRate.fps) / frameRate.fps > 0.01 ? { averageFps: average } : undefined;
  const durationS = Number(video.duration ?? clockSeconds(video.tags?.DURATION) ?? probe.format?.duration ?? NaN);
  if (!(durationS > 0)) {
    throw new PainterlyError('VIDEO_INVALID', `${path} does not say how long it is, so it is probably truncated or still being written. Export or download it again.`);
  }
  const counted = Number(video.nb_frames);
  const frameCount = Number.isInteger(counted) && counted > 0 ? counted : Math.max(1, Math.round(durationS * frameRate.fps));
  const rotation = Math.abs(Number(video.side_data_list?.find((entry) => entry.rotation !== undefined)?.rotation ?? video.tags?.rotate ?? 0)) % 180;
  const [width, height] = rotation === 90 ? [video.height ?? 0, video.width ?? 0] : [video.width ?? 0, video.height ?? 0];
  if (!(width > 0 && height > 0)) throw new PainterlyError('VIDEO_INVALID', `${path} has a video stream without a picture size ffmpeg can read. Export it again as .mp4 (H.264).`);
  return { path, width, height, frameRate, durationS, frameCount, codec: video.codec_name ?? 'unknown', ...(variableRate ? { variableRate } : {}), ...(audio ? { audio: { codec: audio.codec_name ?? 'unknown' } } : {}) };
}

/**
 * Parses `24/1`, `30000/1001` or `25` into a frame rate.
 *
 * @example parseFrameRate('30000/1001', 'clip.mp4').fps // → 29.97…
 */
export function parseFrameRate(text: string | undefined, path: string): FrameRate {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(text ?? '');
  const numerator = match ? Number(match[1]) : NaN;
  const denominator = match?.[2] ? Number(match[2]) : 1;
  const fps = numerator / denominator;
  if (!(fps > 0 && fps <= 1000)) throw new PainterlyError('VIDEO_INVALID', `${path} has no usable frame rate (${text ?? 'none'}). Add --fps 30, or convert it first: ffmpeg -i ${path} -vf fps=30 constant.mp4`);
  return { numerator, denominator, fps, text: `${numerator}/${denominator}` };
}

function safeRate(text: string): number | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match || Number(match[2]) === 0) return undefined;
  return Number(match[1]) / Number(match[2]);
}

/** `HH:MM:SS.fraction` as seconds, or undefined. */
function clockSeconds(text: string | undefined): number | undefined {
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text ?? '');
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : undefined;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}

function runProbe(program: string, args: string[], path: string, options: ProbeOptions): Promise<{ stdout: string; stderr: string; code: number }> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(cancelled());
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped: PainterlyError | undefined;
    const stop = (error: PainterlyError) => {
      stopped ??= error;
      child.kill('SIGKILL');
    };
    const onAbort = () => stop(cancelled());
    const timer = setTimeout(() => stop(new PainterlyError('VIDEO_INVALID', `ffprobe did not finish reading ${path} within ${timeoutMs / 1000} s. Check that the file is complete and on a disk that answers, or copy it to a local folder first.`)), timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (stopped) reject(stopped);
      else resolve({ stdout, stderr, code: code ?? 1 });
    });
  });
}

function cancelled(): PainterlyError {
  return new PainterlyError('ABORTED', 'The video was cancelled while ffprobe was reading it.');
}
