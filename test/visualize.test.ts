/**
 * The unit visualizer: streaming top activations with non-maximum suppression against a brute-force
 * reference, a hand-made vertical-edge unit that must find exactly the vertical edges of a synthetic
 * image set, and the `painterly visualize` command (grid, --json records, errors).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import sharp from 'sharp';
import { createRng } from '../src/engine/random.js';
import type { ConvWeights, NetworkWeights } from '../src/engine/network/types.js';
import { vgg19Table } from '../src/engine/vgg/architecture.js';
import { pickTopUnits, TopActivations, type ActivationRecord } from '../src/engine/visualize/top-activations.js';
import { parseUnitList } from '../src/cli/commands/visualize-options.js';
import { visualizeFolder, type VisualizeEvent, type VisualizedRecord } from '../src/node/visualize.js';
import { listImageFiles } from '../src/node/visualize-images.js';
import { gridTitle } from '../src/node/patch-grid.js';
import { parseJsonLines, runCli } from './helpers/cli.js';
import { FIXTURES } from './helpers/repo-root.js';

// ---------------------------------------------------------------------------------------------
// Streaming top-k with NMS

/** Greedy NMS over every positive activation of every image at once: the definition the streaming class must match. */
function referenceTop(planes: readonly Float32Array[], width: number, radius: number, perUnit: number): ActivationRecord[] {
  const all: ActivationRecord[] = [];
  planes.forEach((plane, image) => plane.forEach((activation, i) => {
    if (activation > 0) all.push({ image, x: i % width, y: Math.floor(i / width), activation });
  }));
  all.sort((a, b) => b.activation - a.activation);
  const kept: ActivationRecord[] = [];
  for (const candidate of all) {
    if (kept.length === perUnit) break;
    const near = kept.some((record) => record.image === candidate.image && Math.max(Math.abs(record.x - candidate.x), Math.abs(record.y - candidate.y)) < radius);
    if (!near) kept.push(candidate);
  }
  return kept;
}

test('streaming top-9 with suppression equals greedy NMS over all images at once', () => {
  const rng = createRng(11);
  const [units, height, width, images] = [3, 7, 9, 5];
  for (const radius of [1, 2, 3]) {
    const top = new TopActivations({ units: [0, 2], radius });
    const planesOf: Float32Array[][] = [[], [], []];
    for (let image = 0; image < images; image++) {
      const activation = Float32Array.from({ length: units * height * width }, () => Math.max(0, rng.normal()));
      for (let unit = 0; unit < units; unit++) planesOf[unit].push(activation.slice(unit * height * width, (unit + 1) * height * width));
      top.add(image, activation, [units, height, width]);
    }
    const results = top.results();
    assert.deepEqual(results.map((entry) => entry.unit), [0, 2]);
    for (const { unit, records } of results) {
      assert.deepEqual(records, referenceTop(planesOf[unit], width, radius, 9), `unit ${unit}, radius ${radius}`);
    }
  }
});

test('a unit that is never positive keeps no records, and pickTopUnits ranks by the maximum', () => {
  const top = new TopActivations({ units: [0, 1, 2], radius: 2 });
  const activation = new Float32Array(3 * 4);
  activation.set([0, 5, 0, 1], 0); // unit 0: max 5
  activation.set([0, 0, 0, 0], 4); // unit 1: dead
  activation.set([7, 0, 0, 0], 8); // unit 2: max 7
  top.add(0, activation, [3, 2, 2]);
  const results = top.results();
  assert.deepEqual(results[1], { unit: 1, records: [] });
  // Radius 2 on a 2×2 plane: the first pick suppresses the whole plane, so one record per image.
  assert.deepEqual(results[0].records, [{ image: 0, x: 1, y: 0, activation: 5 }]);
  assert.deepEqual(pickTopUnits(results, 2).map((entry) => entry.unit), [2, 0]);
  assert.throws(() => top.add(1, new Float32Array(5), [3, 2, 2]), /12 values/);
});

