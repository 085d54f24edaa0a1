/**
 * How the CLI shows a PainterlyError: its message, with the option it is about (`error.option`,
 * a schema key such as `maxMemory`) rendered as the flag the user types. The engine words options
 * neutrally ("the memory budget") because the studio shows the same messages; only here do they
 * become flags.
 */
import type { PainterlyError } from '../engine/errors.js';
import type { OptionSpec } from './option-spec.js';

/**
 * The message of `error` for the terminal. "Expected … for maxMemory but received …" names the
 * flag in place (`for --max-memory`); any other message that does not name the flag already gets
 * it appended, "(see --max-memory)". A fix written `` `key=value` `` reads `--flag value`. Options
 * no command has as a flag are left as they are.
 *
 * @example
 * errorText(new PainterlyError('INVALID_OPTION', 'Raise the memory budget.', { option: 'maxMemory' }), STYLIZE_OPTIONS)
 * // → 'Raise the memory budget. (see --max-memory)'
 */
export function errorText(error: Pick<PainterlyError, 'message' | 'option'>, specs: readonly OptionSpec[]): string {
  const { option } = error;
  // A fix written `key=value` becomes the command-line words: `weights=random` → --weights random.
  const message = error.message.replace(/`([a-z][A-Za-z0-9]*)=([^`\s]+)`/g, (whole, key: string, value: string) => {
    const spec = specs.find((candidate) => candidate.field === key);
    return spec ? `--${spec.flag} ${value}` : whole;
  });
  const spec = option === undefined ? undefined : specs.find((candidate) => candidate.field === option);
  if (!spec || option === undefined) return message;
  const flag = `--${spec.flag}`;
  if (new RegExp(`${flag}(?![\\w-])`).test(message)) return message;
  const inPlace = ` for ${option} but received `;
  if (message.includes(inPlace)) return message.replace(inPlace, ` for ${flag} but received `);
  return `${message} (see ${flag})`;
}
