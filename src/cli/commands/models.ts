import { NETWORK_IDS, NETWORKS } from '../../engine/network/registry.js';
import { PainterlyError, isPainterlyError } from '../../engine/errors.js';
import { invalidOption } from '../../engine/errors.js';
import { PREPROCESSING_NAMES, type PreprocessingName } from '../../engine/vgg/preprocessing.js';
import { cacheRoot, cacheRootProblem, downloadModel, findModel, importWeightsFile, listImportedModels, listModels, MODEL_MIRROR_ENV, type ImportResult, type ModelSummary } from '../../node/model-store/index.js';
import { WEIGHTS_FORMAT_NAMES, type WeightsFormat } from '../../node/weights-file/detect-format.js';
import { DownloadDisplay } from '../download-display.js';
import { writeJsonEvent } from '../event-writer.js';
import { formatHelp } from '../help.js';
import { parseCommandLine, type OptionSpec } from '../option-spec.js';
import { OUTPUT_MODE_OPTIONS } from '../shared-options.js';
import type { CommandContext } from './context.js';

const MODELS_OPTIONS: readonly OptionSpec[] = [
  { flag: 'force', field: 'force', kind: 'boolean', group: 'Download', description: 'Download every file again, even if cached (repairs a model `models list` calls damaged).' },
  { flag: 'name', field: 'name', kind: 'string', placeholder: 'NAME', group: 'Import', description: 'The name `stylize --network NAME` will use for an imported file.', defaultText: "the file's name without extension" },
  { flag: 'link', field: 'link', kind: 'boolean', group: 'Import', description: 'Hard-link the file into the store instead of copying it (saves the space; a copy is made across file systems).' },
  { flag: 'preprocessing', field: 'preprocessing', kind: 'string', placeholder: 'caffe|torchvision', group: 'Import', description: 'The input convention of a .pth/.safetensors file Painterly does not know by its SHA-256: caffe (neural-style-pt, converted from Caffe) or torchvision (torchvision\'s own).', defaultText: "the file's own" },
  ...OUTPUT_MODE_OPTIONS,
];

export const MODELS_HELP = formatHelp({
  usage: 'painterly models list | painterly models download NAME|all [--force] | painterly models import FILE [--name NAME]',
  summary:
    'Manages pretrained models in the cache ($PAINTERLY_HOME, else $XDG_CACHE_HOME/painterly, else ~/.cache/painterly). `list` shows every known model and whether it is cached, not cached or damaged (a file fails its checksum); `download` fetches one (or all), resumably, checksum-verified and moved into place atomically; concurrent downloads of one model wait for each other and share it. Set PAINTERLY_MODEL_MIRROR=DIR to copy from a local directory laid out like the remote (DIR/vgg19/<file>, DIR/fast-style/<style>/<file>, DIR/darknet/tiny/<file>). `import` takes a VGG19 file you already have (PyTorch .pth from torchvision or neural-style-pt, .safetensors, Keras .h5), checks its format, layers, preprocessing and checksum, and copies it into the cache under a name for `stylize --network NAME` (the registry\'s own file becomes `vgg19`).',
  options: MODELS_OPTIONS,
  examples: [
    'painterly models list',
    'painterly models download vgg19',
    'painterly models download udnie --force',
    'PAINTERLY_MODEL_MIRROR=/media/usb/models painterly models download all',
    'painterly models import ~/.cache/torch/hub/checkpoints/vgg19-dcbb9e9d.pth --name torchvision-vgg19',
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
  if (action === 'import') return importCommand(names, values);
  throw new PainterlyError('INVALID_OPTION', `Unknown models action "${action}". Use \`painterly models list\`, \`painterly models download NAME|all\` or \`painterly models import FILE\`.`);
}

/** `painterly models import FILE [--name N] [--link] [--preprocessing P]`. */
async function importCommand(files: readonly string[], values: Record<string, unknown>): Promise<number> {
  if (files.length !== 1) throw new PainterlyError('INVALID_OPTION', `Expected one FILE for \`painterly models import\` but received ${files.length}, e.g. \`painterly models import vgg19-d01eb7cb.pth --name nspt\`.`);
  const preprocessing = values.preprocessing;
  if (preprocessing !== undefined && !PREPROCESSING_NAMES.includes(preprocessing as PreprocessingName)) throw invalidOption(PREPROCESSING_NAMES.join(' or '), '--preprocessing', preprocessing);
  const result = await importWeightsFile(files[0], {
    name: typeof values.name === 'string' ? values.name : undefined,
    link: Boolean(values.link),
    preprocessing: preprocessing as PreprocessingName | undefined,
  });
  if (values.json) writeJsonEvent({ type: 'imported', ...importFields(result) });
  else if (!values.quiet) process.stderr.write(`${importMessage(result)}\n`);
  return 0;
}

function importFields(result: ImportResult): Record<string, unknown> {
  if (result.kind === 'registry') return { registry: true, name: result.name, path: result.path, alreadyCached: result.alreadyCached };
  return { registry: false, ...result.model, linked: result.linked, alreadyImported: result.alreadyImported };
}

function importMessage(result: ImportResult): string {
  if (result.kind === 'registry') {
    return `This is the registry's ${result.name} file (same checksum): ${result.alreadyCached ? 'already in' : 'stored as'} ${result.path}. Use it with --network ${result.name}.`;
  }
  const { model } = result;
  const how = result.alreadyImported ? 'was already imported' : result.linked ? 'linked' : 'copied';
  return [
    `${model.name}: ${how} as ${model.path}`,
    `  ${WEIGHTS_FORMAT_NAMES[model.format as WeightsFormat] ?? model.format}, VGG19, SHA-256 ${model.sha256.slice(0, 16)}…`,
    `  ${model.preprocessing} preprocessing: ${model.reason}`,
    `Use it with: painterly stylize PHOTO --style PAINTING --network ${model.name}`,
  ].join('\n');
}

const STATE_TEXT: Record<ModelSummary['state'], string> = { cached: 'cached', 'not cached': 'not cached', damaged: 'DAMAGED' };

function provenanceLabel(model: ModelSummary): string {
  if (model.kind === 'fast-style') return 'Fast-style presets';
  return model.kind === 'vgg' ? 'VGG19' : model.name;
}

async function listCommand(json: boolean): Promise<number> {
  const models = await listModels();
  const imported = await listImportedModels();
  const unusable = await cacheRootProblem();
  if (json) {
    for (const model of models) writeJsonEvent({ type: 'model', ...model });
    for (const model of imported) writeJsonEvent({ type: 'imported', ...model });
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
  if (imported.length > 0) {
    lines.push('', 'Imported (`painterly models import`; use with --network NAME):');
    for (const model of imported) {
      lines.push(`${model.name.padEnd(nameWidth)}  imported  ${(model.bytes / 1e6).toFixed(1).padStart(5)} MB  VGG19, ${WEIGHTS_FORMAT_NAMES[model.format as WeightsFormat] ?? model.format}, ${model.preprocessing} preprocessing (${model.reason})`);
    }
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
