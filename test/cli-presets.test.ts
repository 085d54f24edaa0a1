import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';

const SHARED_MODELS = join(REPO_ROOT, '..', 'shared', 'models');
let home: string;
let work: string;
let env: Record<string, string>;

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'painterly-presets-home-'));
  work = await mkdtemp(join(tmpdir(), 'painterly-presets-out-'));
  // Presets come from ../shared/models through the mirror, into a temp cache: never the network.
  env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: SHARED_MODELS };
});

after(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

test('stylize --model fetches the preset through the mirror and keeps odd input sizes exactly', async () => {
  for (const [width, height] of [[63, 65], [201, 64]] as const) {
    const input = join(work, `odd-${width}x${height}.png`);
    await sharp(join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg')).resize(width, height, { fit: 'fill' }).png().toFile(input);
    const output = join(work, `odd-${width}x${height}-udnie.png`);
    const result = await runCli(['stylize', input, '--model', 'udnie', '--output', output, '--json'], { env });
    assert.equal(result.code, 0, result.stderr);
    const events = parseJsonLines(result.stdout);
    assert.ok(events.some((event) => event.type === 'done'), result.stdout);
    const written = await sharp(output).metadata();
    assert.deepEqual([written.width, written.height], [width, height]);
    const original = await sharp(input).raw().toBuffer();
    const stylized = await sharp(output).removeAlpha().raw().toBuffer();
    let difference = 0;
    for (let i = 0; i < original.length; i++) difference += Math.abs(original[i] - stylized[i]);
    assert.ok(difference / original.length > 10, 'the preset changed the image');
  }
  const cached = await readdir(join(home, 'models', 'fast-style', 'udnie'));
  assert.ok(cached.includes('manifest.json') && cached.includes('Variable_47'), cached.join(','));
});

test('--strength 0 gives back the content; --size sets the long side', async () => {
  const content = join(SHARED_IMAGES, 'content', 'coffee_cup.jpg');
  const output = join(work, 'strength0.png');
  const result = await runCli(['stylize', content, '--model', 'wave', '--strength', '0', '--size', '120', '-o', output, '-q'], { env });
  assert.equal(result.code, 0, result.stderr);
  const metadata = await sharp(output).metadata();
  assert.deepEqual([metadata.width, metadata.height], [120, 80]);
  const expected = await sharp(content).resize(120, 80).raw().toBuffer();
  const actual = await sharp(output).raw().toBuffer();
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference += Math.abs(expected[i] - actual[i]);
  // Same resize in both (Lanczos via sharp, ours in 16-bit): within a couple of levels on average.
  assert.ok(difference / expected.length < 3, `mean difference ${difference / expected.length}`);
});

test('bad preset input: unknown name lists the presets, quality-only flags are refused, nothing is written', async () => {
  const content = join(SHARED_IMAGES, 'content', 'coffee_cup.jpg');
  const output = join(work, 'kept.png');
  await writeFile(output, 'precious');
  const cases: Array<[string[], number, RegExp]> = [
    [['--model', 'monet'], 2, /Unknown model "monet".*udnie/],
    [['--model', 'vgg19'], 2, /not a fast-style preset.*la_muse/],
    [['--model', 'udnie', '--iterations', '5'], 2, /--iterations belongs to the quality engine/],
    [['--model', 'udnie', '--strength', '2'], 2, /Expected a number ≤ 1 for --strength but received 2/],
    [['--style', content, '--tile-size', '256'], 2, /--tile-size applies to fast presets/],
  ];
  for (const [args, code, message] of cases) {
    const result = await runCli(['stylize', content, ...args, '-o', output], { env });
    assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.equal(await readFile(output, 'utf8'), 'precious');
  }
});

test('contact-sheet lays out contents × presets with the originals', async () => {
  const output = join(work, 'sheet.png');
  const contents = ['cat_chelsea.jpg', 'coffee_cup.jpg'].map((name) => join(SHARED_IMAGES, 'content', name));
  const result = await runCli(
    ['contact-sheet', '--content', contents.join(','), '--model', 'udnie,wave', '--cell-size', '64', '-o', output, '--json'],
    { env },
  );
  assert.equal(result.code, 0, result.stderr);
  const cells = parseJsonLines(result.stdout).filter((event) => event.type === 'cell');
  assert.equal(cells.length, 4);
  const metadata = await sharp(output).metadata();
  // 3 columns and 3 rows of 64 px cells (+ labels, gaps, margins, title): see SHEET_LAYOUT.
  assert.equal(metadata.width, 2 * 12 + 3 * (64 + 6) - 6);
  assert.equal(metadata.height, 2 * 12 + 40 + 3 * (64 + 22 + 6) - 6);
});

test('--strength applies to the quality engine too: 0 gives back the (resized) content', async () => {
  const content = join(SHARED_IMAGES, 'content', 'coffee_cup.jpg');
  const output = join(work, 'quality-strength0.png');
  const result = await runCli(
    ['stylize', content, '--style', join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg'), '--weights', 'random', '--size', '48', '-n', '2', '--strength', '0', '-o', output, '-q'],
    { env },
  );
  assert.equal(result.code, 0, result.stderr);
  const expected = await sharp(content).resize(48, 32).raw().toBuffer();
  const actual = await sharp(output).raw().toBuffer();
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference += Math.abs(expected[i] - actual[i]);
  // The same content resize (ours in 16-bit, sharp's here): within a couple of levels on average.
  assert.ok(difference / expected.length < 3, `mean difference ${difference / expected.length}`);
});
