/**
 * The video files Painterly writes, chosen by the output's extension: the muxer, the picture codec and
 * what the sound becomes.
 */
import { extname } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';

/** How one kind of output file is written. */
export interface VideoFormat {
  /** ffmpeg's muxer name (`-f`). */
  readonly muxer: string;
  /** Picture codec options (after the input, before the output). */
  readonly videoCodecArgs: readonly string[];
  /** Sound codecs this container takes as they are (`-c:a copy`); others are re-encoded to `audioEncoder`. */
  readonly copyableAudio: readonly string[];
  readonly audioEncoder: readonly string[];
  /** Extra muxer options for the final file. */
  readonly muxerArgs: readonly string[];
}

const H264 = ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p'] as const;

/** Output formats by extension. */
export const VIDEO_FORMATS: Readonly<Record<string, VideoFormat>> = {
  '.mp4': { muxer: 'mp4', videoCodecArgs: H264, copyableAudio: ['aac', 'mp3', 'alac'], audioEncoder: ['-c:a', 'aac', '-b:a', '192k'], muxerArgs: ['-movflags', '+faststart'] },
  '.m4v': { muxer: 'mp4', videoCodecArgs: H264, copyableAudio: ['aac', 'mp3', 'alac'], audioEncoder: ['-c:a', 'aac', '-b:a', '192k'], muxerArgs: ['-movflags', '+faststart'] },
  '.mov': { muxer: 'mov', videoCodecArgs: H264, copyableAudio: ['aac', 'mp3', 'alac', 'pcm_s16le'], audioEncoder: ['-c:a', 'aac', '-b:a', '192k'], muxerArgs: ['-movflags', '+faststart'] },
  '.mkv': { muxer: 'matroska', videoCodecArgs: H264, copyableAudio: ['aac', 'mp3', 'opus', 'vorbis', 'flac', 'ac3', 'alac', 'pcm_s16le'], audioEncoder: ['-c:a', 'aac', '-b:a', '192k'], muxerArgs: [] },
  '.webm': { muxer: 'webm', videoCodecArgs: ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '32', '-deadline', 'good', '-cpu-used', '4', '-row-mt', '1', '-pix_fmt', 'yuv420p'], copyableAudio: ['opus', 'vorbis'], audioEncoder: ['-c:a', 'libopus', '-b:a', '128k'], muxerArgs: [] },
};

/**
 * The format of output `path`; INVALID_OPTION listing the extensions when it has another.
 *
 * @example videoFormatFor('out.mp4').muxer // → 'mp4'
 */
export function videoFormatFor(path: string): VideoFormat {
  const format = VIDEO_FORMATS[extname(path).toLowerCase()];
  if (!format) {
    throw new PainterlyError('INVALID_OPTION', `Expected an output ending in ${Object.keys(VIDEO_FORMATS).join(', ')} for --output but received ${path}. Name the file e.g. ${path.replace(/\.[^./]*$/, '')}.mp4.`);
  }
  return format;
}
