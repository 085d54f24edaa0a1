/**
 * The words every command's help shows a user (`painterly COMMAND --help`, the built CLI): presets
 * that exist, jobs that are processes, and `--checkpoint-every` in its own unit per command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST_STYLE_PRESETS } from '../src/node/model-store/registry.js';
import { runCli } from './helpers/cli.js';

const COMMANDS = ['stylize', 'video', 'visualize', 'contact-sheet', 'serve', 'models'] as const;

async function helpOf(command: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'painterly-help-'));
  try {
    const result = await runCli([command, '--help'], { env: { PAINTERLY_HOME: home } });
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.replace(/\s+/g, ' ');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

test('every preset a help names after --model exists, and no help speaks of worker threads or a fixed pooling', async () => {
  for (const command of COMMANDS) {
    const help = await helpOf(command);
    const named = [...help.matchAll(/--model ([a-z_]+)/g)].map((match) => match[1]).filter((name) => name !== 'all');
    for (const name of named) assert.ok(FAST_STYLE_PRESETS.includes(name as never), `painterly ${command} --help names a preset "${name}" that does not exist`);
    assert.doesNotMatch(help, /worker threads?/i, `painterly ${command} --help: jobs run in worker processes`);
    assert.doesNotMatch(help, /\bavg pooling\b/i, `painterly ${command} --help: the pooling is the network's own`);
  }
});

test('video --help lists the real presets, and --checkpoint-every says it counts frames for video and iterations for stylize', async () => {
  const video = await helpOf('video');
  assert.ok(video.includes(FAST_STYLE_PRESETS.join(', ')), 'the --model entry lists the presets');
  assert.ok(/--checkpoint-every FRAMES .{0,160}?every FRAMES frames/.test(video), 'video: --checkpoint-every counts frames');
  const stylize = await helpOf('stylize');
  assert.ok(/--checkpoint-every N .{0,160}?every N iterations/.test(stylize), 'stylize: --checkpoint-every counts iterations');
});
