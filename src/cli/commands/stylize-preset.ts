import { PainterlyError } from '../../engine/errors.js';
import { parseOptions } from '../../options/parse-options.js';
import { presetOptionsSchema } from '../../options/preset-schema.js';
import { checkOutputWritable, writeImage } from '../../node/image-io.js';
import { guardOutputs } from '../../node/output-guard.js';
import { stylizeWithPreset, type PresetEvent } from '../../node/stylize-preset.js';
import { DownloadDisplay } from '../download-display.js';
import { noticeWriter, writeJsonEvent } from '../event-writer.js';
import { fieldNamer } from '../option-spec.js';
import { defaultOutputPath } from '../output-paths.js';
import type { CommandContext } from './context.js';
import { STYLIZE_OPTIONS } from './stylize-options.js';

/** Fields of `stylize` that only the fast presets read. */
export const PRESET_ONLY_FIELDS = ['tileSize'] as const;
/** Fields of `stylize` that both engines read. */
const SHARED_FIELDS = new Set(['content', 'model', 'size', 'originalColors', 'strength', 'threads', 'device', 'maxPixels', ...PRESET_ONLY_FIELDS]);

/**
 * `painterly stylize CONTENT --model NAME`: a pretrained fast-style preset, about a second per
 * image. Options of the quality engine are refused with a pointer to the right flags.
 */
export async function runPresetStylize(
  values: Record<string, unknown>,
  content: string,
  context: CommandContext,
): Promise<number> {
  const { json, quiet, output, help: _help, ...rest } = values;
  const misplaced = Object.keys(rest).filter((field) => !SHARED_FIELDS.has(field));
  if (misplaced.length > 0) {
    const flags = misplaced.map(fieldNamer(STYLIZE_OPTIONS));
    throw new PainterlyError(
      'INVALID_OPTION',
      `${flags.join(', ')} ${flags.length === 1 ? 'belongs' : 'belong'} to the quality engine, not to --model presets. Drop ${flags.length === 1 ? 'it' : 'them'}, or use --style IMAGE instead of --model.`,
    );
  }
  const options = parseOptions(presetOptionsSchema, { ...rest, content });
  const outputPath = typeof output === 'string' ? output : defaultOutputPath(content);
  await checkOutputWritable(outputPath);
  await guardOutputs({ inputs: [{ path: options.content, role: 'the CONTENT image' }], outputs: [{ path: outputPath, role: 'the output' }] });
  const downloads = new DownloadDisplay(process.stderr, Boolean(process.stderr.isTTY) && !quiet && !json);
  const started = Date.now();
  const onProgress = (event: PresetEvent): void => {
    if (json) writeJsonEvent({ ...event });
    else if (event.type === 'download' && !quiet) downloads.update(event);
    else if (event.type === 'load') downloads.finish();
    else if (event.type === 'tile' && !quiet && event.count > 1 && process.stderr.isTTY) {
      process.stderr.write(`\rtile ${event.index}/${event.count}\x1b[K${event.index === event.count ? '\n' : ''}`);
    }
  };
  const image = await stylizeWithPreset(options, { onProgress, signal: context.signal, onNotice: noticeWriter(quiet) });
  await writeImage(outputPath, image);
  const elapsedMs = Date.now() - started;
  if (json) {
    writeJsonEvent({ type: 'done', model: options.model, width: image.rgb.width, height: image.rgb.height, elapsedMs });
    writeJsonEvent({ type: 'output', path: outputPath });
  } else if (!quiet) {
    process.stderr.write(`Wrote ${outputPath} (${image.rgb.width}×${image.rgb.height}, preset ${options.model}, ${(elapsedMs / 1000).toFixed(1)} s)\n`);
  }
  return 0;
}
