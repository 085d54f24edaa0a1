/**
 * README's table of `painterly stylize` options against the options schema and the network
 * registry: every flag of the help has its row (and no row names a flag that does not exist), the
 * choices a row lists are the schema's enum, every default it states is what the schema fills in
 * (per network where networks differ; a preset run keeps the photo's size), and the table is what
 * `npm run docs:options` generates. Each check is also run on a README with one default changed,
 * to show it can fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { STYLIZE_OPTIONS } from '../src/cli/commands/stylize-options.js';
import { OPTIONS_TABLE_END, OPTIONS_TABLE_START, rowFlag, tableCells, updateOptionsTable } from '../src/cli/options-table.js';
import { NETWORK_IDS, NETWORKS } from '../src/engine/network/registry.js';
import { presetOptionsSchema } from '../src/options/preset-schema.js';
import { stylizeOptionsSchema, STYLIZE_DEFAULTS } from '../src/options/stylize-schema.js';
import { REPO_ROOT } from './helpers/cli.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The table's rows by flag: the flag cell and the default cell (escaped pipes unescaped). */
function readmeRows(text: string): Map<string, { option: string; defaultText: string }> {
  const block = text.slice(text.indexOf(OPTIONS_TABLE_START), text.indexOf(OPTIONS_TABLE_END));
  const rows = new Map<string, { option: string; defaultText: string }>();
  for (const line of block.split('\n').filter((row) => row.startsWith('| `--'))) {
    const [option, defaultText] = tableCells(line).map((cell) => cell.replaceAll('\\|', '|'));
    rows.set(rowFlag(line)!, { option, defaultText });
  }
  return rows;
}

/** Whether `text` holds `words` as whole words (so "0" is not found in "50" nor "0.6"). */
function containsWords(text: string, words: string): boolean {
  const escaped = words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.])${escaped}($|[^\\w.])`).test(text);
}

/** How a default reads in a table: lists joined with commas, "X each" for a list of one repeated number. */
function defaultWords(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) return value.length > 1 && typeof value[0] === 'number' && value.every((entry) => entry === value[0]) ? `${value[0]} each` : value.join(',');
  return String(value);
}

/** The options of an enum field (through optional/default), or undefined. */
function enumChoices(type: z.ZodType | undefined): readonly string[] | undefined {
  let inner: unknown = type;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap();
  return inner instanceof z.ZodEnum ? (inner.options as string[]) : undefined;
}

/** Every disagreement of the README's table with the option specs and the schema; empty when it agrees. */
function tableProblems(text: string): string[] {
  const problems: string[] = [];
  const rows = readmeRows(text);
  const specs = STYLIZE_OPTIONS.filter((spec) => spec.flag !== 'help');
  for (const spec of specs) if (!rows.has(spec.flag)) problems.push(`--${spec.flag} has no row`);
  for (const flag of rows.keys()) if (!specs.some((spec) => spec.flag === flag)) problems.push(`--${flag} is no option of painterly stylize`);

  const shape = stylizeOptionsSchema.in.shape as Record<string, z.ZodType>;
  const presetShape = presetOptionsSchema.shape as Record<string, z.ZodType>;
  const perNetwork = NETWORK_IDS.map((network) => ({
    name: NETWORKS[network].table.displayName,
    options: stylizeOptionsSchema.parse({ content: 'c.jpg', styles: ['s.jpg'], network }) as Record<string, unknown>,
  }));
  const presetDefaults = presetOptionsSchema.parse({ content: 'c.jpg', model: 'udnie' }) as Record<string, unknown>;
  for (const spec of specs) {
    const row = rows.get(spec.flag);
    if (!row) continue;
    const choices = enumChoices(shape[spec.field] ?? presetShape[spec.field]);
    if (choices && !row.option.includes(` ${choices.join('|')}\``)) problems.push(`--${spec.flag}: the row lists other choices than the schema's ${choices.join('|')}`);
    const inStylize = spec.field in shape && spec.field !== 'styles' && spec.field !== 'network';
    const values = inStylize
      ? perNetwork.map(({ name, options }) => ({ name, text: defaultWords(options[spec.field]) }))
      : [{ name: 'presets', text: presetShape[spec.field] instanceof z.ZodDefault ? defaultWords(presetDefaults[spec.field]) : undefined }];
    if (values.every(({ text }) => text === undefined)) continue;
    // Networks with the same default share it: "20 (VGG19, VGG16), 4 (Darknet Tiny)".
    const groups = new Map<string | undefined, string[]>();
    for (const { name, text } of values) groups.set(text, [...(groups.get(text) ?? []), name]);
    const same = groups.size === 1;
    for (const [text, names] of groups) {
      const expected = same ? text! : `${text} (${names.join(', ')})`;
      if (!containsWords(row.defaultText, expected)) problems.push(`--${spec.flag}: README says "${row.defaultText}", the schema's default is ${expected}`);
    }
  }
  // --size: the quality engine's default, and a preset run keeps the photo's own size (the preset schema has no size default).
  const size = rows.get('size')?.defaultText ?? '';
  if (presetDefaults.size !== undefined) problems.push(`presets now default --size to ${String(presetDefaults.size)}; the --size row must say so`);
  if (!containsWords(size, String(STYLIZE_DEFAULTS.size)) || !/--model: the photo's own size/.test(size)) problems.push(`--size: "${size}" does not say ${STYLIZE_DEFAULTS.size}, and the photo's own size with --model`);
  if (updateOptionsTable(text, STYLIZE_OPTIONS) !== text) problems.push('the table is not what `npm run docs:options` generates from the option specs');
  return problems;
}

/** README with the default of `--flag` replaced by `value`. */
function withDefault(text: string, flag: string, value: string): string {
  const line = text.split('\n').find((row) => rowFlag(row) === flag)!;
  const [option, , what] = tableCells(line);
  return text.replace(line, `| ${option} | ${value} | ${what} |`);
}

test('README\'s options table agrees with the schema, the registry and the help (flags, choices, defaults)', () => {
  assert.deepEqual(tableProblems(README), []);
  assert.ok(readmeRows(README).size >= 35, 'the table has a row per option');
});

test('the check fails on a README whose default, choices or rows differ from the schema', () => {
  const iterations = tableProblems(withDefault(README, 'iterations', '400'));
  assert.ok(iterations.some((problem) => problem.startsWith('--iterations: README says "400"')), iterations.join('\n'));
  assert.ok(iterations.some((problem) => problem.includes('npm run docs:options')), 'the generated table differs too');
  const perNetwork = tableProblems(withDefault(README, 'content-weight', 'per network: 20 (VGG19), 5 (Darknet Tiny)'));
  assert.ok(perNetwork.some((problem) => problem.startsWith('--content-weight:') && problem.includes('(Darknet Tiny)')), perNetwork.join('\n'));
  const size = tableProblems(withDefault(README, 'size', '512'));
  assert.ok(size.some((problem) => problem.startsWith('--size:')), size.join('\n'));
  const tile = tableProblems(withDefault(README, 'tile-size', '1024'));
  assert.ok(tile.some((problem) => problem.startsWith('--tile-size:')), tile.join('\n'));
  const choices = tableProblems(README.replace('`--pooling avg\\|max`', '`--pooling avg\\|max\\|min`'));
  assert.ok(choices.some((problem) => problem.startsWith('--pooling: the row lists other choices')), choices.join('\n'));
  const missing = tableProblems(README.split('\n').filter((line) => rowFlag(line) !== 'seed').join('\n'));
  assert.ok(missing.includes('--seed has no row'), missing.join('\n'));
});
