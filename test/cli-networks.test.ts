/**
 * `painterly stylize` and `visualize` with a chosen feature network, as a user runs them: the real
 * Darknet Tiny through the shared mirror, and the bad inputs (unknown network, a layer the network
 * lacks, a damaged model.json, a damaged cached shard), each a clear error with nothing written.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';

const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
const scratch = mkdtempSync(join(tmpdir(), 'painterly-networks-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const CONTENT = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
const STYLE = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
let runs = 0;

/** A fresh cache (and output path) per run; the shared folder is the mirror. */
function setting(): { env: Record<string, string>; output: string } {
  runs++;
  return { env: { PAINTERLY_HOME: join(scratch, `home-${runs}`), PAINTERLY_MODEL_MIRROR: MIRROR }, output: join(scratch, `out-${runs}.png`) };
}

test('stylize --network darknet-tiny paints with the real network from the mirror and says which network it used', async () => {
  const { env, output } = setting();
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', 'darknet-tiny', '--size', '96', '--iterations', '20', '--json', '-o', output], { env, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  const events = parseJsonLines(result.stdout);
  const load = events.find((event) => event.type === 'load')!;
  assert.equal(load.network, 'Darknet Tiny');
  assert.equal(load.pretrained, true);
  assert.match(String(load.weights), /^tfjs:.*darknet\/tiny\/model\.json$/);
  const metadata = await sharp(output).metadata();
  assert.equal(metadata.width, 96);
  // The costs the run optimized are Darknet's: the loss fell.
  const losses = events.filter((event) => event.type === 'iteration').map((event) => Number(event.loss));
  assert.ok(losses.at(-1)! < losses[0], `loss ${losses[0]} → ${losses.at(-1)}`);
});

test('the human-readable log names the network and the layers default to the network\'s own', async () => {
  const { env, output } = setting();
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', 'darknet-tiny', '--size', '64', '--iterations', '2', '-o', output], { env, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /with Darknet Tiny \(tfjs:/);
  assert.doesNotMatch(result.stderr, /untrained/);
});

test('untrained Darknet Tiny weights are labelled as such', async () => {
  const { env, output } = setting();
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', 'darknet-tiny', '--weights', 'random:2', '--size', '64', '--iterations', '2', '-o', output], { env, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Darknet Tiny \(random:2\) — untrained random weights/);
});

test('visualize --network darknet-tiny draws real units and titles the grid with the network', async () => {
  const { env } = setting();
  const output = join(scratch, 'grid.png');
  const result = await runCli(['visualize', '--network', 'darknet-tiny', '--layer', 'conv2', '--units', '0-3', '--images', join(SHARED_IMAGES, 'content'), '--size', '64', '-o', output], { env, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Darknet Tiny, ImageNet weights/);
  assert.ok(existsSync(output));
});

const badInputs: Array<{ name: string; args: () => string[]; code: number; mentions: string[] }> = [
  { name: 'an unknown network', args: () => ['--network', 'resnet50'], code: 2, mentions: ['--network', 'vgg19, vgg16, darknet-tiny', 'resnet50'] },
  { name: 'a layer Darknet Tiny does not have', args: () => ['--network', 'darknet-tiny', '--content-layers', 'conv4_2'], code: 2, mentions: ['Darknet Tiny layer name', 'conv1 … conv16', 'conv4_2'] },
  { name: 'a VGG19 layer name a Darknet user might type', args: () => ['--style-layers', 'conv3'], code: 2, mentions: ['VGG19 layer name', 'conv1_1 … conv5_4', 'conv3'] },
  { name: 'both --network and a different --weights', args: () => ['--network', 'darknet-tiny', '--weights', 'vgg19'], code: 2, mentions: ['either a network or weights'] },
  { name: 'a model.json that does not exist', args: () => ['--network', join(scratch, 'nowhere', 'model.json')], code: 1, mentions: ['nowhere/model.json', 'does not exist'] },
];
for (const bad of badInputs) {
  test(`stylize refuses ${bad.name}, writing nothing`, async () => {
    const { env, output } = setting();
    const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--size', '64', '--iterations', '1', ...bad.args(), '-o', output], { env });
    assert.equal(result.code, bad.code, result.stderr);
    for (const part of bad.mentions) assert.ok(result.stderr.includes(part), `${JSON.stringify(part)} missing from: ${result.stderr}`);
    assert.ok(!existsSync(output));
  });
}

test('a model.json with a missing shard or an unsupported layer is refused naming the file', async () => {
  const dir = join(scratch, 'broken-model');
  cpSync(join(MIRROR, 'darknet', 'tiny'), dir, { recursive: true });
  unlinkSync(join(dir, 'group16-shard1of1')); // conv2d_1/kernel: every run needs it
  const { env, output } = setting();
  const missing = await runCli(['stylize', CONTENT, '--style', STYLE, '--size', '64', '--iterations', '1', '--network', join(dir, 'model.json'), '-o', output], { env });
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /group16-shard1of1.*missing/);
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  model.modelTopology.model_config.config.layers[3].class_name = 'PReLU';
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  const unsupported = await runCli(['stylize', CONTENT, '--style', STYLE, '--size', '64', '--iterations', '1', '--network', join(dir, 'model.json'), '-o', output], { env });
  assert.equal(unsupported.code, 1, unsupported.stderr);
  assert.match(unsupported.stderr, /PReLU.*cannot run/);
  assert.ok(!existsSync(output));
});

test('a cached Darknet shard with a wrong checksum is reported with the fix, not used', async () => {
  const { env, output } = setting();
  const first = await runCli(['models', 'download', 'darknet-tiny'], { env });
  assert.equal(first.code, 0, first.stderr);
  const shard = join(env.PAINTERLY_HOME, 'models', 'darknet', 'tiny', 'group16-shard1of1');
  const bytes = readFileSync(shard);
  bytes[10] ^= 0xff;
  writeFileSync(shard, bytes);
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', 'darknet-tiny', '--size', '64', '--iterations', '1', '-o', output], { env });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /damaged[\s\S]*group16-shard1of1[\s\S]*models download darknet-tiny --force/);
  assert.ok(!existsSync(output));
});
