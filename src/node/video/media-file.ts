/**
 * Paths handed to ffmpeg and ffprobe are local files, never ffmpeg syntax. A name such as `-report`
 * is an option to ffmpeg, `pipe:0`, `concat:a.mp4|b.mp4` or `http://…` a protocol, and `file:clip.mp4`
 * opens `clip.mp4`. So every path is resolved to an absolute one, checked to be a regular file (a named
 * pipe would block ffprobe, a device never ends), and given to ffmpeg as `file:` + that absolute path,
 * with only the `file` protocol allowed for it (`-protocol_whitelist file`, so a playlist inside the
 * file cannot fetch URLs either). The output-vs-input guard compares the same resolved file.
 */
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import { resolve } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';
import { errnoCode } from '../atomic-write.js';

/** ffmpeg options that, put before an input's `-i`, keep it to local files. */
export const LOCAL_FILES_ONLY = ['-protocol_whitelist', 'file'] as const;

/**
 * `path` as ffmpeg must be given it to open exactly that local file: `file:` + its absolute path.
 *
 * @example ffmpegFile('-report') // → 'file:/home/me/clips/-report' (run in /home/me/clips)
 * @example ffmpegFile('http://example.com/a.mp4') // → 'file:/home/me/clips/http:/example.com/a.mp4'
 */
export function ffmpegFile(path: string): string {
  return `file:${resolve(path)}`;
}

/**
 * Checks that `path` (given as `name`, e.g. `input`) is a regular file ffmpeg may read, and returns its
 * absolute path. Missing, a folder, a named pipe, device or socket: INVALID_OPTION naming the problem
 * and the fix. Nothing is opened (opening a named pipe blocks).
 *
 * @example await checkLocalVideo('clip.mp4', 'input') // → '/home/me/clips/clip.mp4'
 */
export async function checkLocalVideo(path: string, name: string): Promise<string> {
  const absolute = resolve(path);
  let stats: Stats;
  try {
    stats = await fs.stat(absolute);
  } catch (error) {
    const code = errnoCode(error);
    const looksLikeUrl = /^[a-z][a-z0-9+.-]*:/i.test(path);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const hint = looksLikeUrl ? ' Only local files are read (never URLs or ffmpeg protocols): download the video first and give its file.' : ' Check the path.';
      throw new PainterlyError('INVALID_OPTION', `Cannot read the video ${path} (${name}): there is no such file (${absolute}).${hint}`);
    }
    throw new PainterlyError('INVALID_OPTION', `Cannot read the video ${path} (${name}): ${code ?? String(error)}. Check the path and its permissions.`);
  }
  if (!stats.isFile()) {
    const what = stats.isDirectory() ? 'a folder' : 'not a regular file (a named pipe, device or socket, which ffmpeg would wait on)';
    throw new PainterlyError('INVALID_OPTION', `Cannot read the video ${path} (${name}): it is ${what}. Save the video to a file first and give that file.`);
  }
  return absolute;
}
