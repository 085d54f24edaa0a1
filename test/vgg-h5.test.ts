/**
 * Reading Keras HDF5 VGG19 weights (src/node/vgg-h5.ts) and the weight helpers of src/engine/vgg/weights.ts.
 * Expected numbers come from h5py: they are printed by `scripts/reference/make_fixtures.py`, which wrote the fixtures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { isPainterlyError, type PainterlyErrorCode } from '../src/engine/errors.js';
import { readKerasVggWeights } from '../src/node/vgg-h5.js';
import { kerasLayerName, randomVggWeights } from '../src/engine/vgg/weights.js';
import { validateNetworkWeights } from '../src/engine/network/weights.js';
import { VGG19_CONV_LAYERS } from '../src/engine/vgg/architecture.js';
import type { ConvWeights, NetworkWeights } from '../src/engine/network/types.js';
import { FIXTURES as FIXTURES_DIR } from './helpers/repo-root.js';

const FIXTURES = FIXTURES_DIR + '/';
const TINY = join(FIXTURES, 'tiny-vgg19.h5');
const LEGACY = join(FIXTURES, 'tiny-vgg19-legacy.h5');
/** Output channels of conv1_1 … conv5_4 in the tiny fixture (block widths 4, 6, 8, 8, 8). */
const TINY_WIDTHS = [4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8];
/** Sums of float32 values accumulate in a different order than numpy's; this covers that rounding. */
const SUM_TOLERANCE = 1e-5;

/** Asserts that `action` rejects with a PainterlyError of `code` whose message contains every one of `parts`. */
async function rejectsWith(action: () => unknown, code: PainterlyErrorCode, parts: string[]): Promise<void> {
  await assert.rejects(async () => action(), (error: unknown) => {
    assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const part of parts) assert.ok(error.message.includes(part), `message lacks "${part}": ${error.message}`);
    return true;
  });
}

function layer(weights: NetworkWeights, name: string): ConvWeights {
  const conv = weights.layers.get(name);
  assert.ok(conv, `missing ${name}`);
  return conv;
}

function withLayer(weights: NetworkWeights, name: string, conv: ConvWeights | undefined): NetworkWeights {
  const layers = new Map(weights.layers);
  if (conv) layers.set(name, conv);
  else layers.delete(name);
  return { ...weights, layers };
}

test('VGG19 layer names map to Keras names', () => {
  assert.equal(VGG19_CONV_LAYERS.length, 16);
  assert.deepEqual(VGG19_CONV_LAYERS.slice(0, 5), ['conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1']);
  assert.equal(VGG19_CONV_LAYERS[15], 'conv5_4');
  assert.equal(kerasLayerName('conv2_1'), 'block2_conv1');
  assert.equal(kerasLayerName('conv5_4'), 'block5_conv4');
  assert.throws(() => kerasLayerName('conv2_3'), (error: unknown) => isPainterlyError(error) && error.code === 'INVALID_OPTION');
});

test('reads the new-style tiny Keras file with widths from the file and values as h5py reads them', async () => {
  const weights = await readKerasVggWeights(TINY);
  assert.equal(weights.source, `keras-h5:${TINY}`);
  assert.equal(weights.pretrained, true);
  assert.deepEqual([...weights.layers.keys()], VGG19_CONV_LAYERS);
  VGG19_CONV_LAYERS.forEach((name, index) => {
    assert.equal(layer(weights, name).outChannels, TINY_WIDTHS[index], name);
    assert.equal(layer(weights, name).inChannels, index === 0 ? 3 : TINY_WIDTHS[index - 1], name);
  });
  validateNetworkWeights(weights, 'conv5_4');

  const conv11 = layer(weights, 'conv1_1');
  assert.deepEqual([...conv11.kernel.slice(0, 4)], [0.17633773386478424, 0.12773294746875763, -0.17500804364681244, -0.3206813931465149]);
  assert.equal(conv11.kernel[conv11.kernel.length - 1], -0.6350764632225037);
  // kernel[0,1,2,3] of a row-major [3,3,3,4] array sits at ((0*3+1)*3+2)*4+3 = 23.
  assert.equal(conv11.kernel[23], -0.03527618944644928);
  assert.deepEqual([...conv11.bias], [0.8321427702903748, -3.506823778152466, 3.515861749649048, 1.5214078426361084]);
  const conv21 = layer(weights, 'conv2_1');
  assert.deepEqual([...conv21.kernel.slice(0, 4)], [0.1348990947008133, -0.11386162787675858, 0.4813947379589081, -0.0028742458671331406]);
  assert.deepEqual([...conv21.bias], [1.8346364498138428, -2.0800719261169434, -1.4840000867843628, -1.8035520315170288, -1.2133375406265259, -0.008703543804585934]);
  const conv54 = layer(weights, 'conv5_4');
  assert.ok(Math.abs(conv54.kernel.reduce((sum, value) => sum + value, 0) - 5.842272784120723) < SUM_TOLERANCE);
  assert.equal(conv54.kernel[conv54.kernel.length - 1], 0.2270212322473526);
  assert.equal(conv54.bias[5], -3.8228416442871094);
});

