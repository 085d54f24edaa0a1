import { NETWORK_IDS, NETWORKS } from '../../engine/network/registry.js';
import { PainterlyError, isPainterlyError } from '../../engine/errors.js';
import { cacheRoot, cacheRootProblem, downloadModel, findModel, listModels, MODEL_MIRROR_ENV, type ModelSummary } from '../../node/model-store/index.js';
import { DownloadDisplay } from '../download-display.js';
import { writeJsonEvent } from '../event-writer.js';
import { formatHelp } from '../help.js';
import { parseCommandLine, type OptionSpec } from '../option-spec.js';
import { OUTPUT_MODE_OPTIONS } from '../shared-options.js';
import type { CommandContext } from './context.js';

const MODELS_OPTIONS: readonly OptionSpec[] = [
  { flag: 'force', field: 'force', kind: 'boolean', group: 'Download', description: 'Download every file again, even if cached (repairs a model `models list` calls damaged).' },
  ...OUTPUT_MODE_OPTIONS,
];

export const MODELS_HELP = formatHelp({
  usage: 'painterly models list | painterly models download NAME|all [--force]',
  summary:
    'Manages pretrained models in the cache ($PAINTERLY_HOME, else $XDG_CACHE_HOME/painterly, else ~/.cache/painterly). `list` shows every known model and whether it is cached, not cached or damaged (a file fails its checksum); `download` fetches one (or all), resumably, checksum-verified and moved into place atomically; concurrent downloads of one model wait for each other and share it. Set PAINTERLY_MODEL_MIRROR=DIR to copy from a local directory laid out like the remote (DIR/vgg19/<file>, DIR/fast-style/<style>/<file>, DIR/darknet/tiny/<file>).',
  options: MODELS_OPTIONS,
  examples: [
    'painterly models list',
    'painterly models download vgg19',
    'painterly models download udnie --force',
    'PAINTERLY_MODEL_MIRROR=/media/usb/models painterly models download all',
  ],
});

/** An unknown model name is a usage error (exit 2), listing the names. */
function checkName(name: string): void {
  if (name === 'all') return;
  try {
    findModel(name);
  } catch (error) {
    if (isPainterlyError(error) && error.code === 'MODEL_UNKNOWN') throw new PainterlyError('INVALID_OPTION', `${error.message} Or use \`all\`.`, { cause: error });
    throw error;
  }
}

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
    names.forEach(checkName);
    const json = Boolean(values.json);
    const quiet = Boolean(values.quiet);
    const display = new DownloadDisplay(process.stderr, Boolean(process.stderr.isTTY) && !quiet && !json);
    try {
      for (const name of names) {
        const paths = await downloadModel(name, {
          force: Boolean(values.force),
          signal: context.signal,
          onProgress: (event) => (json ? writeJsonEvent({ ...event }) : quiet ? undefined : display.update(event)),
          onWait: (event) => (json ? writeJsonEvent({ type: 'wait', ...event }) : quiet ? undefined : display.waiting(event)),
        });
        display.finish();
        if (json) writeJsonEvent({ type: 'downloaded', model: name, paths });
        else if (!quiet) process.stderr.write(`${name}: ready in ${paths.join(', ')}\n`);
      }
    } finally {
      display.finish();
    }
    return 0;
  }
  throw new PainterlyError('INVALID_OPTION', `Unknown models action "${action}". Use \`painterly models list\` or \`painterly models download NAME|all\`.`);
}

const STATE_TEXT: Record<ModelSummary['state'], string> = { cached: 'cached', 'not cached': 'not cached', damaged: 'DAMAGED' };

function provenanceLabel(model: ModelSummary): string {
  if (model.kind === 'fast-style') return 'Fast-style presets';
  return model.kind === 'vgg' ? 'VGG19' : model.name;
}

async function listCommand(json: boolean): Promise<number> {
  const models = await listModels();
  const unusable = await cacheRootProblem();
  if (json) {
    for (const model of models) writeJsonEvent({ type: 'model', ...model });
    if (unusable) writeJsonEvent({ type: 'warning', message: unusable });
    return 0;
  }
  const nameWidth = Math.max(...models.map((model) => model.name.length));
  const stateWidth = Math.max(...Object.values(STATE_TEXT).map((text) => text.length));
  const mirror = process.env[MODEL_MIRROR_ENV] ? `  (mirror: ${process.env[MODEL_MIRROR_ENV]})` : '';
  const lines = [`Model cache: ${cacheRoot()}${mirror}`, ''];
  if (unusable) lines.splice(1, 0, `warning: ${unusable}`);
  for (const model of models) {
    const state = STATE_TEXT[model.state].padEnd(stateWidth);
    lines.push(`${model.name.padEnd(nameWidth)}  ${state}  ${(model.bytes / 1e6).toFixed(1).padStart(5)} MB  ${model.description}`);
  }
  const provenances = [...new Set(models.map((model) => `${provenanceLabel(model)}: ${model.provenance}`))];
  lines.push('', ...provenances, '', 'Feature networks for `stylize --network NAME` and their defaults:', ...networkDefaultLines(), '');
  const damaged = models.filter((model) => model.state === 'damaged');
  for (const model of damaged) {
    lines.push(`${model.name} is damaged (${model.damagedFiles.join(', ')} fail their checksum): repair with \`painterly models download ${model.name} --force\`.`);
  }
  lines.push('Download with `painterly models download NAME` (or `all`).');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** One line per feature network: its own stylize defaults (from the engine's registry). */
function networkDefaultLines(): string[] {
  return NETWORK_IDS.map((id) => {
    const { defaults } = NETWORKS[id];
    const style = defaults.styleLayers.map((entry) => entry.layer).join(',');
    return `  ${id.padEnd(13)} content ${defaults.contentLayers.join(',')}, style ${style} (equal λ), α ${defaults.contentWeight}, β ${defaults.styleWeight}, ${defaults.pooling} pooling`;
  });
}
