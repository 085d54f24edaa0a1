/**
 * The weights-file layer on the committed fixtures (scripts/reference/make_torch_fixtures.py):
 * format detection from bytes, the PyTorch (zip and legacy) and safetensors readers bit-identical to
 * what torch.load reads, the safe unpickler refusing code, torchvision's layout onto VGG19, and the
 * per-file preprocessing choice.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import h5wasm from 'h5wasm/node';
import { isPainterlyError } from '../src/engine/errors.js';
import { torchConvLayout, vggWeightsFromTorch } from '../src/engine/vgg/torch-layout.js';
import { choosePreprocessing } from '../src/node/weights-file/choose-preprocessing.js';
import { detectWeightsFormat, type WeightsFormat } from '../src/node/weights-file/detect-format.js';
import { identifyWeightsFile, KNOWN_WEIGHT_FILES } from '../src/node/weights-file/known-files.js';
import { readPthLegacy } from '../src/node/weights-file/pth-legacy.js';
import { readPthZip } from '../src/node/weights-file/pth-zip.js';
import { readVggWeightsFile } from '../src/node/weights-file/read-vgg-file.js';
import { readSafetensors } from '../src/node/weights-file/safetensors.js';
import { unpickle, type AllowedGlobal } from '../src/node/weights-file/safe-unpickler.js';
import type { StateDictContents, WantedTensor } from '../src/node/weights-file/tensor-data.js';
import { REPO_ROOT } from './helpers/golden.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);
const expected = JSON.parse(readFileSync(fixture('torch-weights-expected.json'), 'utf8')) as {
  marker: string;
  files: Record<string, Record<string, { shape: number[]; sha256: string; first: number }>>;
};
const scratch = mkdtempSync(join(tmpdir(), 'painterly-weights-files-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const READERS: Record<string, (path: string, wanted: WantedTensor) => Promise<StateDictContents>> = {
  'tiny-vgg19-nspt-legacy.pth': readPthLegacy,
  'tiny-vgg19-torchvision.pth': readPthZip,
  'tiny-vgg19.safetensors': readSafetensors,
  'tiny-vgg16-torchvision.pth': readPthZip,
};

const sha256 = (data: Float32Array) => createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');

/** The engine's kernel [k,k,in,out] back in PyTorch's [out,in,k,k]. */
function toTorchLayout(kernel: Float32Array, inChannels: number, outChannels: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let o = 0; o < outChannels; o++) for (let i = 0; i < inChannels; i++) for (let p = 0; p < 9; p++) out[(o * inChannels + i) * 9 + p] = kernel[(p * inChannels + i) * outChannels + o];
  return out;
}

function assertWeightsError(error: unknown, code: string, ...patterns: RegExp[]): true {
  assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  for (const pattern of patterns) assert.match(error.message, pattern);
  return true;
}

