/**
 * VGG16 as one more table (src/engine/vgg/architecture.ts) and its place in the options: the registry
 * entry, the choice of a file's reader and defaults, and neural-style's recipe on it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPainterlyError } from '../src/engine/errors.js';
import { findLayer } from '../src/engine/network/layers.js';
import { NETWORKS } from '../src/engine/network/registry.js';
import { VGG16, VGG16_CONV_LAYERS, VGG19, vggVariantOf } from '../src/engine/vgg/architecture.js';
import { findModel } from '../src/node/model-store/registry.js';
import { readKerasVggWeights } from '../src/node/vgg-h5.js';
import { chooseNetwork } from '../src/options/network-choice.js';
import { RECIPES, recipeFits } from '../src/options/recipes.js';
import { REPO_ROOT } from './helpers/golden.js';

test('VGG16 is blocks 2-2-3-3-3 of VGG19\'s widths, with VGG preprocessing and floor pooling', () => {
  assert.deepEqual(VGG16_CONV_LAYERS, ['conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1', 'conv3_2', 'conv3_3', 'conv4_1', 'conv4_2', 'conv4_3', 'conv5_1', 'conv5_2', 'conv5_3']);
  assert.deepEqual(VGG16.layers.map((layer) => layer.stage), [1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5]);
  assert.deepEqual(VGG16.layers.map((layer) => layer.outChannels), [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]);
  assert.deepEqual(VGG16.layers.map((layer) => layer.pooledBefore), [false, false, true, false, true, false, false, true, false, false, true, false, false]);
  assert.deepEqual(VGG16.preprocessing, VGG19.preprocessing);
  assert.equal(VGG16.poolPadding, 'floor');
  assert.equal(vggVariantOf([2, 2, 3, 3, 3]), 'vgg16');
  assert.equal(vggVariantOf([2, 2, 4, 4, 4]), 'vgg19');
  assert.equal(vggVariantOf([2, 2, 3, 3]), undefined);
  assert.throws(() => findLayer(VGG16, 'conv5_4'), (error: unknown) => isPainterlyError(error) && error.code === 'INVALID_OPTION' && error.message.includes('conv1_1 … conv5_3'));
});

test('--network vgg16: its defaults are neural-style\'s layers, all present; its Keras file is in the store', () => {
  const entry = NETWORKS.vgg16;
  for (const layer of [...entry.defaults.contentLayers, ...entry.defaults.styleLayers.map((style) => style.layer)]) findLayer(entry.table, layer);
  assert.deepEqual(entry.defaults, NETWORKS.vgg19.defaults);
  const model = findModel('vgg16');
  assert.equal(model.files[0].bytes, 58_889_256);
  assert.deepEqual(model.files[0].checksum, { algorithm: 'md5', hex: '6d6bbae143d832006294945121d1f1fc' });
  assert.equal(model.files[0].url, 'https://storage.googleapis.com/tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5');
  assert.deepEqual(chooseNetwork('vgg16', undefined), { kind: 'store', family: 'vgg16' });
  assert.deepEqual(chooseNetwork('vgg16', 'random:4'), { kind: 'random', family: 'vgg16', seed: 4 });
});

test('a path is a VGG file read by its bytes (a model.json a TF.js model), and a VGG16 name picks VGG16\'s defaults', () => {
  const file = (path: string) => chooseNetwork(path, undefined);
  assert.deepEqual(file('models/VGG_ILSVRC_19_layers.caffemodel'), { kind: 'file', family: 'vgg19', format: 'vgg-file', path: 'models/VGG_ILSVRC_19_layers.caffemodel' });
  assert.deepEqual(file('models/VGG_ILSVRC_16_layers.caffemodel'), { kind: 'file', family: 'vgg16', format: 'vgg-file', path: 'models/VGG_ILSVRC_16_layers.caffemodel' });
  assert.deepEqual(file('/k/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5'), { kind: 'file', family: 'vgg16', format: 'vgg-file', path: '/k/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5' });
  assert.deepEqual(file('my_vgg16/model.weights.h5'), { kind: 'file', family: 'vgg19', format: 'vgg-file', path: 'my_vgg16/model.weights.h5' });
  assert.deepEqual(file('classifier.keras'), { kind: 'file', family: 'vgg19', format: 'vgg-file', path: 'classifier.keras' });
  assert.deepEqual(file('m/model.json'), { kind: 'file', family: 'darknet-tiny', format: 'tfjs-layers', path: 'm/model.json' });
  assert.throws(() => file('vgg91'), (error: unknown) => isPainterlyError(error) && error.message.includes('.caffemodel') && error.message.includes('vgg16'));
});

test('neural-style\'s recipe fits VGG16 (same layers, same widths) but not Darknet Tiny', () => {
  assert.equal(recipeFits(RECIPES['neural-style'], 'vgg19'), true);
  assert.equal(recipeFits(RECIPES['neural-style'], 'vgg16'), true);
  assert.equal(recipeFits(RECIPES['neural-style'], 'darknet-tiny'), false);
});

test('the Keras 1 VGG16 file (the store\'s layout) reads as VGG16, and is refused where VGG19 is asked for', async () => {
  const path = join(REPO_ROOT, 'test', 'fixtures', 'tiny-vgg16-keras1.h5');
  const weights = await readKerasVggWeights(path, { variant: 'vgg16' });
  assert.equal(weights.network.id, 'vgg16');
  assert.deepEqual([...weights.layers.keys()], VGG16_CONV_LAYERS);
  await assert.rejects(() => readKerasVggWeights(path, { variant: 'vgg19' }), (error: unknown) =>
    isPainterlyError(error) && error.code === 'WEIGHTS_INVALID' && error.message.includes('VGG16') && error.message.includes('not the VGG19'));
});
