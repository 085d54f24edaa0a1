/**
 * The last step of a video run: the finished segments are joined without re-encoding (ffmpeg's concat
 * demuxer), the input's sound is added back, and the file appears at the output path atomically.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';
import { outputNotWritable } from '../atomic-write.js';
import { tempPathFor } from '../temp-files.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { ffmpegFile, LOCAL_FILES_ONLY } from './media-file.js';
import { exitOf } from './segment-encoder.js';
import type { VideoFormat } from './video-formats.js';

/** What goes into the output file. */
export interface AssembleRequest {
  readonly outputPath: string;
  readonly format: VideoFormat;
  /** Segment files in order, each a run of whole frames, all in the list file's folder. */
  readonly segmentPaths: readonly string[];
  /** The list file the concat demuxer reads (written here; it names the segments relative to itself). */
  readonly listPath: string;
  /** Exact length of the picture: frames / frame rate. */
  readonly durationS: number;
  /** The input and the part of it that was repainted, when its sound is kept. */
  readonly audio?: { readonly inputPath: string; readonly codec: string; readonly startS: number; readonly trimmed: boolean };
}

/**
 * Writes the output: pictures copied from the segments, sound from the input (copied when the
 * container takes its codec and the whole clip was used, re-encoded otherwise), cut to the picture's
 * length. The file is written to a temp file beside the output and renamed over it, so a failure leaves
 * what was there before.
 *
 * @example
 * await assembleVideo(tools, { outputPath: 'out.mp4', format, segmentPaths, listPath, durationS: 5, audio: { inputPath: 'in.mp4', codec: 'aac', startS: 0, trimmed: false } });
 */
export async function assembleVideo(tools: FfmpegTools, request: AssembleRequest): Promise<void> {
  const target = resolve(request.outputPath);
  await fs.writeFile(request.listPath, concatList(request.listPath, request.segmentPaths));
  const args = ['-v', 'error', '-nostdin', '-y', '-f', 'concat', ...LOCAL_FILES_ONLY, '-i', ffmpegFile(request.listPath)];
  const { audio, format } = request;
  if (audio) {
    if (audio.startS > 0) args.push('-ss', String(audio.startS));
    args.push(...LOCAL_FILES_ONLY, '-i', ffmpegFile(audio.inputPath));
  }
  args.push('-map', '0:v:0', '-c:v', 'copy');
  if (audio) {
    const copy = !audio.trimmed && format.copyableAudio.includes(audio.codec);
    args.push('-map', '1:a:0', ...(copy ? ['-c:a', 'copy'] : format.audioEncoder));
  }
  const tempPath = tempPathFor(target);
  args.push('-t', request.durationS.toFixed(6), ...format.muxerArgs, '-f', format.muxer, ffmpegFile(tempPath));
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  try {
    const code = await exitOf(child);
    if (code !== 0) throw new PainterlyError('ENCODE_FAILED', `ffmpeg could not write ${request.outputPath} (${stderr.trim().split('\n').pop() || `exit code ${code}`}). Check the disk space; the finished frames are kept, so --resume continues from them.`);
    await fs.rename(tempPath, target).catch((error: unknown) => {
      throw outputNotWritable(target, error);
    });
  } finally {
    await fs.rm(tempPath, { force: true }).catch(() => undefined);
  }
}

/**
 * The concat demuxer's list: the segments by bare file name, which the demuxer resolves against the
 * list's own folder. So the folder's name (the output's, which may hold quotes or newlines) never
 * enters the file, and the default safe mode holds (no `-safe 0`).
 *
 * @example concatList('/v/.o.mp4.painterly-video/segments.txt', ['/v/.o.mp4.painterly-video/segment-00000.mkv']) // → "file 'segment-00000.mkv'\n"
 */
export function concatList(listPath: string, segmentPaths: readonly string[]): string {
  const folder = dirname(resolve(listPath));
  return segmentPaths
    .map((path) => {
      const name = basename(path);
      if (dirname(resolve(path)) !== folder || !/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`concatList: ${path} is not a plain file name in ${folder}`);
      return `file '${name}'\n`;
    })
    .join('');
}