test('--units lists and ranges parse in order without repeats; bad ones are refused', () => {
  assert.deepEqual(parseUnitList(['0-3']), [0, 1, 2, 3]);
  assert.deepEqual(parseUnitList(['3', '7', '9-11']), [3, 7, 9, 10, 11]);
  assert.deepEqual(parseUnitList(['5', '2-6']), [5, 2, 3, 4, 6]);
  for (const bad of ['a', '5-3', '-2', '1.5', '2-']) assert.throws(() => parseUnitList([bad]), /Expected unit numbers or ranges/, bad);
});

// ---------------------------------------------------------------------------------------------
// A hand-made vertical-edge unit over a synthetic image set

const SIDE = 32;
/** Gray 115 ≈ the ImageNet mean (gray 114.80): ~0 after preprocessing, so image borders barely fire. */
const NEUTRAL = 115;
/** Contrasts of the vertical edge images; the nine largest must be found, the last one (weakest) not. */
const EDGE_CONTRASTS = [190, 180, 170, 160, 150, 140, 130, 120, 110, 50];
/** Edge image k: the step at column 5 + 2k, in rows 25 − 2k … 27 − 2k. */
const edgeColumn = (k: number): number => 5 + 2 * k;
const edgeTopRow = (k: number): number => 25 - 2 * k;

/**
 * A gray image; in three rows a dark-to-bright step around column e: dark (115 − c/2) left of e,
 * the mid value at e, bright (115 + c/2) right of e up to the border. Sobel-x on gray then peaks
 * only at (e, top + 1) with (1 + 2 + 1)·c: the ramp makes the column unique, the three rows the row.
 * What survives suppression elsewhere is ≤ c; the borders see dark on the left and bright on the
 * right, which the ReLU'd detector ignores.
 */
function edgeImage(k: number): Uint8Array {
  const contrast = EDGE_CONTRASTS[k];
  const pixels = new Uint8Array(SIDE * SIDE * 3).fill(NEUTRAL);
  for (let y = edgeTopRow(k); y < edgeTopRow(k) + 3; y++) {
    for (let x = 0; x < SIDE; x++) {
      const x0 = edgeColumn(k);
      const value = x < x0 ? NEUTRAL - contrast / 2 : x === x0 ? NEUTRAL : NEUTRAL + contrast / 2;
      pixels.fill(value, (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
    }
  }
  return pixels;
}

/** Top half gray 40, bottom half gray 190: a strong horizontal edge (Sobel-x: 0; borders: ≤ 4·75 < 4·110). */
function horizontalImage(splitRow: number): Uint8Array {
  const pixels = new Uint8Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) pixels.fill(y < splitRow ? 40 : 190, y * SIDE * 3, (y + 1) * SIDE * 3);
  return pixels;
}

/** A flat colour whose gray value is 115 (the channel sum is 345). */
function flatImage([r, g, b]: [number, number, number]): Uint8Array {
  const pixels = new Uint8Array(SIDE * SIDE * 3);
  for (let i = 0; i < SIDE * SIDE; i++) pixels.set([r, g, b], i * 3);
  return pixels;
}

async function writePng(path: string, pixels: Uint8Array): Promise<void> {
  await sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toFile(path);
}

/** Writes the synthetic set: vertical/, horizontal/, flat/ (recursion), plus files the walk must skip or report. */
async function writeEdgeImageSet(dir: string): Promise<void> {
  for (const sub of ['vertical', 'horizontal', 'flat', '.hidden']) await mkdir(join(dir, sub), { recursive: true });
  for (let k = 0; k < EDGE_CONTRASTS.length; k++) await writePng(join(dir, 'vertical', `edge-${EDGE_CONTRASTS[k]}.png`), edgeImage(k));
  await writePng(join(dir, 'horizontal', 'h-10.png'), horizontalImage(10));
  await writePng(join(dir, 'horizontal', 'h-20.png'), horizontalImage(20));
  for (const [index, colour] of ([[160, 100, 85], [90, 140, 115], [100, 105, 140]] as const).entries()) {
    await writePng(join(dir, 'flat', `flat-${index}.png`), flatImage([...colour]));
  }
  await writePng(join(dir, '.hidden', 'edge.png'), edgeImage(0));
  await writeFile(join(dir, 'notes.txt'), 'not an image\n');
  await writeFile(join(dir, 'broken.png'), 'not a PNG either\n');
}

/** Sobel-x on the gray value, Keras layout [3,3,in,out]: K[y][x] = [1,2,1][y]·[−1,0,1][x] / 3 for each of the 3 input channels. */
function sobelKernel(outChannels: number): Float32Array {
  const kernel = new Float32Array(9 * 3 * outChannels);
  const rowWeights = [1, 2, 1];
  const columnWeights = [-1, 0, 1];
  for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) for (let i = 0; i < 3; i++) kernel[((y * 3 + x) * 3 + i) * outChannels] = (rowWeights[y] * columnWeights[x]) / 3;
  return kernel;
}

