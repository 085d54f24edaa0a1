import { basename } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';
import type { RgbImage } from '../../engine/image.js';
import { parseOptions } from '../../options/parse-options.js';
import { presetOptionsSchema } from '../../options/preset-schema.js';
import { stylizeOptionsSchema } from '../../options/stylize-schema.js';
import { DEFAULT_CELL_PX, writeContactSheet, type SheetColumn } from '../../node/contact-sheet.js';
import { checkOutputWritable, readImage, resizeImage } from '../../node/image-io.js';
import { guardOutputs } from '../../node/output-guard.js';
import { FAST_STYLE_PRESETS, PRESET_DESCRIPTIONS, type FastStylePresetName } from '../../node/model-store/index.js';
import { stylize } from '../../node/stylize.js';
import { stylizeWithPreset } from '../../node/stylize-preset.js';
import { fitLongSide } from '../../engine/image.js';
import { writeJsonEvent } from '../event-writer.js';
import { formatHelp } from '../help.js';
import { parseCommandLine, type OptionSpec } from '../option-spec.js';
import { OUTPUT_MODE_OPTIONS, THREADS_OPTION } from '../shared-options.js';
import type { CommandContext } from './context.js';
import { STYLIZE_OPTIONS } from './stylize-options.js';

/** Quality-engine options a contact sheet passes through to every cell, as in `stylize`. */
const QUALITY_FIELDS = ['iterations', 'contentWeight', 'styleWeight', 'tvWeight', 'styleScale', 'init', 'noiseRatio', 'optimizer', 'learningRate', 'seed', 'pooling', 'weights', 'contentLayers', 'styleLayers', 'styleLayerWeights'];

const CONTACT_SHEET_OPTIONS: readonly OptionSpec[] = [
  { flag: 'content', field: 'contents', kind: 'pathList', repeatable: true, short: 'c', placeholder: 'IMAGE', group: 'Sheet', description: 'Content photo(s): one row each. Repeat or separate with commas; a comma inside a file name is written \\, (a path that exists as a whole is always taken whole).' },
  { flag: 'model', field: 'models', kind: 'stringList', repeatable: true, short: 'm', placeholder: 'PRESET|all', group: 'Sheet', description: 'Fast presets as columns (`all` = the nine presets).' },
  { flag: 'style', field: 'styles', kind: 'pathList', repeatable: true, short: 's', placeholder: 'IMAGE', group: 'Sheet', description: 'Style images as columns, painted with the quality engine (the options below as in `painterly stylize`).' },
  { flag: 'output', field: 'output', kind: 'string', short: 'o', placeholder: 'FILE', group: 'Sheet', description: 'The sheet (.png .jpg .webp), written atomically; never over one of its input images.', defaultText: 'contact-sheet.png' },
  { flag: 'cell-size', field: 'cellSize', kind: 'number', placeholder: 'PX', group: 'Sheet', description: 'Long side of every cell; each cell is painted at this size.', defaultText: String(DEFAULT_CELL_PX) },
  { flag: 'strength', field: 'strength', kind: 'number', placeholder: '0..1', group: 'Sheet', description: 'Blend of every cell with its content: 1 = fully stylized.', defaultText: '1' },
  { flag: 'original-colors', field: 'originalColors', kind: 'boolean', group: 'Sheet', description: 'Keep the content\'s colours in every cell.' },
  ...STYLIZE_OPTIONS.filter((spec) => QUALITY_FIELDS.includes(spec.field)).map((spec) => ({ ...spec, group: 'Quality engine (with --style)' })),
  THREADS_OPTION,
  ...OUTPUT_MODE_OPTIONS,
];

export const CONTACT_SHEET_HELP = formatHelp({
  usage: 'painterly contact-sheet --content A.jpg [--content B.jpg …] (--model all|PRESET… | --style S.jpg …) --output sheet.png',
  summary: 'Paints every content photo in every style and lays the results out in one labelled grid: contents as rows, styles as columns, the originals in the first row and column. Presets take about a second per cell; style images go through the quality engine (minutes per cell at the defaults — lower --iterations or --cell-size for a quick look).',
  options: CONTACT_SHEET_OPTIONS,
  examples: [
    'painterly contact-sheet --content photo.jpg --model all --output presets.png',
    'painterly contact-sheet --content a.jpg,b.jpg --style starry.jpg,wave.jpg --iterations 150 --cell-size 192 -o sheet.png',
  ],
});

