/**
 * `npm run docs:options`: rewrites README's table of `painterly stylize` options from the option
 * specs (flags, placeholders, choices, defaults; the "what it does" column is kept).
 * `npm run docs:options -- --check` only says whether README.md is up to date (exit 1 if not).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STYLIZE_OPTIONS } from '../src/cli/commands/stylize-options.js';
import { updateOptionsTable } from '../src/cli/options-table.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const updated = updateOptionsTable(readme, STYLIZE_OPTIONS);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    process.stderr.write('README.md: the options table differs from the option specs. Run `npm run docs:options`.\n');
    process.exit(1);
  }
  process.stdout.write('README.md: the options table is up to date.\n');
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  process.stdout.write('README.md: options table rewritten.\n');
} else {
  process.stdout.write('README.md: the options table was already up to date.\n');
}
