import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { SHEET_LAYOUT } from '../src/node/contact-sheet.js';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';

const SHARED_MODELS = join(REPO_ROOT, '..', 'shared', 'models');
/** A contact sheet's cell size in these tests. */
const CELL_PX = 64;
/** A stylized cell is the preset's output at the cell size, pixel for pixel (measured: mean difference 0.00). */
const SAME_MEAN = 1;
/**
 * An original in the sheet is the CLI's resize of the photo, the reference sharp's 8-bit one; they
 * round differently (measured: mean 2.3 and 3.1 levels for the cup and the cat at 64 px).
 */
const RESIZED_MEAN = 5;
/** Two different pictures differ by tens of levels (measured: 79 for a cell swapped with another). */
const OTHER_MEAN = 10;

/** An 8-bit RGB picture. */
interface Picture {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * The picture in the sheet's cell (`row`, `column`) (row 0: the style headers; column 0: the
 * originals): `size`'s width × height centred in the cell, where `writeContactSheet` places it.
 */
async function cellOf(sheet: string, row: number, column: number, size: { width: number; height: number }): Promise<Picture> {
  const { marginPx, gapPx, labelHeightPx, titleHeightPx } = SHEET_LAYOUT;
  const left = marginPx + column * (CELL_PX + gapPx) + Math.floor((CELL_PX - size.width) / 2);
  const top = marginPx + titleHeightPx + row * (CELL_PX + labelHeightPx + gapPx) + Math.floor((CELL_PX - size.height) / 2);
  const { data, info } = await sharp(sheet).extract({ left, top, width: size.width, height: size.height }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference of two pictures of one size, in levels. */
function meanDifference(a: Picture, b: Picture): number {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let sum = 0;
  for (let index = 0; index < a.data.length; index++) sum += Math.abs(a.data[index] - b.data[index]);
  return sum / a.data.length;
}

/** `cell` shows `expected`, within `tolerance` levels on average. */
function assertSame(cell: Picture, expected: Picture, tolerance: number, message: string): void {
  const difference = meanDifference(cell, expected);
  assert.ok(difference < tolerance, `${message} (mean difference ${difference.toFixed(2)})`);
}

/** `cell` shows another picture than `other`. */
function assertOther(cell: Picture, other: Picture, message: string): void {
  const difference = meanDifference(cell, other);
  assert.ok(difference > OTHER_MEAN, `${message} (mean difference ${difference.toFixed(2)})`);
}
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
  const [cat, cup] = ['cat_chelsea.jpg', 'coffee_cup.jpg'].map((name) => join(SHARED_IMAGES, 'content', name));
  const result = await runCli(['contact-sheet', '--content', `${cat},${cup}`, '--model', 'udnie,wave', '--cell-size', String(CELL_PX), '-o', output, '--json'], { env });
  assert.equal(result.code, 0, result.stderr);
  const events = parseJsonLines(result.stdout);
  assert.deepEqual(events.filter((event) => event.type === 'cell').map((event) => `${event.content} × ${event.style}`), ['cat_chelsea.jpg × udnie', 'cat_chelsea.jpg × wave', 'coffee_cup.jpg × udnie', 'coffee_cup.jpg × wave']);
  const written = events.find((event) => event.type === 'output');
  const metadata = await sharp(output).metadata();
  assert.deepEqual([metadata.width, metadata.height], [written?.widthPx, written?.heightPx], 'the size it reports is the file\'s');

  // The sheet's cells (row 0: the style headers; column 0: the originals) against the real pictures.
  const resizedContent = async (path: string): Promise<Picture> => {
    const { data, info } = await sharp(path).resize(CELL_PX, CELL_PX, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  };
  const stylized = async (content: string, preset: string): Promise<Picture> => {
    const path = join(work, `sheet-reference-${basename(content, '.jpg')}-${preset}.png`);
    const run = await runCli(['stylize', content, '--model', preset, '--size', String(CELL_PX), '-o', path, '-q'], { env });
    assert.equal(run.code, 0, run.stderr);
    const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  };
  const cell = (row: number, column: number, size: Picture): Promise<Picture> => cellOf(output, row, column, size);
  const catPicture = await resizedContent(cat);
  const cupPicture = await resizedContent(cup);
  assertSame(await cell(1, 0, catPicture), catPicture, RESIZED_MEAN, 'row 1 starts with the cat');
  assertSame(await cell(2, 0, cupPicture), cupPicture, RESIZED_MEAN, 'row 2 starts with the cup');
  // Off the diagonal, so a sheet with rows and columns swapped fails too.
  const catWave = await stylized(cat, 'wave');
  const cupUdnie = await stylized(cup, 'udnie');
  assertSame(await cell(1, 2, catWave), catWave, SAME_MEAN, 'the cat × wave cell is the cat through wave');
  assertSame(await cell(2, 1, cupUdnie), cupUdnie, SAME_MEAN, 'the cup × udnie cell is the cup through udnie');
  assertOther(await cell(1, 1, catWave), catWave, 'cat × udnie is another picture than cat × wave');
  assertOther(await cell(1, 0, catWave), catWave, 'the original is not stylized');
});

test('--strength applies to the quality engine too: 0 gives back the (resized) content', async () => {
  const content = join(SHARED_IMAGES, 'content', 'coffee_cup.jpg');
  const output = join(work, 'quality-strength0.png');
  const result = await runCli(
    ['stylize', content, '--style', join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg'), '--network', 'darknet-tiny', '--weights', 'random', '--size', '48', '-n', '2', '--strength', '0', '-o', output, '-q'],
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
