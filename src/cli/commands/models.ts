import { PainterlyError } from '../../engine/errors.js';
import { cacheRoot, downloadModel, listModels, MODEL_MIRROR_ENV } from '../../node/model-store/index.js';
import { DownloadDisplay } from '../download-display.js';
import { writeJsonEvent } from '../event-writer.js';
import { formatHelp } from '../help.js';
import { parseCommandLine, type OptionSpec } from '../option-spec.js';
import { OUTPUT_MODE_OPTIONS } from '../shared-options.js';
import type { CommandContext } from './context.js';

const MODELS_OPTIONS: readonly OptionSpec[] = OUTPUT_MODE_OPTIONS;

export const MODELS_HELP = formatHelp({
  usage: 'painterly models list | painterly models download NAME|all',
  summary:
    'Manages pretrained models in the cache ($PAINTERLY_HOME, else $XDG_CACHE_HOME/painterly, else ~/.cache/painterly). `list` shows every known model and whether it is cached; `download` fetches one (or all), resumably, checksum-verified and moved into place atomically. Set PAINTERLY_MODEL_MIRROR=DIR to copy from a local directory laid out like the remote (DIR/vgg19/<file>, DIR/fast-style/<style>/<file>).',
  options: MODELS_OPTIONS,
  examples: ['painterly models list', 'painterly models download vgg19', 'PAINTERLY_MODEL_MIRROR=/media/usb/models painterly models download all'],
});

/** `painterly models list|download`. */
export async function runModelsCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine(MODELS_OPTIONS, argv);
  const [action, ...names] = positionals;
  if (values.help || action === undefined) {
    process.stdout.write(MODELS_HELP);
    return action === undefined && !values.help ? 2 : 0;
  }
  if (action === 'list') return listCommand(Boolean(values.json));
  if (action === 'download') {
    if (names.length === 0) throw new PainterlyError('INVALID_OPTION', 'Expected a model name (or all) for `painterly models download`, e.g. `painterly models download vgg19`. `painterly models list` shows the names.');
    const display = new DownloadDisplay(process.stderr, Boolean(process.stderr.isTTY) && !values.quiet && !values.json);
    try {
      for (const name of names) {
        const paths = await downloadModel(name, {
          signal: context.signal,
          onProgress: (event) => (values.json ? writeJsonEvent({ ...event }) : values.quiet ? undefined : display.update(event)),
        });
        display.finish();
        if (values.json) writeJsonEvent({ type: 'downloaded', model: name, paths });
        else if (!values.quiet) process.stderr.write(`${name}: ready in ${paths.join(', ')}\n`);
      }
    } finally {
      display.finish();
    }
    return 0;
  }
  throw new PainterlyError('INVALID_OPTION', `Unknown models action "${action}". Use \`painterly models list\` or \`painterly models download NAME|all\`.`);
}

async function listCommand(json: boolean): Promise<number> {
  const models = await listModels();
  if (json) {
    for (const model of models) writeJsonEvent({ type: 'model', ...model });
    return 0;
  }
  const nameWidth = Math.max(...models.map((model) => model.name.length));
  const lines = [`Model cache: ${cacheRoot()}${process.env[MODEL_MIRROR_ENV] ? `  (mirror: ${process.env[MODEL_MIRROR_ENV]})` : ''}`, ''];
  for (const model of models) {
    const status = model.cached ? 'cached    ' : 'not cached';
    lines.push(`${model.name.padEnd(nameWidth)}  ${status}  ${(model.bytes / 1e6).toFixed(1).padStart(5)} MB  ${model.description}`);
  }
  const provenances = [...new Set(models.map((model) => `${model.kind === 'vgg' ? 'VGG19' : 'Fast-style presets'}: ${model.provenance}`))];
  lines.push('', ...provenances, '', 'Download with `painterly models download NAME` (or `all`).');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
