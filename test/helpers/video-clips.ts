/**
 * Small clips for video tests, made with ffmpeg in a temp folder (never committed): a pan over a real
 * photo with a tone, and the bad inputs (a variable frame rate, a truncated file, sound only).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_IMAGES } from './cli.js';

export { HAS_FFMPEG } from './required-tools.js';

function ffmpeg(args: readonly string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}

/**
 * A pan across the Golden Gate photo: `seconds` long at `fps`, `width × height`, with a 440 Hz tone
 * unless `audio` is false.
 *
 * @example const clip = makePanClip(dir, { width: 160, height: 90, seconds: 2, fps: 24 });
 */
export function makePanClip(dir: string, options: { width: number; height: number; seconds: number; fps: number; audio?: boolean; name?: string }): string {
  const path = join(dir, options.name ?? `pan-${options.width}x${options.height}.mp4`);
  const photo = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
  const pan = `scale=${options.width * 2}:-2,crop=${options.width}:${options.height}:'t*${Math.round(options.width / 4)}':${Math.round(options.height / 4)}`;
  const audio = options.audio === false ? [] : ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100'];
  ffmpeg(['-loop', '1', '-framerate', String(options.fps), '-i', photo, ...audio, '-t', String(options.seconds), '-vf', `${pan},format=yuv420p`, '-c:v', 'libx264', '-preset', 'veryfast', ...(audio.length ? ['-c:a', 'aac', '-shortest'] : []), '-movflags', '+faststart', path]);
  return path;
}

/** A clip whose frame rate changes halfway (30 then 10 frames/s): variable frame rate. */
export function makeVariableRateClip(dir: string): string {
  const parts = [30, 10].map((rate) => {
    const part = join(dir, `vfr-part-${rate}.mp4`);
    ffmpeg(['-f', 'lavfi', '-i', `testsrc=size=160x90:rate=${rate}`, '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-video_track_timescale', '90000', part]);
    return part;
  });
  const list = join(dir, 'vfr-list.txt');
  writeFileSync(list, parts.map((part) => `file '${part}'`).join('\n'));
  const path = join(dir, 'variable-rate.mp4');
  ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', path]);
  return path;
}

/** The first `share` of `clip`'s bytes: a download cut short. */
export function truncateClip(clip: string, dir: string, share: number): string {
  const bytes = readFileSync(clip);
  const path = join(dir, 'truncated.mp4');
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * share)));
  return path;
}

/** One second of a tone in an .m4a file: sound, no pictures. */
export function makeAudioOnlyFile(dir: string): string {
  const path = join(dir, 'tone.m4a');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '1', '-c:a', 'aac', path]);
  return path;
}

/** What ffprobe says of a file's streams: frame count, duration and size of the video; whether sound is there. */
export function probeStreams(path: string): { frames: number; durationS: number; width: number; height: number; frameRate: string; audio: boolean } {
  const result = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-print_format', 'json', '-show_streams', path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffprobe ${path}: ${result.stderr}`);
  const streams = (JSON.parse(result.stdout) as { streams: Array<Record<string, string | number>> }).streams;
  const video = streams.find((stream) => stream.codec_type === 'video')!;
  return {
    frames: Number(video.nb_read_frames),
    durationS: Number(video.duration),
    width: Number(video.width),
    height: Number(video.height),
    frameRate: String(video.r_frame_rate),
    audio: streams.some((stream) => stream.codec_type === 'audio'),
  };
}
