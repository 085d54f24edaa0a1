import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PainterlyError } from '../engine/errors.js';

/**
 * How a flag's text becomes a value. `pathList`: file paths separated by commas, where `\,` is a comma
 * inside a name and a text that names an existing file as a whole is taken whole (see `splitPathList`).
 */
export type OptionKind = 'string' | 'number' | 'boolean' | 'numberList' | 'stringList' | 'pathList';

/** One command-line option: its flag, the options field it fills, and its help. */
export interface OptionSpec {
  /** Kebab-case flag without dashes, e.g. `style-weight`. */
  readonly flag: string;
  /** camelCase field of the options object, e.g. `styleWeight`. */
  readonly field: string;
  readonly kind: OptionKind;
  /** May be given several times (values collect in a list). */
  readonly repeatable?: boolean;
  readonly short?: string;
  /** Shown after the flag in help, e.g. `N`, `PATH`. */
  readonly placeholder?: string;
  readonly description: string;
  /** Shown as "(default: …)". */
  readonly defaultText?: string;
  /** Help section. */
  readonly group: string;
}

/** Parsed command line: option values by field (strings left raw when they do not parse, for the schema to report) and positionals. */
export interface ParsedCommandLine {
  readonly values: Record<string, unknown>;
  readonly positionals: string[];
}

/**
 * Parses `argv` against `specs` with node:util's parseArgs; unknown options are refused with a
 * suggestion of the closest known flag. Numbers that do not parse stay strings so the options
 * schema words the error.
 *
 * @example parseCommandLine(STYLIZE_OPTIONS, ['photo.jpg', '--style', 'a.jpg', '--iterations', '100'])
 */
export function parseCommandLine(specs: readonly OptionSpec[], argv: readonly string[]): ParsedCommandLine {
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const spec of specs) {
    config[spec.flag] = {
      type: spec.kind === 'boolean' ? 'boolean' : 'string',
      ...(spec.repeatable ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: attachNegativeNumbers(specs, argv), options: config, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw usageError(error, specs);
  }
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const raw = parsed.values[spec.flag];
    if (raw === undefined) continue;
    values[spec.field] = convert(spec, raw);
  }
  return { values, positionals: parsed.positionals };
}

/**
 * How a field is called on the command line: `styles` → `--style`, `content` → `CONTENT`; other
 * fields fall back to their kebab-case spelling. Pass it to `parseOptions` so errors name the flag the user typed.
 *
 * @example parseOptions(schema, values, fieldNamer(STYLIZE_OPTIONS))
 */
export function fieldNamer(specs: readonly OptionSpec[], positionals: Readonly<Record<string, string>> = {}): (field: string) => string {
  const flags = new Map(specs.map((spec) => [spec.field, `--${spec.flag}`]));
  return (field) => positionals[field] ?? flags.get(field) ?? `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * parseArgs reads a value that starts with `-` as an option (`--iterations -1` is "ambiguous");
 * numeric options get such values attached (`--iterations=-1`) so the schema can word the range error.
 */
function attachNegativeNumbers(specs: readonly OptionSpec[], argv: readonly string[]): string[] {
  const numeric = new Map<string, string>();
  for (const spec of specs) {
    if (spec.kind !== 'number' && spec.kind !== 'numberList') continue;
    numeric.set(`--${spec.flag}`, spec.flag);
    if (spec.short) numeric.set(`-${spec.short}`, spec.flag);
  }
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index];
    if (token === '--') {
      args.push(...argv.slice(index));
      break;
    }
    const flag = numeric.get(token);
    const next = argv[index + 1];
    if (flag !== undefined && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      args.push(`--${flag}=${next}`);
      index++;
    } else {
      args.push(token);
    }
  }
  return args;
}

function convert(spec: OptionSpec, raw: unknown): unknown {
  if (spec.kind === 'boolean') return raw;
  const texts = (Array.isArray(raw) ? raw : [raw]) as string[];
  switch (spec.kind) {
    case 'number':
      return spec.repeatable ? texts.map(toNumber) : toNumber(texts[texts.length - 1]);
    case 'numberList':
      return texts.flatMap(splitList).map(toNumber);
    case 'stringList':
      return texts.flatMap(splitList);
    case 'pathList':
      return texts.flatMap(splitPathList);
    default:
      return spec.repeatable ? texts : texts[texts.length - 1];
  }
}

/**
 * Paths separated by commas. A text that exists as a whole (a file named `a,b.jpg`) is one path;
 * otherwise it is split at every comma not written `\,`, and `\,` becomes a comma.
 *
 * @example
 * splitPathList('a.jpg,b.jpg')       // → ['a.jpg', 'b.jpg']
 * splitPathList('my\\, photo.jpg,b.jpg') // → ['my, photo.jpg', 'b.jpg']
 */
export function splitPathList(text: string): string[] {
  if (existsSync(text)) return [text];
  return text
    .split(/(?<!\\),/)
    .map((part) => part.trim().replaceAll('\\,', ','))
    .filter((part) => part.length > 0);
}

function splitList(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

function toNumber(text: string): number | string {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

function usageError(error: unknown, specs: readonly OptionSpec[]): PainterlyError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
  if (unknown) {
    const typed = unknown[1].replace(/^-+/, '');
    const closest = closestFlag(typed, specs);
    const hint = closest ? ` Did you mean --${closest}?` : '';
    return new PainterlyError('INVALID_OPTION', `Unknown option ${unknown[1]}.${hint} Run with --help to see every option.`);
  }
  const missing = /Option '(-{1,2}[^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return new PainterlyError('INVALID_OPTION', `Option ${missing[1]} needs a value. Run with --help to see every option.`);
  return new PainterlyError('INVALID_OPTION', `${message.replace(/\.$/, '')}. Run with --help to see every option.`);
}

function closestFlag(typed: string, specs: readonly OptionSpec[]): string | undefined {
  let best: { flag: string; distance: number } | undefined;
  for (const spec of specs) {
    const distance = editDistance(typed, spec.flag);
    if (!best || distance < best.distance) best = { flag: spec.flag, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(typed.length / 3)) ? best.flag : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