describe('readers: bit-identical to torch.load', () => {
  for (const [name, read] of Object.entries(READERS)) {
    test(`${name}: every tensor, classifier included, has the bytes torch reads`, async () => {
      const contents = await read(fixture(name), () => true);
      const want = expected.files[name];
      assert.deepEqual([...contents.shapes.keys()], Object.keys(want));
      for (const [key, { shape, sha256: digest }] of Object.entries(want)) {
        const tensor = contents.tensors.get(key)!;
        assert.deepEqual(tensor.shape, shape, key);
        assert.equal(sha256(tensor.data), digest, key);
      }
    });

    const vgg16 = name.includes('vgg16');
    test(`${name}: readVggWeightsFile maps features.N onto conv1_1 … ${vgg16 ? 'conv5_3 (VGG16)' : 'conv5_4'}, transposed, and skips the classifier`, async () => {
      const weights = await readVggWeightsFile(fixture(name), { preprocessing: 'caffe' });
      const want = expected.files[name];
      const featureKeys = Object.keys(want).filter((key) => key.startsWith('features.') && key.endsWith('.weight'));
      assert.equal(weights.layers.size, vgg16 ? 13 : 16);
      assert.equal(weights.network.id, vgg16 ? 'vgg16' : 'vgg19');
      assert.equal(weights.network.layers.at(-1)?.name, vgg16 ? 'conv5_3' : 'conv5_4');
      assert.deepEqual(weights.network.layers.map((layer) => layer.outChannels), featureKeys.map((key) => want[key].shape[0]));
      [...weights.layers.entries()].forEach(([layer, conv], i) => {
        const key = featureKeys[i].replace(/\.weight$/, '');
        assert.equal(sha256(toTorchLayout(conv.kernel, conv.inChannels, conv.outChannels)), want[`${key}.weight`].sha256, `${layer} = ${key}`);
        assert.equal(sha256(conv.bias), want[`${key}.bias`].sha256, `${layer} bias`);
      });
      assert.equal(weights.pretrained, true);
    });
  }

  test('the legacy reader reads only the storages asked for (the classifier is listed, not read)', async () => {
    const contents = await readPthLegacy(fixture('tiny-vgg19-nspt-legacy.pth'), (key) => key.startsWith('features.'));
    assert.ok(contents.shapes.has('classifier.6.weight'));
    assert.ok(!contents.tensors.has('classifier.6.weight'));
    assert.equal(contents.tensors.size, 32);
  });
});

describe('format detection reads bytes, not names', () => {
  const cases: Array<[string, WeightsFormat]> = [
    ['tiny-vgg19-nspt-legacy.pth', 'pth-legacy'],
    ['tiny-vgg19-torchvision.pth', 'pth-zip'],
    ['tiny-vgg19.safetensors', 'safetensors'],
    ['tiny-vgg19.h5', 'keras-h5'],
    ['tiny-vgg19-legacy.h5', 'keras-h5'],
  ];
  for (const [name, format] of cases) {
    test(`${name} is ${format}, also when renamed`, async () => {
      assert.equal(await detectWeightsFormat(fixture(name)), format);
      const renamed = join(scratch, `renamed-${name}.bin`);
      copyFileSync(fixture(name), renamed);
      assert.equal(await detectWeightsFormat(renamed), format);
    });
  }

  test('a TF.js model.json, a Keras 3 .weights.h5 and a Caffe NetParameter are told apart', async () => {
    const modelJson = join(scratch, 'model.json');
    writeFileSync(modelJson, JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [] }));
    assert.equal(await detectWeightsFormat(modelJson), 'tfjs-layers');
    await h5wasm.ready;
    const keras3 = join(scratch, 'model.weights.h5');
    const file = new h5wasm.File(keras3, 'w');
    try {
      file.create_group('layers').create_group('conv2d').create_group('vars').create_dataset({ name: '0', data: new Float32Array(4), shape: [4] });
    } finally {
      file.close();
    }
    assert.equal(await detectWeightsFormat(keras3), 'keras3-h5');
    // NetParameter: name (field 1) "VGG", then layers (field 2) holding one empty message.
    const caffemodel = join(scratch, 'tiny.caffemodel');
    writeFileSync(caffemodel, Buffer.from([0x0a, 0x03, 0x56, 0x47, 0x47, 0x12, 0x02, 0x0a, 0x00]));
    assert.equal(await detectWeightsFormat(caffemodel), 'caffemodel');
    // Detected, then read by their own readers, which name what is wrong with these stubs.
    await assert.rejects(readVggWeightsFile(keras3), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /Keras 3 weights file .*model\.weights\.h5 has no dataset layers\/conv2d\/vars\/1/));
    await assert.rejects(readVggWeightsFile(caffemodel), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /Caffe model file .*tiny\.caffemodel is in the V0 layout/));
  });

  test('a file that is none of them names the formats accepted; a missing one says so', async () => {
    await assert.rejects(detectWeightsFormat(fixture('content-32x24.png')), (error) =>
      assertWeightsError(error, 'WEIGHTS_INVALID', /content-32x24\.png is not a weights file/, /\.pth/, /\.safetensors/, /\.caffemodel/, /\.keras/, /model\.json/),
    );
    const pickle = join(scratch, 'plain.pkl');
    writeFileSync(pickle, Buffer.from([0x80, 0x02, 0x7d, 0x2e]));
    await assert.rejects(detectWeightsFormat(pickle), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /a Python pickle but not a PyTorch state dict/));
    await assert.rejects(detectWeightsFormat(join(scratch, 'nope.pth')), (error) => assertWeightsError(error, 'WEIGHTS_NOT_FOUND', /does not exist/));
  });
});

