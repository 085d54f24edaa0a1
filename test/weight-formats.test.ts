/**
 * The VGG weight files people already have, in their real layouts (test/fixtures, written by
 * scripts/reference/make_weight_format_fixtures.py): Keras 1 (the official file's spelling, all 16 layers),
 * Keras 3 (.weights.h5 and a .keras zip with a nested VGG16 and a classifier head) and Caffe (.caffemodel
 * in the V1 and the newer layout, with an fc6 to skip). Expected values come from
 * scripts/reference/weight_formats_reference.py: the tensors as h5py / python3-protobuf read them (SHA-256
 * of the float32 bytes, so equal means bit-identical) and the iteration-0 costs of the independent
 * PyTorch float64 reference on each file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import AdmZip from 'adm-zip';
import h5wasm from 'h5wasm/node';
import protobuf from 'protobufjs';
import { isPainterlyError, type PainterlyErrorCode } from '../src/engine/errors.js';
import type { NetworkWeights } from '../src/engine/network/types.js';
import { validateNetworkWeights } from '../src/engine/network/weights.js';
import { readKerasVggWeights } from '../src/node/vgg-h5.js';
import { CAFFE_PROTO_SUBSET } from '../src/node/weights-file/caffe-proto.js';
import { caffeModelWeightsFromBytes, readCaffeModelWeights } from '../src/node/weights-file/caffemodel.js';
import { readKerasArchiveWeights } from '../src/node/weights-file/keras3.js';
import { checkGoldenCase, REPO_ROOT, type GoldenCase, type GoldenTolerances } from './helpers/golden.js';

/** The tolerances of test/gatys-golden.test.ts (same reference, same engine, same float32 argument). */
const TOLERANCES: GoldenTolerances = {
  relative: 1e-4,
  gradientOfMax: 1e-4,
  sum: (maxAbs, entries) => 1e-4 * maxAbs * Math.sqrt(entries),
  contentFloor: 1e-6,
};

