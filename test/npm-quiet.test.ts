/**
 * A newcomer's first commands print no npm warnings: `npx painterly …` reads the project's npm config
 * (an unknown key there warns on every command), and npm 11 lists dependencies whose install scripts
 * package.json's `allowScripts` neither allows nor denies.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import test from 'node:test';
import { REPO_ROOT } from './helpers/repo-root.js';

const root = REPO_ROOT;

function npm(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  // the variables npm sets for a script (npm test) would be read back as config by the child npm
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  const result = spawnSync('npm', args, { cwd: root, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('npx painterly prints no npm warning', () => {
  const result = npm('exec', '--offline', '--', 'painterly', '--version');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^\d+\.\d+\.\d+/);
  assert.doesNotMatch(result.stderr, /npm warn/i);
});

test('every dependency install script is reviewed in allowScripts (npm 11)', (t) => {
  const major = Number(npm('--version').stdout.split('.')[0]);
  if (major < 11) {
    t.skip(`npm ${major} has no allowScripts`);
    return;
  }
  const result = npm('install-scripts', 'ls');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /No packages with unreviewed install scripts/);
  assert.doesNotMatch(result.stderr, /npm warn/i);
});