describe('unsafe pickles are refused and nothing runs', () => {
  for (const name of ['malicious-os-system.pth', 'malicious-os-system-legacy.pth']) {
    test(`${name} (its pickle REDUCEs posix.system) is refused as unsafe`, async () => {
      rmSync(expected.marker, { force: true });
      await assert.rejects(readVggWeightsFile(fixture(name), { preprocessing: 'caffe' }), (error) =>
        assertWeightsError(error, 'WEIGHTS_INVALID', /Refused to read/, /posix\.system/, /could run code/),
      );
      assert.ok(!existsSync(expected.marker), `${expected.marker} was created: the pickle ran`);
    });
  }

  const torchLike = new Map<string, AllowedGlobal>([
    ['collections.OrderedDict', { kind: 'callable', call: () => new Map() }],
    ['torch.FloatStorage', { kind: 'token', value: { storage: 'float32' } }],
  ]);
  const read = (bytes: number[]) => unpickle(Uint8Array.from(bytes), { globals: torchLike, source: 'test.pkl' }).value;
  const text = (value: string) => [...Buffer.from(value, 'latin1')];
  const refusals: Array<[string, number[], RegExp]> = [
    ['GLOBAL builtins.eval', [0x80, 2, 0x63, ...text('builtins\neval\n'), 0x58, 3, 0, 0, 0, ...text('1+1'), 0x85, 0x52, 0x2e], /global builtins\.eval/],
    ['STACK_GLOBAL os.system', [0x80, 4, 0x8c, 2, ...text('os'), 0x8c, 6, ...text('system'), 0x93, 0x2e], /global os\.system/],
    ['REDUCE on a storage type', [0x80, 2, 0x63, ...text('torch\nFloatStorage\n'), 0x29, 0x52, 0x2e], /not an allowed constructor/],
    ['REDUCE on a string', [0x80, 2, 0x58, 1, 0, 0, 0, ...text('x'), 0x29, 0x52, 0x2e], /not an allowed constructor/],
    ['NEWOBJ', [0x80, 2, 0x63, ...text('collections\nOrderedDict\n'), 0x29, 0x81, 0x2e], /NEWOBJ/],
    ['INST', [0x28, 0x69, ...text('os\nsystem\n'), 0x2e], /INST/],
    ['BUILD on a list', [0x80, 2, 0x5d, 0x7d, 0x62, 0x2e], /sets the state of/],
    ['a persistent id without storages', [0x80, 2, 0x29, 0x51, 0x2e], /outside data/],
  ];
  for (const [what, bytes, reason] of refusals) {
    test(`${what} is refused, naming why`, () => {
      assert.throws(() => read(bytes), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /Refused to read test\.pkl/, reason));
    });
  }

  test('plain data is read: dicts, lists, tuples, numbers, strings, big integers', () => {
    // {'a': [1, -2, 3.5], 'b': ('x', None, True), 'c': 0x1950a86a20f9469cfc6c}
    const value = read([
      0x80, 2, 0x7d, 0x71, 0, 0x28,
      0x58, 1, 0, 0, 0, ...text('a'), 0x5d, 0x28, 0x4b, 1, 0x4a, 0xfe, 0xff, 0xff, 0xff, 0x47, 0x40, 0x0c, 0, 0, 0, 0, 0, 0, 0x65,
      0x58, 1, 0, 0, 0, ...text('b'), 0x8c, 1, ...text('x'), 0x4e, 0x88, 0x87,
      0x58, 1, 0, 0, 0, ...text('c'), 0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19,
      0x75, 0x2e,
    ]);
    assert.deepEqual(value, new Map<string, unknown>([['a', [1, -2, 3.5]], ['b', ['x', null, true]], ['c', 0x1950a86a20f9469cfc6cn]]));
  });

  test('a truncated pickle is damaged, not unsafe', () => {
    assert.throws(() => read([0x80, 2, 0x58, 9, 0, 0, 0, 0x61]), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /damaged/, /ends early/));
  });
});