interface LayerDigest {
  kernelShape: number[];
  kernelSha256: string;
  biasSha256: string;
}
const GOLDEN = JSON.parse(await readFile(join(REPO_ROOT, 'test', 'fixtures', 'weight-formats-golden.json'), 'utf8')) as {
  files: Record<string, { network: string; layers: Record<string, LayerDigest> }>;
  cases: GoldenCase[];
};
const fromRepo = (path: string) => resolve(REPO_ROOT, path);
const FIXTURE = (name: string) => join(REPO_ROOT, 'test', 'fixtures', name);
const scratch = await mkdtemp(join(tmpdir(), 'painterly-weight-formats-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** The reader a user's file goes to (the CLI picks it by extension until the magic-byte dispatch). */
function readWeightsFile(path: string): Promise<NetworkWeights> {
  if (path.endsWith('.caffemodel')) return readCaffeModelWeights(path);
  if (path.endsWith('.keras')) return readKerasArchiveWeights(path);
  return readKerasVggWeights(path);
}

const sha256 = (values: Float32Array) => createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');

async function rejectsWith(action: () => unknown, code: PainterlyErrorCode, parts: string[]): Promise<void> {
  await assert.rejects(async () => action(), (error: unknown) => {
    assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const part of parts) assert.ok(error.message.includes(part), `message lacks "${part}": ${error.message}`);
    return true;
  });
}

test('the golden covers every layout: Keras 1, Keras 3 (.weights.h5, .keras), Caffe V1 and V2, VGG16 and VGG19', () => {
  const files = Object.keys(GOLDEN.files);
  for (const ending of ['vgg19-keras1.h5', 'vgg16-keras1.h5', '.weights.h5', '.keras', '-v1.caffemodel', 'vgg16.caffemodel']) assert.ok(files.some((file) => file.endsWith(ending)), ending);
  assert.deepEqual(new Set(Object.values(GOLDEN.files).map((file) => file.network)), new Set(['vgg16', 'vgg19']));
  assert.equal(GOLDEN.cases.length, files.length);
});

for (const [file, expected] of Object.entries(GOLDEN.files)) {
  test(`${file}: the reader's tensors are bit-identical to what the Python libraries read`, async () => {
    const weights = await readWeightsFile(fromRepo(file));
    assert.equal(weights.network.id, expected.network);
    assert.equal(weights.pretrained, true);
    assert.deepEqual([...weights.layers.keys()], Object.keys(expected.layers));
    assert.deepEqual(weights.network.layers.map((layer) => layer.name), Object.keys(expected.layers));
    for (const [name, digest] of Object.entries(expected.layers)) {
      const conv = weights.layers.get(name)!;
      assert.deepEqual([conv.kernelSize, conv.kernelSize, conv.inChannels, conv.outChannels], digest.kernelShape, name);
      assert.equal(sha256(conv.kernel), digest.kernelSha256, `${name} kernel`);
      assert.equal(sha256(conv.bias), digest.biasSha256, `${name} bias`);
    }
    validateNetworkWeights(weights, weights.network.layers.at(-1)!.name);
  });
}

test('the full Keras 1 file, the Keras 3 file and the V1 caffemodel hold exactly tiny-vgg19.h5\'s tensors', async () => {
  const reference = await readKerasVggWeights(FIXTURE('tiny-vgg19.h5'));
  for (const name of ['tiny-vgg19-keras1.h5', 'tiny-vgg19.weights.h5', 'tiny-vgg19-v1.caffemodel']) {
    const weights = await readWeightsFile(FIXTURE(name));
    for (const [layer, conv] of reference.layers) assert.deepEqual(weights.layers.get(layer), conv, `${name} ${layer}`);
  }
});

for (const goldenCase of GOLDEN.cases) {
  test(`iteration-0 costs on ${goldenCase.inputs.weights} match the PyTorch reference (${goldenCase.inputs.pooling} pooling)`, async () => {
    const { inputs } = goldenCase;
    const weights = await readWeightsFile(fromRepo(inputs.weights));
    await checkGoldenCase(goldenCase, weights, TOLERANCES);
  });
}

// ---- Caffe: bad files, built by editing the fixture with the reader's own protobuf subset ----

const CAFFE = protobuf.parse(CAFFE_PROTO_SUBSET, { keepCase: true }).root;
const NET = CAFFE.lookupType('caffe.NetParameter');
const BLOB = CAFFE.lookupType('caffe.BlobProto');
type Layer = { name: string; type: string; blobs: Uint8Array[] };

/** tiny-vgg16.caffemodel (the `layer` layout) with its layers passed through `edit`. */
async function editedCaffe(edit: (layers: Layer[]) => Layer[]): Promise<Uint8Array> {
  const net = NET.toObject(NET.decode(await readFile(FIXTURE('tiny-vgg16.caffemodel')))) as { layer: Layer[] };
  return NET.encode(NET.fromObject({ layer: edit(net.layer) })).finish();
}
const blob = (shape: number[], data?: number[]) => BLOB.encode(BLOB.fromObject({ shape: { dim: shape }, data: data ?? new Array(shape.reduce((a, b) => a * b, 1)).fill(0.5) })).finish();

test('Caffe: a missing or mis-shaped convolution names the layer and the shape found; fc layers are never needed', async () => {
  const name = '/m/vgg16.caffemodel';
  const read = async (edit: (layers: Layer[]) => Layer[]) => caffeModelWeightsFromBytes(await editedCaffe(edit), name);
  await rejectsWith(() => read((layers) => layers.filter((layer) => layer.name !== 'conv3_2')), 'WEIGHTS_INVALID',
    [name, 'has 12 3×3 convolutions', '13 (VGG16) or 16 (VGG19)', 'conv3_1, conv3_3']);
  const replace = (target: string, blobs: Uint8Array[]) => (layers: Layer[]) => layers.map((layer) => (layer.name === target ? { ...layer, blobs } : layer));
  await rejectsWith(() => read(replace('conv2_1', [blob([6, 5, 3, 3]), blob([6])])), 'WEIGHTS_INVALID', ['conv2_1', '[3,3,5,6]', 'expected [3,3,4,6]']);
  await rejectsWith(() => read(replace('conv1_1', [blob([4, 3, 5, 5]), blob([4])])), 'WEIGHTS_INVALID', ['conv1_1', '[5,5,3,4]']);
  await rejectsWith(() => read(replace('conv1_2', [blob([4, 4, 3, 3])])), 'WEIGHTS_INVALID', ['conv1_2', '1 blobs', 'expected 2']);
  await rejectsWith(() => read(replace('conv1_2', [blob([4, 4, 3, 3]), blob([5])])), 'WEIGHTS_INVALID', ['conv1_2', '[4,4,3,3]', 'bias [5]']);
  await rejectsWith(() => read(replace('conv1_2', [blob([4, 4, 3, 3], [1, 2]), blob([4])])), 'WEIGHTS_INVALID', ['conv1_2', '2 values', '[4,4,3,3]']);
  // The classifier is skipped, not decoded: a broken fc6 blob does not matter.
  const weights = await read(replace('fc6', [Uint8Array.of(0xff, 0xff, 0xff)]));
  assert.equal(weights.layers.size, 13);
  // A VGG16 file is refused where VGG19 is asked for, naming both.
  await rejectsWith(() => readCaffeModelWeights(FIXTURE('tiny-vgg16.caffemodel'), { variant: 'vgg19' }), 'WEIGHTS_INVALID', ['VGG16', 'not the VGG19']);
});

test('Caffe: files that are not trained Caffe models say so', async () => {
  await rejectsWith(() => readCaffeModelWeights(join(scratch, 'none.caffemodel')), 'WEIGHTS_NOT_FOUND', ['none.caffemodel', '.caffemodel']);
  const png = join(scratch, 'image.caffemodel');
  await writeFile(png, await readFile(FIXTURE('content-32x24.png')));
  await rejectsWith(() => readCaffeModelWeights(png), 'WEIGHTS_INVALID', [png, 'VGG16 or VGG19 .caffemodel']);
  const whole = await readFile(FIXTURE('tiny-vgg16.caffemodel'));
  await rejectsWith(() => caffeModelWeightsFromBytes(whole.subarray(0, whole.length - 100), '/m/cut.caffemodel'), 'WEIGHTS_INVALID', ['/m/cut.caffemodel', 'protobuf decoding failed']);
  const prototxtOnly = NET.encode(NET.fromObject({ name: 'deploy' })).finish();
  await rejectsWith(() => caffeModelWeightsFromBytes(prototxtOnly, '/m/deploy.caffemodel'), 'WEIGHTS_INVALID', ['has no layers']);
  const v0 = NET.encode(NET.fromObject({ layers: [{ layer: Uint8Array.of(0x0a, 0x01, 0x63) }] })).finish();
  await rejectsWith(() => caffeModelWeightsFromBytes(v0, '/m/old.caffemodel'), 'WEIGHTS_INVALID', ['V0 layout', 'upgrade_net_proto_binary']);
});

// ---- Keras 3: bad files written with h5wasm in the Keras 3 layout ----

/** A Keras 3 .weights.h5 with `count` convolutions of widths 4, 6, 8, 8, 8 (VGG16 blocks), edited by `edit`. */
async function keras3File(name: string, count: number, edit: (index: number, kernel: number[]) => { kernel?: number[]; bias?: number | null } = () => ({})): Promise<string> {
  await h5wasm.ready;
  const path = join(scratch, name);
  const file = new h5wasm.File(path, 'w');
  try {
    const blocks = [2, 2, 3, 3, 3];
    const widths = blocks.flatMap((size, block) => new Array(size).fill([4, 6, 8, 8, 8][block]));
    file.create_group('layers');
    let inChannels = 3;
    for (let index = 0; index < count; index++) {
      const layer = `layers/${index === 0 ? 'conv2d' : `conv2d_${index}`}`;
      const group = `${layer}/vars`;
      file.create_group(layer);
      file.create_group(group);
      const changed = edit(index, [3, 3, inChannels, widths[index]]);
      const kernel = changed.kernel ?? [3, 3, inChannels, widths[index]];
      file.create_dataset({ name: `${group}/0`, data: new Float32Array(kernel.reduce((a, b) => a * b, 1)).fill(0.01), shape: kernel });
      if (changed.bias !== null) file.create_dataset({ name: `${group}/1`, data: new Float32Array(changed.bias ?? widths[index]) });
      inChannels = widths[index];
    }
  } finally {
    file.close();
  }
  return path;
}

test('Keras 3: a missing or mis-shaped layer names it and the shape found; 13 convolutions are VGG16', async () => {
  const good = await readKerasVggWeights(await keras3File('good.weights.h5', 13));
  assert.equal(good.network.id, 'vgg16');
  assert.equal(good.source.startsWith('keras3:'), true);
  await rejectsWith(async () => readKerasVggWeights(await keras3File('short.weights.h5', 12)), 'WEIGHTS_INVALID', ['has 12 3×3 convolutions', 'layers/conv2d_11']);
  await rejectsWith(async () => readKerasVggWeights(await keras3File('wide.weights.h5', 13, (index, kernel) => (index === 2 ? { kernel: [3, 3, 5, 6] } : { kernel }))),
    'WEIGHTS_INVALID', ['layers/conv2d_2 (conv2_1)', '[3,3,5,6]', 'expected [3,3,4,6]']);
  await rejectsWith(async () => readKerasVggWeights(await keras3File('no-bias.weights.h5', 13, (index) => (index === 4 ? { bias: null } : {}))),
    'WEIGHTS_INVALID', ['layers/conv2d_4/vars/1']);
  await rejectsWith(async () => readKerasVggWeights(await keras3File('bias.weights.h5', 13, (index) => (index === 0 ? { bias: 3 } : {}))),
    'WEIGHTS_INVALID', ['layers/conv2d', '[3,3,3,4]', 'bias [3]']);
  await rejectsWith(() => readKerasVggWeights(FIXTURE('tiny-vgg19.weights.h5'), { variant: 'vgg16' }), 'WEIGHTS_INVALID', ['VGG19', 'not the VGG16']);
});

test('.keras: the zip must hold model.weights.h5; a file that is not a zip says so', async () => {
  const zip = new AdmZip();
  zip.addFile('config.json', Buffer.from('{}'));
  const noWeights = join(scratch, 'no-weights.keras');
  zip.writeZip(noWeights);
  await rejectsWith(() => readKerasArchiveWeights(noWeights), 'WEIGHTS_INVALID', [noWeights, 'without model.weights.h5']);
  const notZip = join(scratch, 'not-a-zip.keras');
  await writeFile(notZip, 'not a zip\n'.repeat(20));
  await rejectsWith(() => readKerasArchiveWeights(notZip), 'WEIGHTS_INVALID', [notZip, 'not a readable zip']);
  await rejectsWith(() => readKerasArchiveWeights(join(scratch, 'none.keras')), 'WEIGHTS_NOT_FOUND', ['none.keras']);
});