test('reads the legacy _W_1:0/_b_1:0 spelling with the bias listed first, to the same numbers', async () => {
  const [modern, legacy] = await Promise.all([readKerasVggWeights(TINY), readKerasVggWeights(LEGACY)]);
  assert.deepEqual([...legacy.layers.keys()], ['conv1_1', 'conv1_2', 'conv2_1']);
  for (const name of legacy.layers.keys()) assert.deepEqual(layer(legacy, name), layer(modern, name), name);
  validateNetworkWeights(legacy, 'conv2_1');
  assert.throws(() => validateNetworkWeights(legacy, 'conv3_1'), (error: unknown) =>
    isPainterlyError(error) && error.code === 'WEIGHTS_INVALID' && error.message.includes('conv2_2') && error.message.includes('missing'));
});

test('validateNetworkWeights names the layer and shapes that are wrong', async () => {
  const weights = await readKerasVggWeights(TINY);
  const invalid = (candidate: NetworkWeights, deepest: string, parts: string[]) =>
    rejectsWith(() => validateNetworkWeights(candidate, deepest), 'WEIGHTS_INVALID', parts);
  await invalid(withLayer(weights, 'conv3_1', undefined), 'conv4_2', ['conv3_1', 'missing', 'conv4_2']);
  validateNetworkWeights(withLayer(weights, 'conv5_2', undefined), 'conv5_1'); // layers past the deepest one are not needed
  const conv21 = layer(weights, 'conv2_1');
  const fiveIn: ConvWeights = { ...conv21, inChannels: 5, kernel: new Float32Array(9 * 5 * 6) };
  await invalid(withLayer(weights, 'conv2_1', fiveIn), 'conv5_1', ['conv2_1', 'expects 4 input channels', 'conv1_2', '[3,3,5,6]']);
  const greyInput: ConvWeights = { kernel: new Float32Array(9 * 4), bias: new Float32Array(4), inChannels: 1, outChannels: 4, kernelSize: 3 };
  await invalid(withLayer(weights, 'conv1_1', greyInput), 'conv1_1', ['conv1_1', 'expects 3 input channels', 'RGB']);
  await invalid(withLayer(weights, 'conv2_1', { ...conv21, kernel: conv21.kernel.subarray(1) }), 'conv2_1', ['conv2_1', '3×3', '[3,3,4,6]']);
  await invalid(withLayer(weights, 'conv2_1', { ...conv21, bias: new Float32Array(5) }), 'conv2_1', ['conv2_1', 'bias of 5']);
  await invalid(withLayer(weights, 'conv2_1', { ...conv21, bias: new Float32Array(6).fill(Number.NaN) }), 'conv2_1', ['conv2_1', 'NaN']);
  assert.throws(() => validateNetworkWeights(weights, 'conv6_1'), (error: unknown) => isPainterlyError(error) && error.code === 'INVALID_OPTION');
});

test('randomVggWeights is deterministic per seed, standard-width and He-scaled', () => {
  const weights = randomVggWeights(42);
  assert.equal(weights.source, 'random:42');
  assert.equal(weights.pretrained, false);
  validateNetworkWeights(weights, 'conv5_4');
  const widths = VGG19_CONV_LAYERS.map((name) => layer(weights, name).outChannels);
  assert.deepEqual(widths, [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512]);
  const conv31 = layer(weights, 'conv3_1');
  const mean = conv31.kernel.reduce((sum, value) => sum + value, 0) / conv31.kernel.length;
  const std = Math.sqrt(conv31.kernel.reduce((sum, value) => sum + (value - mean) ** 2, 0) / conv31.kernel.length);
  // 295 k samples: the sample standard deviation is within 1% of sqrt(2 / (9·128)) with overwhelming probability.
  assert.ok(Math.abs(std / Math.sqrt(2 / (9 * 128)) - 1) < 0.01, `std ${std}`);
  assert.ok(Math.abs(mean) < 0.001, `mean ${mean}`);
  assert.ok(conv31.bias.every((value) => value === 0));

  const tiny = (seed: number) => randomVggWeights(seed, [4, 6, 8, 8, 8]);
  assert.deepEqual(tiny(7), tiny(7));
  assert.notDeepEqual(layer(tiny(7), 'conv1_1').kernel, layer(tiny(8), 'conv1_1').kernel);
  assert.deepEqual(VGG19_CONV_LAYERS.map((name) => layer(tiny(7), name).outChannels), TINY_WIDTHS);
});

