/**
 * `painterly stylize --network FILE` with the VGG files people already have (Caffe .caffemodel, Keras 3
 * .weights.h5 and .keras, the Keras 1 spelling), run as a user runs it (dist/, a subprocess), on the
 * tiny real-layout fixtures; and `--network vgg16` from the model store, with nothing downloaded.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'painterly-weight-files-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const CONTENT = join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg');
const STYLE = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
const FIXTURE = (name: string) => join(REPO_ROOT, 'test', 'fixtures', name);
let runs = 0;

function setting(): { env: Record<string, string>; output: string } {
  runs++;
  return { env: { PAINTERLY_HOME: join(scratch, `home-${runs}`) }, output: join(scratch, `out-${runs}.png`) };
}

const FILES = [
  { file: 'tiny-vgg16.caffemodel', network: 'VGG16', source: /^caffemodel:.*tiny-vgg16\.caffemodel$/ },
  { file: 'tiny-vgg19-v1.caffemodel', network: 'VGG19', source: /^caffemodel:.*tiny-vgg19-v1\.caffemodel$/ },
  { file: 'tiny-vgg19.weights.h5', network: 'VGG19', source: /^keras3:.*tiny-vgg19\.weights\.h5$/ },
  { file: 'tiny-vgg16.keras', network: 'VGG16', source: /^keras:.*tiny-vgg16\.keras$/ },
  { file: 'tiny-vgg19-keras1.h5', network: 'VGG19', source: /^keras-h5:.*tiny-vgg19-keras1\.h5$/ },
];

for (const { file, network, source } of FILES) {
  test(`stylize --network ${file} paints with the file's ${network}, neural-style's layers, and says so`, async () => {
    const { env, output } = setting();
    const args = ['stylize', CONTENT, '--style', STYLE, '--network', FIXTURE(file), '--size', '32', '--iterations', '4', '--json', '-o', output];
    const result = await runCli(args, { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const events = parseJsonLines(result.stdout);
    const load = events.find((event) => event.type === 'load')!;
    assert.equal(load.network, network);
    assert.equal(load.pretrained, true);
    assert.match(String(load.weights), source);
    assert.ok(existsSync(output));
    const losses = events.filter((event) => event.type === 'iteration').map((event) => Number(event.loss));
    assert.ok(losses.length > 0 && losses.every(Number.isFinite), `losses ${losses.join(', ')}`);
  });
}

test('the neural-style recipe runs on a VGG16 file (its layers exist in VGG16)', async () => {
  const { env, output } = setting();
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', FIXTURE('tiny-vgg16.caffemodel'), '--recipe', 'neural-style', '--size', '32', '--iterations', '3', '--json', '-o', output], { env, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(parseJsonLines(result.stdout).find((event) => event.type === 'load')!.network, 'VGG16');
});

test('--network vgg16 without the download names the command that fetches it; nothing is written', async () => {
  const { env, output } = setting();
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', 'vgg16', '--size', '32', '-n', '1', '-o', output], { env, timeoutMs: 60_000 });
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /VGG16 weights are not downloaded yet/);
  assert.match(result.stderr, /painterly models download vgg16/);
  assert.equal(existsSync(output), false);
});

test('a file that is not a Caffe model is refused naming the file and what it accepts; nothing is written', async () => {
  const { env, output } = setting();
  const damaged = join(scratch, 'VGG_ILSVRC_19_layers.caffemodel');
  copyFileSync(FIXTURE('content-32x24.png'), damaged);
  const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', damaged, '--size', '32', '-n', '1', '-o', output], { env });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /The file .*VGG_ILSVRC_19_layers\.caffemodel is not a weights file Painterly reads \(it is named like a Caffe model but is not a protobuf NetParameter/);
  assert.match(result.stderr, /Expected .*\.pth.*a Caffe \.caffemodel/);
  assert.equal(existsSync(output), false);
});

test('models list shows vgg16 with its size and where its checksum comes from', async () => {
  const { env } = setting();
  const result = await runCli(['models', 'list'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^vgg16\s+not cached\s+58\.9 MB/m);
  assert.match(result.stdout, /keras\/applications\/vgg16\.py/);
});
