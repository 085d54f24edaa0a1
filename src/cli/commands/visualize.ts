import { join } from 'node:path';
import { PainterlyError, throwIfAborted } from '../../engine/errors.js';
import { parseOptions } from '../../options/parse-options.js';
import { checkOutputWritable } from '../../node/image-io.js';
import { describeWeights } from '../../engine/network/describe.js';
import { writePatchGrid } from '../../node/patch-grid.js';
import { resolveNetworkWeights } from '../../node/resolve-weights.js';
import { chooseNetwork, networkEntryOf } from '../../options/network-choice.js';
import { withImportedNetwork } from '../imported-network.js';
import { guardOutputs } from '../../node/output-guard.js';
import { listImageFiles } from '../../node/visualize-images.js';
import { visualizeFolder, type VisualizeEvent, type VisualizeResult } from '../../node/visualize.js';
import { errorText } from '../error-text.js';
import { noticeWriter, writeJsonEvent } from '../event-writer.js';
import { formatHelp } from '../help.js';
import { fieldNamer, parseCommandLine } from '../option-spec.js';
import { formatDuration } from '../progress-display.js';
import type { CommandContext } from './context.js';
import { parseUnitList, VISUALIZE_OPTIONS, visualizeCliSchema } from './visualize-options.js';

export const VISUALIZE_HELP = formatHelp({
  usage: 'painterly visualize --layer LAYER --images DIR [--units LIST | --top-units N] [--output grid.png] [options]',
  summary:
    'Shows what the units of a feature network (VGG19, Darknet Tiny, or a weights file) respond to: runs every image in DIR through the network to LAYER and, for each unit, finds the nine strongest activations over all images and positions (at most one per neighbourhood, so they are not the same patch nine times). Each is drawn as the exact patch of the image the unit sees — its receptive field — in a grid with one row per unit.',
  options: VISUALIZE_OPTIONS,
  notes: [
    'In VGG19, shallow layers (conv1_x) see 3–5 px and react to colours and edges; deeper layers see more (conv3_1: 24 px, conv4_1: 68 px, conv5_1: 156 px) and react to textures and parts — see docs/visualize.md.',
    'Memory stays bounded for any number of images: only the nine best records per unit are kept. `--json` prints progress events and, per unit, the records {image, x, y, activation, box} (x, y: position in the activation grid; box: the receptive field in pixels of the resized image).',
  ],
  examples: [
    'painterly visualize --layer conv1_1 --units 0-15 --images photos/ --output conv1_1.png',
    'painterly visualize --layer conv3_1 --top-units 12 --images photos/ --pooling max -o conv3_1-top.png',
    'painterly visualize --layer conv2_1 --units 3,7,9-11 --images photos/ --weights random --json > records.jsonl',
  ],
});

