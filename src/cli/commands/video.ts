/**
 * `painterly video INPUT --output OUT (--model PRESET | --style IMAGE …)`: repaints a clip, frame by
 * frame, without flicker.
 */
import { basename, extname, join } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';
import { checkOutputLocation } from '../../node/image-io.js';
import { videoFormatFor } from '../../node/video/video-formats.js';
import { guardOutputs } from '../../node/output-guard.js';
import { stylizeVideo, type VideoEvent } from '../../node/video/stylize-video.js';
import { parseVideoOptions } from '../../options/video-schema.js';
import { DownloadDisplay } from '../download-display.js';
import { noticeWriter, writeJsonEvent } from '../event-writer.js';
import { formatHelp } from '../help.js';
import { fieldNamer, parseCommandLine } from '../option-spec.js';
import type { CommandContext } from './context.js';
import { VIDEO_OPTIONS } from './video-options.js';
import { VideoProgress } from './video-progress.js';

export const VIDEO_HELP = formatHelp({
  usage: 'painterly video INPUT [--output OUT.mp4] (--model PRESET | --style IMAGE …) [options]',
  summary:
    'Repaints a video clip frame by frame, keeping the strokes steady from frame to frame: the optical flow between frames (computed on the CPU with OpenCV, forward and backward) carries each painted frame into the next wherever the motion is reliable, and shot cuts start afresh. Presets take well under a second per frame; the quality engine takes seconds. ffmpeg decodes and encodes (frames go through pipes, the sound is kept); a killed run continues with --resume.',
  options: VIDEO_OPTIONS,
  notes: [
    'Needs ffmpeg and ffprobe: Debian/Ubuntu `sudo apt-get install ffmpeg`, macOS `brew install ffmpeg`, or `npm install @ffmpeg-installer/ffmpeg @ffprobe-installer/ffprobe`; or set PAINTERLY_FFMPEG / PAINTERLY_FFPROBE. See docs/video.md for the method and measurements.',
  ],
  examples: [
    'painterly video clip.mp4 --model udnie --size 640 --output clip-udnie.mp4',
    'painterly video clip.mp4 --style starry_night.jpg --network darknet-tiny --size 480 -o clip-starry.mp4',
    'painterly video long.mov --model wave --start 30 --duration 10 -o part.mp4',
    'painterly video clip.mp4 --model udnie -o clip-udnie.mp4 --resume   # after a Ctrl-C or a crash',
  ],
});

/** `painterly video`: validates, guards the output, runs, reports. */
export async function runVideoCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine(VIDEO_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(VIDEO_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new PainterlyError(
      'INVALID_OPTION',
      positionals.length === 0
        ? 'Expected a video file (INPUT) but received nothing, e.g. `painterly video clip.mp4 --model udnie -o clip-udnie.mp4`. Run `painterly video --help` for every option.'
        : `Expected one video file (INPUT) but received ${positionals.length}: ${positionals.join(' ')}. Give one clip per run.`,
    );
  }
  const [input] = positionals;
  const { json, quiet, help: _help, ...rest } = values;
  const output = typeof rest.output === 'string' ? rest.output : join(process.cwd(), `${basename(input, extname(input))}-painted.mp4`);
  const options = parseVideoOptions({ ...rest, input, output } as Parameters<typeof parseVideoOptions>[0], fieldNamer(VIDEO_OPTIONS, { input: 'INPUT' }));
  videoFormatFor(options.output);
  await checkOutputLocation(options.output);
  await guardOutputs({ inputs: [{ path: options.input, role: 'the INPUT video' }, ...(options.engine.kind === 'quality' ? options.engine.options.styles.map((path) => ({ path, role: 'a --style image' })) : [])], outputs: [{ path: options.output, role: 'the output' }] });

  const downloads = new DownloadDisplay(process.stderr, Boolean(process.stderr.isTTY) && !quiet && !json);
  const display = new VideoProgress(process.stderr, quiet || json ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines');
  const onProgress = (event: VideoEvent): void => {
    if (json) return writeJsonEvent({ ...event });
    if (event.type === 'download') return quiet ? undefined : downloads.update(event);
    if (event.type === 'start') downloads.finish();
    display.update(event);
  };
  try {
    const result = await stylizeVideo(options, { onProgress, signal: context.signal, onNotice: noticeWriter(quiet) });
    if (json) writeJsonEvent({ type: 'output', path: result.outputPath, frames: result.frames, widthPx: result.widthPx, heightPx: result.heightPx, frameRate: result.frameRate, audio: result.audio });
  } catch (error) {
    display.interrupt();
    throw error;
  }
  return 0;
}