test('a missing file is WEIGHTS_NOT_FOUND and says how to get the weights', async () => {
  const missing = join(FIXTURES, 'no-such-vgg19.h5');
  await rejectsWith(() => readKerasVggWeights(missing), 'WEIGHTS_NOT_FOUND', [missing, 'painterly models download vgg19', '`weights=random`']);
  await rejectsWith(() => readKerasVggWeights(FIXTURES), 'WEIGHTS_NOT_FOUND', ['not a file']);
});

test('garbage, truncated and wrongly laid out files are WEIGHTS_INVALID saying what is wrong', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-vgg-h5-'));
  try {
    const garbage = join(dir, 'garbage.h5');
    await writeFile(garbage, 'this is not an HDF5 file\n'.repeat(40));
    await rejectsWith(() => readKerasVggWeights(garbage), 'WEIGHTS_INVALID', [garbage, 'not an HDF5 file', 'painterly models download vgg19']);

    const truncated = join(dir, 'truncated.h5');
    await writeFile(truncated, (await readFile(TINY)).subarray(0, 4000));
    await rejectsWith(() => readKerasVggWeights(truncated), 'WEIGHTS_INVALID', ['truncated', '4000 bytes']);

    await h5wasm.ready;
    const write = (name: string, build: (file: InstanceType<typeof h5wasm.File>) => void): string => {
      const path = join(dir, name);
      const file = new h5wasm.File(path, 'w');
      try {
        build(file);
      } finally {
        file.close();
      }
      return path;
    };
    /** One layer group in the old spelling (datasets directly in the group), writing only the `written` datasets. */
    const conv = (file: InstanceType<typeof h5wasm.File>, kernelShape: number[], biasLength: number, written = ['W', 'b'], listed = written) => {
      const group = file.create_group('block1_conv1');
      group.create_attribute('weight_names', listed.map((role) => `block1_conv1_${role}_1:0`));
      const size = kernelShape.reduce((product, dim) => product * dim, 1);
      if (written.includes('W')) group.create_dataset({ name: 'block1_conv1_W_1:0', data: new Float32Array(size), shape: kernelShape });
      if (written.includes('b')) group.create_dataset({ name: 'block1_conv1_b_1:0', data: new Float32Array(biasLength) });
    };
    const fiveByFive = write('five-by-five.h5', (file) => conv(file, [5, 5, 3, 4], 4));
    await rejectsWith(() => readKerasVggWeights(fiveByFive), 'WEIGHTS_INVALID', ['block1_conv1', '[5,5,3,4]', '[3,3,in,out]']);
    const theano = write('theano.h5', (file) => conv(file, [4, 3, 3, 3], 4));
    await rejectsWith(() => readKerasVggWeights(theano), 'WEIGHTS_INVALID', ['[4,3,3,3]']);
    const wrongBias = write('wrong-bias.h5', (file) => conv(file, [3, 3, 3, 4], 5));
    await rejectsWith(() => readKerasVggWeights(wrongBias), 'WEIGHTS_INVALID', ['[3,3,3,4]', 'bias [5]']);
    const noBias = write('no-bias.h5', (file) => conv(file, [3, 3, 3, 4], 4, ['W']));
    await rejectsWith(() => readKerasVggWeights(noBias), 'WEIGHTS_INVALID', ['lacks a bias', 'block1_conv1']);
    const dangling = write('dangling.h5', (file) => conv(file, [3, 3, 3, 4], 4, ['W'], ['W', 'b']));
    await rejectsWith(() => readKerasVggWeights(dangling), 'WEIGHTS_INVALID', ['no dataset block1_conv1/block1_conv1_b_1:0']);
    const missingGroup = write('missing-group.h5', (file) => {
      file.create_attribute('layer_names', ['input_1', 'block1_conv1']);
      file.create_group('input_1');
    });
    await rejectsWith(() => readKerasVggWeights(missingGroup), 'WEIGHTS_INVALID', ['layer_names', 'no group block1_conv1']);
    const unrelated = write('unrelated.h5', (file) => file.create_dataset({ name: 'x', data: new Float32Array(3) }));
    await rejectsWith(() => readKerasVggWeights(unrelated), 'WEIGHTS_INVALID', ['no VGG19 conv layers', 'x']);

    // A good file under another name still reads (the reader does not depend on the file name).
    await copyFile(TINY, join(dir, 'copy.h5'));
    assert.equal((await readKerasVggWeights(join(dir, 'copy.h5'))).layers.size, 16);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
