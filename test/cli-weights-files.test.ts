/**
 * VGG files people already have, as a user meets them: `stylize --network FILE` on the tiny PyTorch
 * fixtures (and what the run says it detected), the bad inputs (an unknown .pth without
 * --preprocessing, an unsafe pickle, a file of no known format), and `models import` → `models list`
 * → `stylize --network NAME`. Tests use dist/: build with `npx tsc -p tsconfig.build.json`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findModel, importWeightsFile, type ModelEntry } from '../src/node/model-store/index.js';
import { parseJsonLines, REPO_ROOT, runCli } from './helpers/cli.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);
const CONTENT = fixture('content-32x24.png');
const STYLE = fixture('style-24x24.png');
const MARKER = (JSON.parse(readFileSync(fixture('torch-weights-expected.json'), 'utf8')) as { marker: string }).marker;
const scratch = mkdtempSync(join(tmpdir(), 'painterly-cli-weights-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

function setting(): { env: Record<string, string>; output: string; home: string } {
  runs++;
  const home = join(scratch, `home-${runs}`);
  return { env: { PAINTERLY_HOME: home }, output: join(scratch, `out-${runs}.png`), home };
}

const stylize = (network: string[], output: string) => ['stylize', CONTENT, '--style', STYLE, ...network, '--size', '32', '--iterations', '2', '-o', output];

test('stylize --network FILE.pth --preprocessing torchvision paints, and the load event says what was detected', async () => {
  const { env, output } = setting();
  const result = await runCli([...stylize(['--network', fixture('tiny-vgg19-torchvision.pth'), '--preprocessing', 'torchvision'], output), '--json'], { env });
  assert.equal(result.code, 0, result.stderr);
  const load = parseJsonLines(result.stdout).find((event) => event.type === 'load')!;
  assert.match(String(load.weights), /^pth-zip:.*tiny-vgg19-torchvision\.pth$/);
  assert.deepEqual(load.weightsFile, { format: 'pth-zip', preprocessing: 'torchvision', reason: 'as the preprocessing option asks' });
  assert.ok(existsSync(output));
});

test('a VGG16 .pth paints with VGG16 (its 13 convolutions decide, not its name) and neural-style\'s layers', async () => {
  const { env, output } = setting();
  const result = await runCli([...stylize(['--network', fixture('tiny-vgg16-torchvision.pth'), '--preprocessing', 'torchvision', '--recipe', 'neural-style'], output), '--json'], { env });
  assert.equal(result.code, 0, result.stderr);
  const load = parseJsonLines(result.stdout).find((event) => event.type === 'load')!;
  assert.equal(load.network, 'VGG16');
  assert.match(String(load.weights), /^pth-zip:.*tiny-vgg16-torchvision\.pth$/);
  assert.ok(existsSync(output));
});

test('a legacy .pth renamed to .bin is still read by its bytes, and the log names the preprocessing', async () => {
  const { env, output } = setting();
  const renamed = join(scratch, 'weights.bin');
  rmSync(renamed, { force: true });
  await import('node:fs/promises').then((fs) => fs.copyFile(fixture('tiny-vgg19-nspt-legacy.pth'), renamed));
  const result = await runCli(stylize(['--network', renamed, '--preprocessing', 'caffe'], output), { env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /with VGG19 \(pth-legacy:.*weights\.bin\)/);
  assert.match(result.stderr, /caffe preprocessing: as the preprocessing option asks/);
});

const badInputs: Array<{ name: string; network: () => string[]; code: number; mentions: RegExp[] }> = [
  { name: 'an unknown .pth without --preprocessing', network: () => ['--network', fixture('tiny-vgg19-torchvision.pth')], code: 2, mentions: [/preprocessing option \(caffe or torchvision\)/, /--preprocessing caffe\|torchvision/] },
  { name: 'a pickle that calls os.system', network: () => ['--network', fixture('malicious-os-system.pth'), '--preprocessing', 'caffe'], code: 1, mentions: [/Refused to read/, /posix\.system/] },
  { name: 'a file of no known format', network: () => ['--network', fixture('style-24x24.png')], code: 1, mentions: [/is not a weights file/, /\.pth/, /\.safetensors/, /\.caffemodel/] },
  { name: '--preprocessing without a weights file', network: () => ['--network', 'darknet-tiny', '--preprocessing', 'caffe'], code: 2, mentions: [/--preprocessing/, /VGG weights file/] },
  { name: 'an unknown --preprocessing', network: () => ['--network', fixture('tiny-vgg19.h5'), '--preprocessing', 'imagenet'], code: 2, mentions: [/caffe, torchvision/, /imagenet/] },
];
for (const { name, network, code, mentions } of badInputs) {
  test(`${name}: a clear error, exit ${code}, nothing written, nothing run`, async () => {
    const { env, output } = setting();
    rmSync(MARKER, { force: true });
    const result = await runCli(stylize(network(), output), { env });
    assert.equal(result.code, code, result.stderr);
    for (const mention of mentions) assert.match(result.stderr, mention);
    assert.ok(!existsSync(output));
    assert.ok(!existsSync(MARKER), 'the pickle ran');
  });
}

test('models import → models list → stylize --network NAME; importing again is recognised', async () => {
  const { env, output, home } = setting();
  const imported = await runCli(['models', 'import', fixture('tiny-vgg19-torchvision.pth'), '--name', 'tv-tiny', '--preprocessing', 'torchvision'], { env });
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /tv-tiny: copied as .*imported\/tv-tiny\/tiny-vgg19-torchvision\.pth/);
  assert.match(imported.stderr, /--network tv-tiny/);
  const stored = join(home, 'imported', 'tv-tiny', 'tiny-vgg19-torchvision.pth');
  assert.deepEqual(readFileSync(stored), readFileSync(fixture('tiny-vgg19-torchvision.pth')));

  const list = await runCli(['models', 'list'], { env });
  assert.match(list.stdout, /tv-tiny +imported .*PyTorch \.pth \(zip format\), torchvision preprocessing/);
  const listed = parseJsonLines((await runCli(['models', 'list', '--json'], { env })).stdout).find((event) => event.type === 'imported')!;
  assert.equal(listed.name, 'tv-tiny');
  assert.equal(listed.sha256, createHash('sha256').update(readFileSync(stored)).digest('hex'));

  const run = await runCli([...stylize(['--network', 'tv-tiny'], output), '--json'], { env });
  assert.equal(run.code, 0, run.stderr);
  const load = parseJsonLines(run.stdout).find((event) => event.type === 'load')!;
  assert.equal(load.weights, `pth-zip:${stored}`);
  assert.equal((load.weightsFile as { preprocessing: string }).preprocessing, 'torchvision');

  const again = await runCli(['models', 'import', fixture('tiny-vgg19-torchvision.pth'), '--name', 'tv-tiny', '--preprocessing', 'torchvision', '--json'], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(parseJsonLines(again.stdout)[0].alreadyImported, true);
  const other = await runCli(['models', 'import', fixture('tiny-vgg19.safetensors'), '--name', 'tv-tiny', '--preprocessing', 'torchvision'], { env });
  assert.equal(other.code, 2);
  assert.match(other.stderr, /another file .* is imported under it/);
  assert.deepEqual(readFileSync(stored), readFileSync(fixture('tiny-vgg19-torchvision.pth')), 'the first import was left alone');
});

test('models import refuses an unsafe file, a built-in name and an unknown .pth without --preprocessing, storing nothing', async () => {
  const { env, home } = setting();
  const unsafe = await runCli(['models', 'import', fixture('malicious-os-system-legacy.pth'), '--preprocessing', 'caffe'], { env });
  assert.equal(unsafe.code, 1);
  assert.match(unsafe.stderr, /Refused to read .*posix\.system/);
  const builtIn = await runCli(['models', 'import', fixture('tiny-vgg19-nspt-legacy.pth'), '--name', 'darknet-tiny', '--preprocessing', 'caffe'], { env });
  assert.equal(builtIn.code, 2);
  assert.match(builtIn.stderr, /not already a built-in model \(darknet-tiny is one\)/);
  const unknown = await runCli(['models', 'import', fixture('tiny-vgg19.safetensors')], { env });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--preprocessing caffe\|torchvision/);
  assert.deepEqual(existsSync(join(home, 'imported')) ? readdirSync(join(home, 'imported')) : [], []);
});

test("a file with the registry's checksum is recognised as the registry's model and stored in its place", async () => {
  const { env, home } = setting();
  const h5 = fixture('tiny-vgg19.h5');
  const md5 = createHash('md5').update(readFileSync(h5)).digest('hex');
  // The real Keras VGG19 is 80 MB and not in the repo: a registry whose vgg19 entry has the fixture's MD5 stands in.
  const registry: ModelEntry[] = [{ ...findModel('vgg19'), files: [{ ...findModel('vgg19').files[0], checksum: { algorithm: 'md5', hex: md5 } }] }];
  const first = await importWeightsFile(h5, { env, registry });
  assert.equal(first.kind, 'registry');
  assert.equal(first.kind === 'registry' && first.name, 'vgg19');
  const stored = join(home, 'models', 'vgg19', findModel('vgg19').files[0].name);
  assert.deepEqual(readFileSync(stored), readFileSync(h5));
  const second = await importWeightsFile(h5, { env, registry });
  assert.equal(second.kind === 'registry' && second.alreadyCached, true);
  assert.ok(!existsSync(join(home, 'imported')));
});
