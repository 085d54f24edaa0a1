import { existsSync } from 'node:fs';
import { isPainterlyError, PainterlyError } from '../../engine/errors.js';
import { checkpointPathFor, removeCheckpoint } from '../../node/checkpoint-file.js';
import { parseOptions } from '../../options/parse-options.js';
import { withImportedNetwork } from '../imported-network.js';
import { stylizeOptionsSchema } from '../../options/stylize-schema.js';
import { checkOutputWritable, writeImage } from '../../node/image-io.js';
import { guardOutputs } from '../../node/output-guard.js';
import { stylize, type StylizeEvent } from '../../node/stylize.js';
import { noticeWriter, writeJsonEvent } from '../event-writer.js';
import { formatHelp } from '../help.js';
import { fieldNamer, parseCommandLine } from '../option-spec.js';
import { defaultOutputPath, snapshotPath } from '../output-paths.js';
import { ProgressDisplay } from '../progress-display.js';
import { SnapshotWriter } from '../snapshot-writer.js';
import type { CommandContext } from './context.js';
import { STYLIZE_OPTIONS } from './stylize-options.js';
import { PRESET_ONLY_FIELDS, runPresetStylize } from './stylize-preset.js';

export const STYLIZE_HELP = formatHelp({
  usage: 'painterly stylize CONTENT (--style STYLE [--style STYLE2 …] | --model PRESET) [--output OUT] [options]',
  summary:
    'Repaints the CONTENT photo in the style of one or more paintings by optimizing an image against a VGG19 network (Gatys et al.): J = α·J_content + β·J_style + γ·TV, content read at conv4_2, style as Gram matrices over conv1_1…conv5_1.',
  options: STYLIZE_OPTIONS,
  notes: [
    'Weights: the real look needs the ImageNet VGG19 (`painterly models download vgg19`, 80 MB, once). Without it, --weights random runs offline with untrained weights: it shows texture transfer but is clearly lower quality.',
    'Speed: each iteration runs one fused ONNX Runtime graph (forward, costs and backward); a step at 512 px takes about a second on 2 cores, one at 128 px a sixteenth of that. Above 256 px the run goes coarse to fine (--scales), so the default 500 iterations at 512 px take about two minutes.',
    'Big pictures: scales that exceed --max-memory are optimized in moving tiles; Ctrl-C (or a crash) leaves OUTPUT.checkpoint, and the same command with --resume continues.',
  ],
  examples: [
    'painterly stylize photo.jpg --model udnie --output photo-udnie.jpg            # fast preset, ~1 s',
    'painterly stylize photo.jpg --style starry_night.jpg --output photo-starry.png',
    'painterly stylize photo.jpg --style wave.jpg --style scream.jpg --style-blend-weights 3,1 --size 384 --iterations 300',
    'painterly stylize photo.jpg --style starry_night.jpg --original-colors --tv-weight 0.01 --save-every 50 -o out.png',
    'painterly stylize photo.jpg --style starry_night.jpg --weights random --size 256 --iterations 200 -o trial.png',
    'painterly stylize photo.jpg --style starry_night.jpg --size 2048 --iterations 800 -o print.png   # Ctrl-C, then add --resume to continue',
  ],
});

/** `painterly stylize`: parses, validates, checks every output (never an input) before computing, runs, writes atomically. */
export async function runStylizeCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine(STYLIZE_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(STYLIZE_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new PainterlyError(
      'INVALID_OPTION',
      positionals.length === 0
        ? 'Expected a CONTENT image, e.g. `painterly stylize photo.jpg --style painting.jpg`. Run `painterly stylize --help` for every option.'
        : `Expected one CONTENT image but received ${positionals.length}: ${positionals.join(' ')}. Style images go after --style.`,
    );
  }
  if (values.model !== undefined) return runPresetStylize(values, positionals[0], context);
  const presetOnly = PRESET_ONLY_FIELDS.filter((field) => values[field] !== undefined);
  if (presetOnly.length > 0) {
    throw new PainterlyError('INVALID_OPTION', '--tile-size applies to fast presets: add --model PRESET (see `painterly models list`).');
  }
  const { json, quiet, output, help: _help, ...rest } = await withImportedNetwork(values);
  const nameOf = fieldNamer(STYLIZE_OPTIONS, { content: 'the CONTENT image' });
  const outputPath = typeof output === 'string' ? output : defaultOutputPath(positionals[0]);
  const checkpoint = checkpointPathFor(outputPath);
  const options = parseOptions(stylizeOptionsSchema, { ...rest, content: positionals[0], styles: values.styles ?? [], checkpoint }, nameOf);
  await checkOutputWritable(outputPath);
  await guardOutputs({
    inputs: [
      { path: options.content, role: 'the CONTENT image' },
      ...options.styles.map((path) => ({ path, role: 'the --style image' })),
      ...(options.initImage ? [{ path: options.initImage, role: 'the --init-image' }] : []),
      ...(options.networkChoice.kind === 'file' ? [{ path: options.networkChoice.path, role: 'the --network file' }] : []),
    ],
    outputs: [
      { path: outputPath, role: 'the output' },
      { path: checkpoint, role: 'the run\'s checkpoint, OUTPUT.checkpoint', fix: 'Choose another --output (the checkpoint is written next to it), or move that path away.' },
    ],
    snapshots: options.saveEvery > 0 ? { output: outputPath, every: options.saveEvery, iterations: options.iterations } : undefined,
  });
  if (!options.resume && !quiet && !json && existsSync(checkpoint)) {
    process.stderr.write(`Note: ${checkpoint} holds an interrupted run; this fresh run replaces it at its first checkpoint. To continue that run instead, stop now and add --resume.\n`);
  }

  const display = new ProgressDisplay(process.stderr, quiet || json ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines');
  const snapshots = new SnapshotWriter();
  const onProgress = (event: StylizeEvent): void => {
    if (event.type === 'snapshot') {
      const path = snapshotPath(outputPath, event.iteration);
      snapshots.write(path, { rgb: event.image, alpha: event.alpha }, () => {
        if (json) writeJsonEvent({ type: 'snapshot', iteration: event.iteration, path });
      });
      return;
    }
    if (json) writeJsonEvent({ ...event });
    display.update(event);
  };
  try {
    const image = await stylize(options, { onProgress, signal: AbortSignal.any([context.signal, snapshots.signal]), onNotice: noticeWriter(quiet) });
    await snapshots.finish();
    await writeImage(outputPath, image);
    await removeCheckpoint(checkpoint);
  } catch (error) {
    display.interrupt();
    await snapshots.finish().catch(() => undefined);
    if (isPainterlyError(error) && error.code === 'ABORTED' && existsSync(checkpoint)) {
      throw new PainterlyError('ABORTED', `${error.message} Its progress is saved in ${checkpoint}: run the same command with --resume to continue.`);
    }
    throw snapshots.error ?? error;
  }
  if (json) writeJsonEvent({ type: 'output', path: outputPath });
  else if (!quiet) process.stderr.write(`Wrote ${outputPath}\n`);
  return 0;
}
