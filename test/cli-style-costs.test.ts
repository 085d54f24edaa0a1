/**
 * The style-cost options as a user types them: `--style-loss`, `--style-balance`, `--recipe` and the
 * `gray` start, on the real Darknet Tiny from the shared mirror (and untrained VGG19 for the recipe),
 * and their bad values: each a clear error naming the option, exit 2, nothing written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';

const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
const scratch = mkdtempSync(join(tmpdir(), 'painterly-style-costs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const CONTENT = join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg');
const STYLE = join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg');
const env = { PAINTERLY_HOME: join(scratch, 'home'), PAINTERLY_MODEL_MIRROR: MIRROR };
const DARKNET = ['--network', 'darknet-tiny', '--size', '96', '--iterations', '24', '--json'];

async function paint(name: string, extra: readonly string[]): Promise<{ output: string; events: Array<Record<string, unknown>> }> {
  const output = join(scratch, `${name}.png`);
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, ...DARKNET, ...extra, '-o', output], { env, timeoutMs: 180_000 });
  assert.equal(result.code, 0, result.stderr);
  return { output, events: parseJsonLines(result.stdout) };
}

async function meanAbsoluteDifference(a: string, b: string): Promise<number> {
  const [first, second] = await Promise.all([a, b].map((path) => sharp(path).raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < first.length; i++) sum += Math.abs(first[i] - second[i]);
  return sum / first.length;
}

test('--style-loss w2 and --style-balance off paint, lower their own cost, and change the picture', async () => {
  const defaults = await paint('defaults', []);
  const w2 = await paint('w2', ['--style-loss', 'w2']);
  const raw = await paint('raw', ['--style-balance', 'off', '--style-weight', '40']);
  for (const run of [defaults, w2, raw]) {
    const losses = run.events.filter((event) => event.type === 'iteration').map((event) => Number(event.loss));
    const done = run.events.find((event) => event.type === 'done')!;
    assert.ok(Number(done.loss) < losses[0], `final J ${String(done.loss)} not below the first ${losses[0]}`);
  }
  // Each option changes what is optimized, so the pictures differ (by several grey levels on average).
  assert.ok((await meanAbsoluteDifference(defaults.output, w2.output)) > 2);
  assert.ok((await meanAbsoluteDifference(defaults.output, raw.output)) > 2);
});

test('--init gray starts from the flat mean colour: zero iterations write it', async () => {
  const { output } = await paint('gray', ['--init', 'gray', '--iterations', '0']);
  const { channels } = await sharp(output).stats();
  // The ImageNet mean colour (123.68, 116.779, 103.939) with noise far below one grey level.
  assert.deepEqual(channels.slice(0, 3).map((channel) => Math.round(channel.mean)), [124, 117, 104]);
  assert.ok(channels.slice(0, 3).every((channel) => channel.stdev < 1), JSON.stringify(channels));
});

test('--recipe neural-style runs VGG19 single scale with L-BFGS (untrained weights, labelled)', async () => {
  const output = join(scratch, 'recipe.png');
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--recipe', 'neural-style', '--weights', 'random', '--size', '48', '--iterations', '6', '--json', '-o', output], { env, timeoutMs: 180_000 });
  assert.equal(result.code, 0, result.stderr);
  const events = parseJsonLines(result.stdout);
  const load = events.find((event) => event.type === 'load')!;
  assert.equal(load.network, 'VGG19');
  assert.equal(load.pretrained, false);
  assert.equal((load.schedule as unknown[]).length, 1, 'one scale');
  assert.equal(events.filter((event) => event.type === 'iteration').length, 6);
  assert.ok(existsSync(output));
});

for (const [args, option, named] of [
  [['--style-loss', 'gramm'], '--style-loss', /gram.*w2/],
  [['--style-balance', 'maybe'], '--style-balance', /on|off/],
  [['--recipe', 'neural'], '--recipe', /neural-style/],
  [['--init', 'grey'], '--init', /gray/],
  [['--recipe', 'neural-style', '--network', 'darknet-tiny'], '--recipe', /vgg19/],
  [['--style-loss', 'w2', '--max-memory', '2500M', '--size', '2048'], '--style-loss', /gram/],
] as const) {
  test(`a bad ${args.join(' ')} is refused naming ${option}, exit 2, nothing written`, async () => {
    const output = join(scratch, `bad-${option.slice(2)}-${args.length}.png`);
    const result = await runCli(['stylize', CONTENT, '--style', STYLE, ...args, '--iterations', '2', '-o', output], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(option.replace(/-/g, '\\-')));
    assert.match(result.stderr, named);
    assert.equal(existsSync(output), false);
  });
}

test('--help teaches the new options with each network\'s default', async () => {
  const result = await runCli(['stylize', '--help']);
  assert.equal(result.code, 0);
  const help = result.stdout.replace(/\s+/g, ' ');
  assert.match(help, /--style-loss gram\|w2 .*?\(default: gram \(every network\)\)/);
  assert.match(help, /--style-balance on\|off .*?\(default: per network: off \(VGG19, VGG16\), on \(Darknet Tiny\)\)/);
  assert.match(result.stdout, /--recipe neural-style/);
  assert.match(result.stdout, /--init noise\|random\|gray\|content\|image/);
});
