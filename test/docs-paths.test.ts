/**
 * The README and docs/ name files of this repository (`src/node/stylize.ts`, `test/…`, `scripts/…`); a file
 * that moved or was removed leaves a reader following a dead end. Every such path must exist, except
 * outputs the docs say are written by a command (ignored by git: bench/results/, test-artifacts/, the built page studio/dist-browser).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { REPO_ROOT } from './helpers/repo-root.js';

const root = REPO_ROOT;
const GENERATED = ['bench/results/', 'test-artifacts/', 'studio/dist-browser'];
const PATH = /(?<![\w./-])((?:src|test|scripts|bench|studio|docs|\.ci)\/[\w./-]*[\w-])(\*?)/g;

function documents(): string[] {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
}

function exists(path: string, glob: boolean): boolean {
  if (existsSync(join(root, path))) return true;
  if (!glob) return false;
  const dir = join(root, dirname(path));
  const prefix = path.slice(dirname(path).length + 1);
  return existsSync(dir) && readdirSync(dir).some((name) => name.startsWith(prefix));
}

test('every repository path named in the README and docs/ exists', () => {
  const dead: string[] = [];
  for (const document of documents()) {
    const text = readFileSync(join(root, document), 'utf8');
    for (const [, path, glob] of text.matchAll(PATH)) {
      if (GENERATED.some((prefix) => path.startsWith(prefix))) continue;
      if (!exists(path, glob === '*')) dead.push(`${document}: ${path}`);
    }
  }
  assert.deepEqual(dead, [], `paths named in the docs that do not exist:\n${dead.join('\n')}`);
});

test('the check finds a path that does not exist', () => {
  const text = 'see `src/node/no-such-file.ts` and src/node/stylize.ts';
  const found = [...text.matchAll(PATH)].map(([, path]) => path).filter((path) => !exists(path, false));
  assert.deepEqual(found, ['src/node/no-such-file.ts']);
});
