/**
 * Decoding: ffmpeg turns a part of a video into raw RGB frames of one size and a constant rate, read
 * from its stdout pipe one frame at a time (no temporary image files; memory holds about one frame).
 */
import { spawn } from 'node:child_process';
import { PainterlyError, throwIfAborted } from '../../engine/errors.js';
import { createRgbImage, type RgbImage } from '../../engine/image.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { ffmpegFile, LOCAL_FILES_ONLY } from './media-file.js';

/** Which frames to decode, and at what size and rate. */
export interface DecodeRequest {
  readonly path: string;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Output rate, e.g. `24/1`: frames are repeated or dropped to keep it constant. */
  readonly frameRateText: string;
  /** The same rate in frames per second. */
  readonly frameRate: number;
  readonly startS?: number;
  readonly durationS?: number;
  readonly signal?: AbortSignal;
}

/** What ffmpeg prints (at -v error) on a file cut short or corrupt, while still exiting 0. */
const DAMAGE_MESSAGES = /partial file|invalid nal|corrupt|error while decoding|moov atom not found|truncat/i;

/**
 * The frames of `request`, in order, as planar RGB (0–255). Throws VIDEO_DAMAGED when ffmpeg stops on
 * an error (a truncated or corrupt file). Stopping the iteration early stops ffmpeg.
 *
 * @example
 * for await (const frame of decodeFrames(tools, { path: 'clip.mp4', widthPx: 640, heightPx: 360, frameRateText: '24/1' })) count++;
 */
export async function* decodeFrames(tools: FfmpegTools, request: DecodeRequest): AsyncGenerator<RgbImage> {
  const { widthPx: width, heightPx: height } = request;
  const args = ['-v', 'error', '-nostdin'];
  if (request.startS) args.push('-ss', String(request.startS));
  args.push(...LOCAL_FILES_ONLY, '-i', ffmpegFile(request.path));
  if (request.durationS !== undefined) args.push('-t', String(request.durationS));
  args.push('-map', '0:v:0', '-an', '-sn', '-vf', `fps=${request.frameRateText},scale=${width}:${height}:flags=bicubic,format=rgb24`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : 1)));
  });
  const onAbort = () => child.kill('SIGTERM');
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const frameBytes = width * height * 3;
  let pending: Buffer = Buffer.alloc(0);
  let finished = false;
  let frames = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= frameBytes) {
        const frame = pending.subarray(0, frameBytes);
        pending = pending.subarray(frameBytes);
        frames += 1;
        yield planarFromInterleaved(frame, width, height);
      }
    }
    const code = await exited;
    finished = true;
    throwIfAborted(request.signal, 'The video was cancelled.');
    // A truncated file decodes "successfully" up to the cut; ffmpeg only says so on stderr.
    if (code !== 0 || DAMAGE_MESSAGES.test(stderr)) {
      const reason = stderr.trim().split('\n').slice(-1).join(' ').replace(/^\[[^\]]*\]\s*/, '').trim();
      const seconds = (frames / request.frameRate).toFixed(2);
      throw new PainterlyError('VIDEO_DAMAGED', `${request.path} is truncated or damaged: ffmpeg stopped after ${frames} frames (${seconds} s) with "${reason || `exit code ${code}`}". Export or download it again, or take the part before the damage with --duration ${Math.max(0, Number(seconds) - 0.5).toFixed(1)}.`);
    }
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
    if (!finished) {
      child.kill('SIGTERM');
      await exited.catch(() => undefined);
    }
  }
}

/**
 * rgb24 bytes (RGBRGB…) as a planar float RgbImage.
 *
 * @example planarFromInterleaved(Buffer.from([255, 0, 0]), 1, 1).data // → [255, 0, 0]
 */
export function planarFromInterleaved(bytes: Uint8Array, width: number, height: number): RgbImage {
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    data[p] = bytes[3 * p];
    data[plane + p] = bytes[3 * p + 1];
    data[2 * plane + p] = bytes[3 * p + 2];
  }
  return createRgbImage(width, height, data);
}

/**
 * A planar float RgbImage as rgb24 bytes, rounded and clamped to 0–255.
 *
 * @example interleavedFromPlanar(createRgbImage(1, 1, new Float32Array([300, 0.6, -2]))) // → [255, 1, 0]
 */
export function interleavedFromPlanar(image: RgbImage): Buffer {
  const plane = image.width * image.height;
  const bytes = Buffer.allocUnsafe(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) bytes[3 * p + c] = Math.min(255, Math.max(0, Math.round(image.data[c * plane + p])));
  }
  return bytes;
}
