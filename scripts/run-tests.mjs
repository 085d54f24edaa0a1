#!/usr/bin/env node
// Runs every test file under test/ with Node's built-in test runner (TypeScript through tsx).
// Usage: npm test [-- name-filter]   e.g. `npm test -- cli` runs only test files whose path contains "cli".
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2] ?? '';

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = collect(join(root, 'test'))
  .map((file) => relative(root, file))
  .filter((file) => file.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`No test files match "${filter}".`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
