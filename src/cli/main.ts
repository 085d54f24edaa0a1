import { isPainterlyError } from '../engine/errors.js';
import { isStdoutClosed, watchStdout } from './event-writer.js';
import { errorText } from './error-text.js';
import type { CommandContext } from './commands/context.js';
import type { OptionSpec } from './option-spec.js';

/** Exit code of a process stopped because its output pipe closed (128 + SIGPIPE), as shells report it. */
const SIGPIPE_EXIT_CODE = 141;

type Command = (argv: readonly string[], context: CommandContext) => Promise<number>;

/**
 * Each command's module, loaded when that command runs: `painterly --version` or `models list` never
 * load ONNX Runtime, sharp or the hosted service's clients (about a second of start-up each time).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  stylize: async () => (await import('./commands/stylize.js')).runStylizeCommand,
  models: async () => (await import('./commands/models.js')).runModelsCommand,
  visualize: async () => (await import('./commands/visualize.js')).runVisualizeCommand,
  video: async () => (await import('./commands/video.js')).runVideoCommand,
  'contact-sheet': async () => (await import('./commands/contact-sheet.js')).runContactSheetCommand,
  serve: async () => (await import('./commands/serve.js')).runServeCommand,
  worker: async () => (await import('./commands/worker.js')).runWorkerCommand,
};

/** Every command's flags, to show the option an error is about as the flag the user types (loaded on an error only). */
async function allOptions(): Promise<readonly OptionSpec[]> {
  const [stylize, video, visualize, serve] = await Promise.all([
    import('./commands/stylize-options.js'),
    import('./commands/video-options.js'),
    import('./commands/visualize-options.js'),
    import('./commands/serve-options.js'),
  ]);
  return [...stylize.STYLIZE_OPTIONS, ...video.VIDEO_OPTIONS, ...visualize.VISUALIZE_OPTIONS, ...serve.SERVE_OPTIONS];
}

const MAIN_HELP = `Painterly — neural style transfer on ONNX Runtime.

Usage: painterly <command> [options]

Commands:
  stylize CONTENT --style STYLE …      Repaint a photo in the style of paintings (Gatys optimization)
  stylize CONTENT --model PRESET       The same with a pretrained fast network, in about a second
  video CLIP --model PRESET|--style S  Repaint a video without flicker (ffmpeg; sound kept; --resume)
  contact-sheet --content A --model all  Every photo in every style, in one labelled grid
  models list                           Show pretrained models and whether they are cached
  models download NAME|all              Fetch pretrained models (resumable, checksum-verified)
  serve [--port 8787] [--open]          Open the studio: a local web page with a job queue and gallery
  serve|worker --redis --database --storage  A hosted deployment's API node or worker (docs/service.md)
  visualize --layer L --images DIR      Show the image patches that most excite a layer's units

Run \`painterly <command> --help\` for a command's options, defaults and examples.

Example:
  painterly models download vgg19
  painterly stylize photo.jpg --style starry_night.jpg --output photo-starry.png
`;

/**
 * The CLI entry point: runs a command and returns the exit code. Errors a user can fix are printed
 * as their message (no stack): exit 2 for usage errors (and a checkpoint --resume cannot use), 1 otherwise, 130 when cancelled.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${await version()}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`painterly: unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run \`painterly --help\`.\n`);
    return 2;
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  watchStdout(cancel);
  try {
    const run = await load();
    return await run(rest, { signal: controller.signal });
  } catch (error) {
    // The reader of stdout went away (e.g. `| head`): stop quietly, as a pipeline expects.
    if (isStdoutClosed()) return SIGPIPE_EXIT_CODE;
    return await reportError(error, controller.signal.aborted);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

async function reportError(error: unknown, aborted: boolean): Promise<number> {
  if (isPainterlyError(error)) {
    process.stderr.write(`painterly: ${errorText(error, await allOptions())}\n`);
    if (error.code === 'ABORTED' || aborted) return 130;
    return error.code === 'INVALID_OPTION' || error.code === 'CHECKPOINT_INVALID' ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`painterly: unexpected error: ${message}\n`);
  if (process.env.PAINTERLY_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Set PAINTERLY_DEBUG=1 to see the stack trace, and please report it.\n');
  return 1;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
