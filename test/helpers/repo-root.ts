/**
 * Where the repository is, for tests that read its files: found upwards from this file, so it is the
 * same whether the test runs from `test/` (tsx) or transpiled one level down, from `.test-build/test/`
 * (`scripts/run-tests.mjs`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder at or above `start` whose package.json is Painterly's. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'painterly') return dir;
    if (dirname(dir) === dir) throw new Error(`No Painterly package.json above ${start}.`);
  }
}

/** The repository root (where `bin/`, `dist/`, `src/` and `test/` live). */
export const REPO_ROOT = findRepoRoot(import.meta.dirname);

/** The test fixtures, `test/fixtures/`. */
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** The shared models and images next to the repository, `../shared/`. */
export const SHARED = join(REPO_ROOT, '..', 'shared');
