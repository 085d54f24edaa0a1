import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { DARKNET_TINY } from '../src/engine/darknet/architecture.js';
import { fromInterleaved } from '../src/engine/image.js';
import { ACTIVATION_GRAPH_INPUT, ACTIVATION_GRAPH_OUTPUT, buildActivationGraph } from '../src/engine/visualize/activation-graph.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { readTfjsLayersModel } from '../src/node/tfjs-layers-model.js';
import { SHARED_IMAGES } from './helpers/cli.js';
import { SHARED } from './helpers/repo-root.js';

const SHARED_DARKNET = join(SHARED, 'models', 'darknet', 'tiny') + '/';
const MODEL_JSON = join(SHARED_DARKNET, 'model.json');
const scratch = mkdtempSync(join(tmpdir(), 'painterly-tfjs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A private copy of the shared model to damage. */
function copyModel(name: string): string {
  const dir = join(scratch, name);
  cpSync(SHARED_DARKNET, dir, { recursive: true });
  return join(dir, 'model.json');
}

async function rejectsWith(promise: Promise<unknown>, code: string, parts: readonly string[]): Promise<void> {
  await assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.equal(error.code, code, error.message);
    for (const part of parts) assert.ok(error.message.includes(part), `${JSON.stringify(part)} missing from: ${error.message}`);
    return true;
  });
}

test('the real Darknet Tiny reads as the built-in table, BatchNorm folded, to the logits', async () => {
  const weights = await readTfjsLayersModel(MODEL_JSON);
  assert.equal(weights.network, DARKNET_TINY);
  assert.equal(weights.pretrained, true);
  assert.equal(weights.layers.size, 16);
  assert.deepEqual([...weights.layers.values()].map((conv) => conv.kernelSize).join(''), '3311313131313111'.slice(0, 16).replace(/./g, (_, i) => String(DARKNET_TINY.layers[i].kernelSize)));
  // Folding gives every layer a bias; the raw convolutions have none.
  assert.ok(weights.layers.get('conv1')!.bias.some((value) => value !== 0));
});

test('the whole network puts cat classes in its top three for cat_chelsea.jpg (ml5 class order: 7 Egyptian cat, 54 tiger cat)', async () => {
  const weights = await readTfjsLayersModel(MODEL_JSON);
  const { data, info } = await sharp(join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg')).resize(224, 224, { fit: 'fill', kernel: 'linear' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = fromInterleaved(data, info.width, info.height, 3).rgb;
  const graph = buildActivationGraph({ height: 224, width: 224, weights, pooling: 'max', layer: 'conv16' });
  const session = await createOrtRuntime({ threads: 2 }).createSession(graph.model);
  try {
    const out = await session.run({ [ACTIVATION_GRAPH_INPUT]: { data: image.data, dims: [1, 3, 224, 224] } });
    const logits = out[ACTIVATION_GRAPH_OUTPUT].data;
    const [classes, height, width] = graph.dims;
    const positions = height * width;
    const scores = Array.from({ length: classes }, (_, k) => {
      let sum = 0;
      for (let i = 0; i < positions; i++) sum += logits[k * positions + i];
      return { k, score: sum / positions };
    }).sort((a, b) => b.score - a.score);
    const top3 = scores.slice(0, 3).map((entry) => entry.k);
    assert.equal(top3[0], 7, `top 3: ${top3.join(', ')}`);
    assert.ok(top3.includes(54), `top 3: ${top3.join(', ')}`);
  } finally {
    await session.release();
  }
});

test('only the groups up to the deepest needed layer are read: a missing later shard does not matter', async () => {
  const path = copyModel('partial');
  // group7 holds batch_normalization_15 (conv15's norm), which conv12 does not need.
  unlinkSync(join(path, '..', 'group7-shard1of1'));
  const weights = await readTfjsLayersModel(path, { deepestLayer: 'conv12' });
  assert.equal(weights.layers.size, 12);
  await rejectsWith(readTfjsLayersModel(path), 'WEIGHTS_NOT_FOUND', ['group7-shard1of1', 'missing']);
});

test('bad model files are refused with errors naming the file', async () => {
  await rejectsWith(readTfjsLayersModel(join(scratch, 'none', 'model.json')), 'WEIGHTS_NOT_FOUND', ['none/model.json']);

  const notJson = copyModel('not-json');
  writeFileSync(notJson, '{ "modelTopology": ');
  await rejectsWith(readTfjsLayersModel(notJson), 'WEIGHTS_INVALID', ['not-json/model.json', 'not valid JSON']);

  const truncated = copyModel('truncated');
  truncateSync(join(truncated, '..', 'group1-shard1of1'), 10);
  await rejectsWith(readTfjsLayersModel(truncated, { deepestLayer: 'conv1' }), 'WEIGHTS_INVALID', ['truncated shard', 'group1-shard1of1']);

  const json = JSON.parse(readFileSync(MODEL_JSON, 'utf8'));
  const edited = (name: string, edit: (model: typeof json) => void): string => {
    const path = copyModel(name);
    const model = structuredClone(json);
    edit(model);
    writeFileSync(path, JSON.stringify(model));
    return path;
  };
  const shape = edited('shape', (model) => {
    const group = model.weightsManifest.find((entry: { weights: Array<{ name: string }> }) => entry.weights.some((weight) => weight.name === 'conv2d_1/kernel'));
    group.weights.find((weight: { name: string }) => weight.name === 'conv2d_1/kernel').shape = [3, 3, 3, 8];
  });
  await rejectsWith(readTfjsLayersModel(shape, { deepestLayer: 'conv1' }), 'WEIGHTS_INVALID', ['conv2d_1/kernel', '[3,3,3,8]', '[3,3,3,16]']);

  const unsupported = edited('unsupported', (model) => {
    model.modelTopology.model_config.config.layers[2].class_name = 'LayerNormalization';
  });
  await rejectsWith(readTfjsLayersModel(unsupported), 'WEIGHTS_INVALID', ['LayerNormalization', 'cannot run']);

  const strided = edited('strided', (model) => {
    model.modelTopology.model_config.config.layers[1].config.strides = [2, 2];
  });
  await rejectsWith(readTfjsLayersModel(strided), 'WEIGHTS_INVALID', ['conv2d_1', 'stride 1']);
});

test('a NaN in a weight is refused on load', async () => {
  const path = copyModel('nan');
  const shard = join(path, '..', 'group1-shard1of1');
  const bytes = readFileSync(shard);
  bytes.writeFloatLE(Number.NaN, 4);
  writeFileSync(shard, bytes);
  await rejectsWith(readTfjsLayersModel(path, { deepestLayer: 'conv1' }), 'WEIGHTS_INVALID', ['conv1', 'NaN']);
});