describe('damaged and foreign files name the problem', () => {
  test('a truncated legacy .pth says it is truncated', async () => {
    const path = join(scratch, 'truncated.pth');
    copyFileSync(fixture('tiny-vgg19-nspt-legacy.pth'), path);
    truncateSync(path, readFileSync(path).length - 100);
    await assert.rejects(readVggWeightsFile(path, { preprocessing: 'caffe' }), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /truncated/));
  });

  test('a truncated zip .pth and a truncated safetensors file are refused', async () => {
    const zip = join(scratch, 'truncated-zip.pth');
    copyFileSync(fixture('tiny-vgg19-torchvision.pth'), zip);
    truncateSync(zip, 20_000);
    await assert.rejects(readVggWeightsFile(zip, { preprocessing: 'caffe' }), (error) => assertWeightsError(error, 'WEIGHTS_INVALID'));
    const safetensors = join(scratch, 'truncated.safetensors');
    copyFileSync(fixture('tiny-vgg19.safetensors'), safetensors);
    truncateSync(safetensors, 20_000);
    await assert.rejects(readVggWeightsFile(safetensors, { preprocessing: 'caffe' }), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /does not fit|malformed/));
  });

  const shapes = (entries: Array<[string, number[]]>) => new Map<string, readonly number[]>(entries);
  const vgg16 = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28].flatMap((n): Array<[string, number[]]> => [[`features.${n}.weight`, [4, 4, 3, 3]], [`features.${n}.bias`, [4]]]);

  test('a VGG19, a VGG16, a batch-normalised VGG and another network are told apart', () => {
    assert.deepEqual(torchConvLayout(shapes(vgg16), 'v16.pth'), { keys: vgg16.filter(([key]) => key.endsWith('.weight')).map(([key]) => key.replace(/\.weight$/, '')), variant: 'vgg16' });
    // The first seven convolutions sit alike in both; a file of only those reads as VGG19 (the default network).
    assert.equal(torchConvLayout(shapes(vgg16.slice(0, 14)), 'first7.pth').variant, 'vgg19');
    assert.throws(() => torchConvLayout(shapes([['features.0.weight', [4, 3, 3, 3]], ['features.1.running_mean', [4]]]), 'bn.pth'), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /batch-normalised/));
    assert.throws(() => torchConvLayout(shapes([['conv1.weight', [4, 3, 3, 3]]]), 'resnet.pth'), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /no VGG convolutions/, /conv1\.weight/));
    assert.throws(() => torchConvLayout(shapes([['features.0.weight', [4, 3, 3, 3]], ['features.3.weight', [4, 4, 3, 3]]]), 'odd.pth'), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /features\.3, where VGG19 has it at features\.2: not a VGG19 or VGG16/));
  });

  test('a missing bias and a mis-shaped kernel name the layer and the shape found', () => {
    const tensor = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    assert.throws(() => vggWeightsFromTorch(new Map([['features.0.weight', tensor([4, 3, 3, 3])]]), { keys: ['features.0'], variant: 'vgg19' }, 'f.pth'), (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /lacks features\.0\.bias \(layer conv1_1\)/));
    assert.throws(
      () => vggWeightsFromTorch(new Map([['features.0.weight', tensor([4, 3, 5, 5])], ['features.0.bias', tensor([4])]]), { keys: ['features.0'], variant: 'vgg19' }, 'f.pth'),
      (error) => assertWeightsError(error, 'WEIGHTS_INVALID', /conv1_1 \(features\.0\) with weight \[4,3,5,5\]/),
    );
  });
});