/** `painterly visualize`: validates, checks the output, runs the folder, draws the grid, prints records with --json. */
export async function runVisualizeCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine(VISUALIZE_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(VISUALIZE_HELP);
    return 0;
  }
  if (positionals.length > 0) {
    throw new PainterlyError('INVALID_OPTION', `Unexpected argument ${positionals.join(' ')}: the images folder goes after --images, e.g. \`painterly visualize --layer conv1_1 --images ${positionals[0]}\`.`);
  }
  if (values.layer === undefined || values.images === undefined) {
    throw new PainterlyError('INVALID_OPTION', `Expected ${values.layer === undefined ? 'a layer (--layer conv1_1 … conv5_4 for VGG19, conv1 … conv15 for Darknet Tiny)' : 'a folder of images (--images DIR)'} but received nothing, e.g. \`painterly visualize --layer conv2_1 --images photos/\`. Run \`painterly visualize --help\` for every option.`);
  }
  const { json, quiet, help: _help, ...rest } = await withImportedNetwork(values);
  const options = parseOptions(visualizeCliSchema, rest, fieldNamer(VISUALIZE_OPTIONS));
  const units = options.units === undefined ? undefined : parseUnitList(options.units);
  const outputPath = options.output ?? join(process.cwd(), `visualize-${options.layer}.png`);
  await checkOutputWritable(outputPath);
  const choice = chooseNetwork(options.network, options.weights, options.preprocessing);
  const images = await listImageFiles(options.images).catch(() => [] as string[]); // visualizeFolder words a bad folder
  await guardOutputs({
    inputs: [...images.map((path) => ({ path, role: 'one of the --images' })), ...(choice.kind === 'file' ? [{ path: choice.path, role: 'the --network file' }] : [])],
    outputs: [{ path: outputPath, role: 'the grid' }],
  });
  const weights = await resolveNetworkWeights(choice, options.layer);
  const pooling = options.pooling ?? networkEntryOf(choice).defaults.pooling;

  const display = new VisualizeProgress(process.stderr, quiet || json ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines');
  const onProgress = (event: VisualizeEvent): void => {
    if (json) writeJsonEvent({ ...event });
    display.update(event);
  };
  let result: VisualizeResult;
  try {
    result = await visualizeFolder(
      { images: options.images, layer: options.layer, units, topUnits: options.topUnits, sizePx: options.size, weights, pooling, threads: options.threads, device: options.device, maxPixels: options.maxPixels },
      { onProgress, signal: context.signal, onNotice: noticeWriter(quiet) },
    );
  } catch (error) {
    display.interrupt();
    throw error;
  }
  // A Ctrl-C after the last image still cancels: nothing is written (writePatchGrid checks again before writing).
  throwIfAborted(context.signal, 'The visualization was cancelled; no grid was written.');
  const grid = await writePatchGrid(outputPath, result, { maxPixels: options.maxPixels, signal: context.signal });
  if (json) {
    for (const unit of result.units) writeJsonEvent({ type: 'unit', layer: result.layer, unit: unit.unit, maxActivation: unit.records[0]?.activation ?? 0, records: unit.records });
    writeJsonEvent({ type: 'output', path: outputPath, widthPx: grid.widthPx, heightPx: grid.heightPx });
  } else if (!quiet) {
    process.stderr.write(`Wrote ${outputPath} (${grid.widthPx}×${grid.heightPx} px, ${result.units.length} units × up to 9 patches)\n`);
  }
  return 0;
}

/** Progress of a visualization on stderr: a redrawn bar on a terminal, a line per tenth otherwise. */
class VisualizeProgress {
  private lastDrawMs = 0;
  private lastTenth = -1;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly mode: 'bar' | 'lines' | 'quiet',
  ) {}

  update(event: VisualizeEvent): void {
    if (this.mode === 'quiet') return;
    if (event.type === 'start') {
      this.stream.write(`Visualizing ${event.layer} over ${event.images} images at ${event.sizePx} px with ${describeWeights({ networkName: event.network, source: event.weights, pretrained: event.pretrained })}\n`);
    } else if (event.type === 'skip') {
      this.interrupt();
      this.stream.write(`Skipped ${event.path}: ${errorText({ message: event.reason, option: event.option }, VISUALIZE_OPTIONS)}\n`);
    } else if (event.type === 'image') {
      this.image(event.index, event.images, event.elapsedMs);
    } else {
      this.interrupt();
      const rate = event.elapsedMs > 0 ? ((event.images + event.skipped) / event.elapsedMs) * 1000 : 0;
      this.stream.write(`Done: ${event.images} images in ${formatDuration(event.elapsedMs)} (${rate.toFixed(1)} images/s)${event.skipped ? `, ${event.skipped} skipped` : ''}\n`);
    }
  }

  /** Ends the bar's line, e.g. before an error message. */
  interrupt(): void {
    if (this.mode === 'bar' && this.lastDrawMs > 0) this.stream.write('\n');
    this.lastDrawMs = 0;
  }

  private image(index: number, total: number, elapsedMs: number): void {
    const rate = elapsedMs > 0 ? (index / elapsedMs) * 1000 : 0;
    const eta = rate > 0 ? formatDuration(((total - index) / rate) * 1000) : '--:--';
    const text = `${String(index).padStart(String(total).length)}/${total} images  ${rate.toFixed(1)} images/s  ETA ${eta}`;
    if (this.mode === 'bar') {
      const now = Date.now();
      if (now - this.lastDrawMs < 100 && index < total) return;
      this.lastDrawMs = now;
      const filled = Math.round((index / total) * 24);
      this.stream.write(`\r[${'█'.repeat(filled)}${'░'.repeat(24 - filled)}] ${text}\x1b[K`);
      return;
    }
    const tenth = Math.floor((index / total) * 10);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`${text}\n`);
  }
}
