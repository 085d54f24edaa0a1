import type { OptionSpec } from './option-spec.js';

/**
 * Formats a command's help: usage, what it does, options by group with their defaults, examples.
 *
 * @example console.log(formatHelp({ usage: 'painterly stylize CONTENT --style STYLE', summary: '…', options, examples: [] }))
 */
export function formatHelp(help: {
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
  readonly notes?: readonly string[];
}): string {
  const width = Math.min(100, Math.max(60, process.stdout.columns ?? 100));
  const lines = [`Usage: ${help.usage}`, '', ...wrap(help.summary, width, ''), ''];
  const groups = [...new Set(help.options.map((option) => option.group))];
  for (const group of groups) {
    lines.push(`${group}:`);
    for (const option of help.options.filter((candidate) => candidate.group === group)) {
      const flag = `  ${option.short ? `-${option.short}, ` : ''}--${option.flag}${option.placeholder ? ` ${option.placeholder}` : ''}`;
      const text = option.description + (option.defaultText ? ` (default: ${option.defaultText})` : '');
      const body = wrap(text, width - 32, ' '.repeat(32));
      if (flag.length < 31) {
        lines.push(flag.padEnd(32) + body[0].trimStart(), ...body.slice(1));
      } else {
        lines.push(flag, ...body);
      }
    }
    lines.push('');
  }
  if (help.notes?.length) {
    for (const note of help.notes) lines.push(...wrap(note, width, ''), '');
  }
  if (help.examples.length) lines.push('Examples:', ...help.examples.map((example) => `  ${example}`), '');
  return lines.join('\n');
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (indent + line + ' ' + word).length > width + indent.length) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.length ? lines : [indent];
}