describe('preprocessing per file', () => {
  const torchvisionVgg19 = KNOWN_WEIGHT_FILES.find((file) => file.fileName === 'vgg19-dcbb9e9d.pth')!;

  test("torchvision's and neural-style-pt's published files are known by the digits in their names", () => {
    for (const file of KNOWN_WEIGHT_FILES) {
      assert.ok(file.fileName.includes(file.sha256Prefix), file.fileName);
      assert.equal(identifyWeightsFile(`${file.sha256Prefix}${'0'.repeat(56)}`), file);
    }
    assert.equal(identifyWeightsFile('dcbb9e9d'.toUpperCase() + '0'.repeat(56))?.preprocessing, 'torchvision');
    assert.equal(identifyWeightsFile('d01eb7cb' + '0'.repeat(56))?.preprocessing, 'caffe');
    assert.equal(identifyWeightsFile('0'.repeat(64)), undefined);
  });

  test('a known file gets its own convention, and the other one is refused', () => {
    assert.deepEqual(choosePreprocessing({ format: 'pth-legacy', known: torchvisionVgg19, requested: undefined, source: 'v.pth' }).name, 'torchvision');
    assert.throws(() => choosePreprocessing({ format: 'pth-legacy', known: torchvisionVgg19, requested: 'caffe', source: 'v.pth' }), (error) =>
      assertWeightsError(error, 'INVALID_OPTION', /Expected torchvision .* for preprocessing but received "caffe"/, /torchvision's VGG19/, /dcbb9e9d/),
    );
  });

  test('an unknown .pth asks for the option instead of guessing; Keras and Caffe files are Caffe-trained', () => {
    assert.throws(() => choosePreprocessing({ format: 'pth-zip', known: undefined, requested: undefined, source: 'mine.pth' }), (error) =>
      assertWeightsError(error, 'INVALID_OPTION', /Expected a preprocessing option \(caffe or torchvision\) for mine\.pth/, /--preprocessing caffe\|torchvision/),
    );
    assert.equal(choosePreprocessing({ format: 'safetensors', known: undefined, requested: 'torchvision', source: 's' }).from, 'option');
    for (const format of ['keras-h5', 'caffemodel'] as const) assert.equal(choosePreprocessing({ format, known: undefined, requested: undefined, source: 'k' }).name, 'caffe');
  });

  test("the reader applies a known file's convention (digest given, as `models import` passes it)", async () => {
    const digest = `${torchvisionVgg19.sha256Prefix}${'0'.repeat(56)}`;
    const weights = await readVggWeightsFile(fixture('tiny-vgg19-torchvision.pth'), { sha256: digest });
    assert.equal(weights.file?.preprocessing, 'torchvision');
    assert.match(weights.file!.reason, /dcbb9e9d/);
    assert.deepEqual(weights.network.preprocessing.std, [0.229, 0.224, 0.225]);
    await assert.rejects(readVggWeightsFile(fixture('tiny-vgg19-torchvision.pth'), { sha256: digest, preprocessing: 'caffe' }), (error) => assertWeightsError(error, 'INVALID_OPTION', /received "caffe"/));
    const keras = await readVggWeightsFile(fixture('tiny-vgg19.h5'));
    assert.deepEqual(keras.file, { format: 'keras-h5', preprocessing: 'caffe', reason: 'Keras and Caffe VGG files are the Caffe-trained network' });
  });
});
