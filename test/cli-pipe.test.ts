import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI_SCRIPT, REPO_ROOT, SHARED_IMAGES } from './helpers/cli.js';

test('a --json run whose reader goes away (| head) stops quietly with 141 and writes nothing', async () => {
  const work = await mkdtemp(join(tmpdir(), 'painterly-pipe-'));
  try {
    const output = join(work, 'out.png');
    const child = spawn(
      process.execPath,
      [CLI_SCRIPT, 'stylize', join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg'), '--style', join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg'), '--weights', 'random', '--size', '48', '--iterations', '500', '--json', '-o', output],
      { cwd: REPO_ROOT, env: { ...process.env, PAINTERLY_HOME: work }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -1`: read the first line, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    assert.equal(code, 141, stderr);
    assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
    assert.equal(existsSync(output), false);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