/**
 * conv1_1 with 4 units: 0 = vertical (dark-to-bright) edge detector; 1 = brightness above the mean
 * (centre tap 1/3 per channel); 2, 3 = zero (never active).
 */
function edgeDetectorWeights(): NetworkWeights {
  const kernel = sobelKernel(4);
  for (let i = 0; i < 3; i++) kernel[((1 * 3 + 1) * 3 + i) * 4 + 1] = 1 / 3;
  const conv: ConvWeights = { kernel, bias: new Float32Array(4), inChannels: 3, outChannels: 4, kernelSize: 3 };
  return { network: vgg19Table([4, 4, 4, 4, 4]), layers: new Map([['conv1_1', conv]]), source: 'test:sobel', pretrained: false };
}

/** float32 rounding of the mean-subtracted inputs (e.g. 210 − 103.939) and of the /3 taps: ~1e-5 relative; 1e-4 leaves room. */
const ACTIVATION_TOLERANCE = 1e-4;

function assertVerticalEdges(records: ReadonlyArray<Pick<VisualizedRecord, 'image' | 'x' | 'y' | 'activation'>>, dir: string): void {
  assert.equal(records.length, 9);
  records.forEach((record, k) => {
    const expected = { image: join(dir, 'vertical', `edge-${EDGE_CONTRASTS[k]}.png`), x: edgeColumn(k), y: edgeTopRow(k) + 1 };
    assert.deepEqual({ image: record.image, x: record.x, y: record.y }, expected, `record ${k}`);
    const peak = 4 * EDGE_CONTRASTS[k];
    assert.ok(Math.abs(record.activation - peak) <= ACTIVATION_TOLERANCE * peak, `record ${k}: activation ${record.activation}, expected ${peak}`);
  });
}