/** `painterly contact-sheet`. */
export async function runContactSheetCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine(CONTACT_SHEET_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(CONTACT_SHEET_HELP);
    return 0;
  }
  const contents = [...((values.contents as string[] | undefined) ?? []), ...positionals];
  const models = expandModels((values.models as string[] | undefined) ?? []);
  const styles = (values.styles as string[] | undefined) ?? [];
  if (contents.length === 0) throw new PainterlyError('INVALID_OPTION', 'Expected at least one --content IMAGE for the rows of the sheet.');
  if ((models.length === 0) === (styles.length === 0)) {
    throw new PainterlyError('INVALID_OPTION', 'Expected either --model (presets, e.g. --model all) or --style IMAGE (quality engine) for the columns of the sheet, not both and not neither.');
  }
  const cellPx = parseOptions(presetOptionsSchema.pick({ size: true }), { size: values.cellSize ?? DEFAULT_CELL_PX }, () => '--cell-size').size ?? DEFAULT_CELL_PX;
  const outputPath = typeof values.output === 'string' ? values.output : 'contact-sheet.png';
  await checkOutputWritable(outputPath);
  await guardOutputs({
    inputs: [
      ...contents.map((path) => ({ path, role: 'the --content image' })),
      ...styles.map((path) => ({ path, role: 'the --style image' })),
      ...(typeof values.weights === 'string' ? [{ path: values.weights, role: 'the --weights file' }] : []),
    ],
    outputs: [{ path: outputPath, role: 'the contact sheet' }],
  });

  const qualityValues = Object.fromEntries(QUALITY_FIELDS.filter((field) => values[field] !== undefined).map((field) => [field, values[field]]));
  if (models.length > 0 && Object.keys(qualityValues).length > 0) {
    throw new PainterlyError('INVALID_OPTION', `${Object.keys(qualityValues).join(', ')} apply to --style columns (quality engine), not to --model presets.`);
  }
  const columns: SheetColumn[] = models.length > 0
    ? models.map((model) => ({ label: model, detail: PRESET_DESCRIPTIONS[model as FastStylePresetName] }))
    : await Promise.all(styles.map(async (path) => ({ label: basename(path), image: (await readImage(path, { targetLongSidePx: cellPx })).rgb })));
  const rows = await Promise.all(contents.map(async (path) => {
    const image = await readImage(path, { targetLongSidePx: cellPx });
    const size = fitLongSide(image.rgb.width, image.rgb.height, cellPx);
    return { label: basename(path), path, image: (await resizeImage(image, size.width, size.height)).rgb };
  }));

  const total = rows.length * columns.length;
  const cells: RgbImage[][] = [];
  let done = 0;
  for (const row of rows) {
    const line: RgbImage[] = [];
    for (const [index, column] of columns.entries()) {
      const common = { content: row.path, size: cellPx, strength: values.strength, originalColors: Boolean(values.originalColors), threads: values.threads };
      const image = models.length > 0
        ? await stylizeWithPreset(parseOptions(presetOptionsSchema, { ...common, model: column.label }), { signal: context.signal })
        : await stylize(parseOptions(stylizeOptionsSchema, { ...common, ...qualityValues, styles: [styles[index]] }), { signal: context.signal });
      line.push(image.rgb);
      done += 1;
      if (values.json) writeJsonEvent({ type: 'cell', index: done, count: total, content: row.label, style: column.label });
      else if (!values.quiet) process.stderr.write(`cell ${done}/${total}: ${row.label} × ${column.label}\n`);
    }
    cells.push(line);
  }
  const title = models.length > 0 ? 'Painterly — fast-style presets (pretrained networks)' : `Painterly — quality engine (Gatys), weights: ${(qualityValues.weights as string | undefined) ?? 'vgg19'}`;
  const size = await writeContactSheet(outputPath, title, rows, columns, cells, cellPx);
  if (values.json) writeJsonEvent({ type: 'output', path: outputPath, ...size });
  else if (!values.quiet) process.stderr.write(`Wrote ${outputPath} (${size.widthPx}×${size.heightPx})\n`);
  return 0;
}

function expandModels(models: readonly string[]): string[] {
  return models.flatMap((model) => (model === 'all' ? [...FAST_STYLE_PRESETS] : [model]));
}
