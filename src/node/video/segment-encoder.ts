/**
 * Encoding: frames go to ffmpeg as raw RGB on its stdin and come out as one short, silent segment
 * file. A run is a list of such segments (so a killed run resumes after the last whole one), joined
 * with the sound at the end (`assemble-video.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { PainterlyError } from '../../engine/errors.js';
import type { RgbImage } from '../../engine/image.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { ffmpegFile } from './media-file.js';
import { interleavedFromPlanar } from './frame-decoder.js';
import type { VideoFormat } from './video-formats.js';

/** An open segment: write frames, then `finish` (or `abort`). */
export interface SegmentEncoder {
  write(frame: RgbImage): Promise<void>;
  /** Closes the input and waits for ffmpeg to write the whole file. */
  finish(): Promise<void>;
  /** Stops ffmpeg; the partial file is the caller's to remove. */
  abort(): Promise<void>;
}

/** Where and how one segment is written. */
export interface SegmentRequest {
  readonly path: string;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly frameRateText: string;
  readonly format: VideoFormat;
}

/**
 * Starts ffmpeg writing a segment (Matroska, the output format's picture codec).
 *
 * @example
 * const segment = openSegmentEncoder(tools, { path: 'work/segment-0000.mkv', widthPx: 640, heightPx: 360, frameRateText: '24/1', format });
 * for (const frame of frames) await segment.write(frame);
 * await segment.finish();
 */
export function openSegmentEncoder(tools: FfmpegTools, request: SegmentRequest): SegmentEncoder {
  const args = [
    '-v', 'error', '-nostdin', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${request.widthPx}x${request.heightPx}`, '-framerate', request.frameRateText, '-i', 'pipe:0',
    ...request.format.videoCodecArgs, '-an', '-f', 'matroska', ffmpegFile(request.path),
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = exitOf(child);
  child.stdin!.on('error', () => undefined); // an early exit shows as the exit code below
  const fail = (code: number) =>
    new PainterlyError('ENCODE_FAILED', `ffmpeg could not encode the video (${stderr.trim().split('\n').pop() || `exit code ${code}`}). Check the disk space and the output format.`);
  return {
    async write(frame) {
      if (child.exitCode !== null) throw fail(child.exitCode);
      if (!child.stdin!.write(interleavedFromPlanar(frame))) await Promise.race([once(child.stdin!, 'drain'), exited]);
    },
    async finish() {
      child.stdin!.end();
      const code = await exited;
      if (code !== 0) throw fail(code);
    },
    async abort() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The exit code of `child` once it has exited (−1 when killed by a signal). */
export function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : 1)));
  });
}
