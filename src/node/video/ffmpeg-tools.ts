/**
 * Finding ffmpeg and ffprobe. Painterly decodes and encodes video through them (frames cross as raw
 * RGB through pipes); it does not bundle them. Looked for, in order: PAINTERLY_FFMPEG / PAINTERLY_FFPROBE,
 * the PATH (Debian's `ffmpeg` package brings both), then the optional npm packages
 * `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe` (static binaries inside npm packages).
 * docs/video.md weighs the two ways.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';

/** The two programs video work needs, as absolute paths (or names found on the PATH). */
export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

/** How to get ffmpeg, in words for the error a user sees. */
export const FFMPEG_INSTALL_HINT =
  'Install ffmpeg (it brings ffprobe): `sudo apt-get install ffmpeg` on Debian/Ubuntu, `brew install ffmpeg` on macOS, ' +
  'or `npm install @ffmpeg-installer/ffmpeg @ffprobe-installer/ffprobe` next to Painterly; ' +
  'or point PAINTERLY_FFMPEG and PAINTERLY_FFPROBE at the programs.';

let found: FfmpegTools | undefined;

/**
 * The ffmpeg and ffprobe to use, found once per process; a PainterlyError FFMPEG_MISSING saying how
 * to install them when either is missing or does not run.
 *
 * @example
 * const { ffmpeg, ffprobe } = findFfmpegTools(); // e.g. { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' }
 */
export function findFfmpegTools(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  if (found && env === process.env) return found;
  const tools = { ffmpeg: locate('ffmpeg', env), ffprobe: locate('ffprobe', env) };
  if (env === process.env) found = tools;
  return tools;
}

function locate(program: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv): string {
  const variable = program === 'ffmpeg' ? 'PAINTERLY_FFMPEG' : 'PAINTERLY_FFPROBE';
  const configured = env[variable];
  if (configured !== undefined && configured !== '') {
    if (!runs(configured)) {
      throw new PainterlyError('FFMPEG_MISSING', `${variable} is set to ${configured}, but that does not run as ${program}. Fix the path or unset ${variable}. ${FFMPEG_INSTALL_HINT}`);
    }
    return configured;
  }
  const candidates = [...onPath(program, env.PATH ?? ''), ...fromPackage(program)];
  const usable = candidates.find(runs);
  if (!usable) throw new PainterlyError('FFMPEG_MISSING', `Video needs ${program}, and none was found on this machine. ${FFMPEG_INSTALL_HINT}`);
  return usable;
}

function onPath(program: string, path: string): string[] {
  return path
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, program))
    .filter((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** The binary of the optional npm package, when it is installed. */
function fromPackage(program: 'ffmpeg' | 'ffprobe'): string[] {
  const name = program === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
  try {
    const module = createRequire(import.meta.url)(name) as { path?: unknown };
    return typeof module.path === 'string' ? [module.path] : [];
  } catch {
    return [];
  }
}

function runs(file: string): boolean {
  const result = spawnSync(file, ['-version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  return result.status === 0 && /version/i.test(String(result.stdout));
}