test('a vertical-edge unit finds exactly the nine strongest vertical edges, strongest first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-visualize-'));
  try {
    await writeEdgeImageSet(dir);
    const events: VisualizeEvent[] = [];
    const options = { images: dir, layer: 'conv1_1', sizePx: SIDE, weights: edgeDetectorWeights(), pooling: 'avg' as const, threads: 1 };
    const result = await visualizeFolder({ ...options, units: [0, 1, 2] }, { onProgress: (event) => events.push(event) });

    const [edges, brightness, dead] = result.units;
    assertVerticalEdges(edges.records, dir);
    assert.deepEqual(edges.records[0].box, { left: edgeColumn(0) - 1, top: edgeTopRow(0), width: 3, height: 3 });
    assert.deepEqual(dead, { unit: 2, records: [] });
    // Suppression: no two records of one image closer than 2 positions (conv1_1: ceil(3 / 1 / 2)).
    assert.equal(brightness.records.length, 9);
    for (const a of brightness.records) {
      for (const b of brightness.records) {
        if (a !== b && a.image === b.image) assert.ok(Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y)) >= 2, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    for (let i = 1; i < brightness.records.length; i++) assert.ok(brightness.records[i - 1].activation >= brightness.records[i].activation);

    // The walk: 15 images (hidden folder and .txt ignored) + broken.png, which is skipped with an event.
    assert.equal(events[0].type === 'start' && events[0].images, 16);
    assert.deepEqual(events.filter((event) => event.type === 'skip').map((event) => event.type === 'skip' && event.path), [join(dir, 'broken.png')]);
    assert.deepEqual(events.at(-1), { ...events.at(-1), type: 'done', images: 15, skipped: 1 });
    assert.equal(result.imageCount, 15);

    const top = await visualizeFolder({ ...options, topUnits: 2 });
    assert.deepEqual(top.units.map((unit) => unit.unit), [0, 1]);

    // The grid's title names the pooling the run used (the studio's once said "avg pooling" for Darknet's max too).
    assert.match(gridTitle(result).details, /· avg pooling$/);
    const maxPooled = await visualizeFolder({ ...options, pooling: 'max', units: [0] });
    assert.equal(maxPooled.pooling, 'max');
    assert.match(gridTitle(maxPooled).details, /· max pooling$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the folder walk is sorted, skips hidden entries and other files, and follows links once without looping', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-visualize-walk-'));
  try {
    await mkdir(join(dir, 'b', '.git'), { recursive: true });
    for (const name of ['b/z.PNG', 'b/a.jpeg', 'b/.git/c.png', 'a.tif', 'B.gif', 'b/notes.md']) await writeFile(join(dir, name), '');
    await symlink(join(dir, 'b'), join(dir, 'c-link'));
    await symlink(dir, join(dir, 'b', 'loop'));
    // Byte order puts upper case first; c-link is the folder b again and b/loop the root again: both skipped.
    assert.deepEqual(
      (await listImageFiles(dir)).map((file) => file.slice(dir.length + 1)),
      ['B.gif', 'a.tif', 'b/a.jpeg', 'b/z.PNG'],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The command

/** All 16 layers in the real Keras file layout, tiny widths (see test/fixtures/README.md). */
const TINY_WEIGHTS = join(FIXTURES, 'tiny-vgg19.h5');

/** Writes `edgeDetectorWeights()` as a Keras 1-style HDF5 file holding only block1_conv1. */
async function writeSobelWeightsFile(path: string): Promise<void> {
  await h5wasm.ready;
  const conv = edgeDetectorWeights().layers.get('conv1_1')!;
  const file = new h5wasm.File(path, 'w');
  try {
    file.create_attribute('layer_names', ['block1_conv1']);
    const group = file.create_group('block1_conv1');
    group.create_attribute('weight_names', ['block1_conv1_W_1:0', 'block1_conv1_b_1:0']);
    group.create_dataset({ name: 'block1_conv1_W_1:0', data: conv.kernel, shape: [3, 3, 3, 4] });
    group.create_dataset({ name: 'block1_conv1_b_1:0', data: conv.bias });
  } finally {
    file.close();
  }
}

test('painterly visualize draws the grid and prints the records; a hand-made weights file finds the edges', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-visualize-cli-'));
  try {
    const images = join(dir, 'images');
    await mkdir(images);
    await writeEdgeImageSet(images);
    const home = { PAINTERLY_HOME: join(dir, 'home') };

    const grid = join(dir, 'grid.png');
    const random = await runCli(['visualize', '--layer', 'conv1_1', '--units', '0-2,5', '--images', images, '--weights', 'random:3', '--size', '32', '--threads', '1', '--json', '-o', grid], { env: home });
    assert.equal(random.code, 0, random.stderr);
    // By hand (docs/visualize.md): 2·8 margin + 120 label + 9 cells of 66 px (3 px × 22) + 8 gaps of 4 = 762 wide;
    // 2·8 + 48 title + 4 rows of 66 + 3 gaps of 4 = 340 high.
    assert.deepEqual(await sharp(grid).metadata().then(({ width, height }) => [width, height]), [762, 340]);
    const events = parseJsonLines(random.stdout);
    assert.deepEqual([...new Set(events.map((event) => event.type))], ['start', 'skip', 'image', 'done', 'unit', 'output']);
    const unitEvents = events.filter((event) => event.type === 'unit');
    assert.deepEqual(unitEvents.map((event) => event.unit), [0, 1, 2, 5]);
    for (const event of unitEvents) {
      const records = event.records as VisualizedRecord[];
      assert.ok(records.length <= 9);
      for (const record of records) assert.deepEqual(Object.keys(record).sort(), ['activation', 'box', 'image', 'x', 'y']);
    }
    assert.deepEqual(events.at(-1), { type: 'output', path: grid, widthPx: 762, heightPx: 340 });

    const weightsFile = join(dir, 'sobel.h5');
    await writeSobelWeightsFile(weightsFile);
    const edges = await runCli(['visualize', '--layer', 'conv1_1', '--units', '0', '--images', images, '--weights', weightsFile, '--size', '32', '--threads', '1', '--json', '-o', join(dir, 'edges.png')], { env: home });
    assert.equal(edges.code, 0, edges.stderr);
    const [unit0] = parseJsonLines(edges.stdout).filter((event) => event.type === 'unit');
    assertVerticalEdges(unit0.records as VisualizedRecord[], images);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('painterly visualize refuses bad input with a clear message, exit 2 or 1, and writes nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-visualize-bad-'));
  try {
    const images = join(dir, 'images');
    const empty = join(dir, 'empty');
    await mkdir(images);
    await mkdir(empty);
    await writePng(join(images, 'a.png'), flatImage([160, 100, 85]));
    const output = join(dir, 'grid.png');
    // The tiny fixture (widths 4, 6, 8, 8, 8) loads in milliseconds; random VGG19 weights take a second each run.
    const base = ['visualize', '--weights', TINY_WEIGHTS, '--size', '32', '--threads', '1', '-o', output];
    const cases: Array<[args: string[], code: number, message: string]> = [
      [['--layer', 'conv1_1', '--units', '4', '--images', images], 2, 'Expected unit numbers 0–3 (conv1_1 has 4 units) for --units but received 4'],
      [['--layer', 'conv1_1', '--units', '2-x', '--images', images], 2, 'ranges such as 0-15'],
      [['--layer', 'conv1_1', '--units', '1', '--top-units', '3', '--images', images], 2, 'either units or top units'],
      [['--layer', 'conv2_1', '--top-units', '7', '--images', images], 2, 'from 1 to 6'],
      [['--layer', 'conv1_1', '--images', images, '--weights', 'random:x'], 2, 'random or random:SEED'],
      [['--layer', 'conv9_1', '--images', images], 2, 'VGG19 layer name'],
      [['--layer', 'conv1_1', '--images', empty], 2, 'found none'],
      [['--layer', 'conv4_1', '--size', '4', '--images', images], 2, 'from 8 to 2048'],
      [['--layer', 'conv1_1', '--images', join(dir, 'missing')], 1, 'does not exist'],
      [['--layer', 'conv1_1', '--images', images, '-o', join(dir, 'no-dir', 'grid.png')], 1, 'does not exist'],
      [['--layer', 'conv1_1', images], 2, 'goes after --images'],
      [['--images', images], 2, 'Expected a layer (--layer'],
      [['--layer', 'conv1_1'], 2, 'Expected a folder of images (--images DIR)'],
    ];
    for (const [args, code, message] of cases) {
      const result = await runCli([...base, ...args], { env: { PAINTERLY_HOME: join(dir, 'home') } });
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.ok(result.stderr.includes(message), `${args.join(' ')}: ${result.stderr}`);
      assert.ok(!result.stderr.includes('    at '), 'no stack trace');
      assert.equal(existsSync(output), false, `${args.join(' ')} wrote a file`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
