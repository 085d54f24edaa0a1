import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isPainterlyError, type PainterlyErrorCode } from '../src/engine/errors.js';
import { expectedFastTensors, networkOutputSize } from '../src/engine/fast/architecture.js';
import { createFastStyleCheckpoint, parseFastStyleManifest, shapeSize, type FastStyleCheckpoint } from '../src/engine/fast/checkpoint.js';
import { samePadding, transposedSamePadding } from '../src/engine/fast/kernels.js';
import { buildFastStyleGraph } from '../src/engine/fast/network-graph.js';
import { stylizeFast } from '../src/engine/fast/stylize-fast.js';
import { readFastStyleCheckpoint } from '../src/node/fast-checkpoint.js';
import { readImage } from '../src/node/image-io.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { cropImage, patternImage } from './helpers/fast-images.js';
import { SHARED, FIXTURES as FIXTURES_DIR } from './helpers/repo-root.js';

const PRESETS = join(SHARED, 'models', 'fast-style') + '/';
const FIXTURES = FIXTURES_DIR + '/';

/**
 * Largest allowed |ours − reference| on the 0–255 scale. The golden is float64 numpy rounded to 0.001
 * (±0.0005); ONNX Runtime works in float32 (ulp ≈ 6e-8 relative) through 16 conv layers of up to
 * 2592-term sums, 16 instance norms whose gains scale/σ amplify earlier rounding, and a final
 * 150·tanh whose slope reaches 150. Observed: 6e-4. A layout, padding or norm mistake costs 10–100,
 * so 0.01 keeps ~15× headroom without hiding any real error.
 */
const GOLDEN_TOLERANCE = 0.01;

interface GoldenCase {
  readonly name: string;
  readonly crop: readonly [number, number, number, number];
  readonly shape: readonly [1, 3, number, number];
  readonly output: readonly number[];
}

const runtime = createOrtRuntime({ threads: 2 });
let udnie: FastStyleCheckpoint;
before(async () => {
  udnie = await readFastStyleCheckpoint(join(PRESETS, 'udnie'));
});

describe('fast-style network graph', () => {
  it('matches the independent numpy reference on udnie (odd 33×29 and even 28×20 inputs, both last-layer forms)', async () => {
    const golden = JSON.parse(readFileSync(join(FIXTURES, 'fast-udnie-golden.json'), 'utf8')) as { cases: GoldenCase[] };
    const { rgb } = await readImage(join(FIXTURES, 'fast-input-33x29.png'));
    for (const [goldenCase, subPixel] of golden.cases.flatMap((goldenCase) => [[goldenCase, true], [goldenCase, false]] as const)) {
      const [left, top, width, height] = goldenCase.crop;
      const input = cropImage(rgb, left, top, width, height);
      const graph = buildFastStyleGraph(udnie, { height, width, subPixel });
      assert.deepEqual(graph.dims, goldenCase.shape);
      const session = await runtime.createSession(graph.model);
      const output = (await session.run({ [graph.inputName]: { data: input.data, dims: graph.dims } }))[graph.outputName];
      await session.release();
      assert.deepEqual(output.dims, goldenCase.shape);
      const worst = maxAbsDifference(output.data, goldenCase.output);
      assert.ok(worst <= GOLDEN_TOLERANCE, `${goldenCase.name} (subPixel ${subPixel}): max |difference| ${worst} exceeds ${GOLDEN_TOLERANCE}`);
    }
  });

  it('returns exactly the input size for odd and awkward sizes (63, 65, 201 px)', async () => {
    for (const [width, height] of [[63, 65], [201, 63], [65, 201]]) {
      const image = patternImage(width, height);
      const stylized = await stylizeFast(runtime, udnie, image);
      assert.equal(stylized.width, width);
      assert.equal(stylized.height, height);
      assert.equal(stylized.data.length, 3 * width * height);
      assert.ok(stylized.data.every((value) => value >= 0 && value <= 255));
    }
    assert.deepEqual([63, 65, 201].map(networkOutputSize), [64, 68, 204]);
  });

  it('pads like TensorFlow SAME (odd extra pixel after) and sizes transposed convs to exactly 2n', () => {
    assert.deepEqual(samePadding(64, 3, 2), [0, 1]);
    assert.deepEqual(samePadding(65, 3, 2), [1, 1]);
    assert.deepEqual(samePadding(65, 9, 1), [4, 4]);
    const [before, afterPad] = transposedSamePadding(16, 3, 2);
    assert.equal((16 - 1) * 2 + 3 - before - afterPad, 32);
  });
});

describe('fast-style checkpoints', () => {
  const zeroTensors = () => new Map(expectedFastTensors().map(({ name, shape }) => [name, { data: new Float32Array(shapeSize(shape)), shape }]));

  it('reads all 48 tensors of a real preset', () => {
    assert.equal(udnie.layers.length, 16);
    assert.equal(udnie.layers[0].filter.length, 9 * 9 * 3 * 32);
    assert.equal(udnie.layers[13].filter.length, 3 * 3 * 64 * 128);
  });

  it('names the tensor, expected and actual shape on a mismatch', () => {
    const tensors = zeroTensors();
    tensors.set('Variable_39', { data: new Float32Array(3 * 3 * 128 * 64), shape: [3, 3, 128, 64] });
    assertPainterlyError(() => createFastStyleCheckpoint(tensors, 'test'), 'WEIGHTS_INVALID', /\[3,3,64,128\] for tensor Variable_39 but received \[3,3,128,64\]/);
  });

  it('names a missing tensor', () => {
    const tensors = zeroTensors();
    tensors.delete('Variable_47');
    assertPainterlyError(() => createFastStyleCheckpoint(tensors, 'test'), 'WEIGHTS_INVALID', /Variable_47 is missing/);
    const manifest = JSON.parse(readFileSync(join(PRESETS, 'udnie', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.Variable;
    assertPainterlyError(() => parseFastStyleManifest(manifest, 'test'), 'WEIGHTS_INVALID', /Variable is missing/);
  });

  it('rejects unsafe file names in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(PRESETS, 'udnie', 'manifest.json'), 'utf8')) as Record<string, { filename: string }>;
    manifest.Variable_3.filename = '../../etc/passwd';
    assertPainterlyError(() => parseFastStyleManifest(manifest, 'test'), 'WEIGHTS_INVALID', /Variable_3 has an unsafe file name/);
  });

  describe('on disk', () => {
    let dir: string;
    before(async () => {
      dir = await fs.mkdtemp(join(tmpdir(), 'painterly-fast-'));
      await fs.copyFile(join(PRESETS, 'udnie', 'manifest.json'), join(dir, 'manifest.json'));
      for (const { name, shape } of expectedFastTensors()) await fs.writeFile(join(dir, name), Buffer.alloc(4 * shapeSize(shape)));
    });
    after(() => fs.rm(dir, { recursive: true, force: true }));

    it('loads well-formed files', async () => {
      const checkpoint = await readFastStyleCheckpoint(dir);
      assert.equal(checkpoint.layers[15].scale.length, 3);
    });

    it('rejects a file whose byte length is not 4·prod(shape)', async () => {
      await fs.writeFile(join(dir, 'Variable_46'), Buffer.alloc(11));
      await assertRejectsPainterly(readFastStyleCheckpoint(dir), 'WEIGHTS_INVALID', /Expected 12 bytes .* Variable_46 but received 11/);
      await fs.writeFile(join(dir, 'Variable_46'), Buffer.alloc(12));
    });

    it('reports a missing tensor file and a missing manifest', async () => {
      await fs.rm(join(dir, 'Variable_5'));
      await assertRejectsPainterly(readFastStyleCheckpoint(dir), 'WEIGHTS_INVALID', /Variable_5 .* is missing/);
      await assertRejectsPainterly(readFastStyleCheckpoint(join(dir, 'nowhere')), 'WEIGHTS_NOT_FOUND', /manifest\.json is missing/);
    });
  });
});

function maxAbsDifference(actual: Float32Array, expected: readonly number[]): number {
  assert.equal(actual.length, expected.length);
  return actual.reduce((worst, value, index) => Math.max(worst, Math.abs(value - expected[index])), 0);
}

function assertPainterlyError(action: () => unknown, code: PainterlyErrorCode, message: RegExp): void {
  assert.throws(action, (error: unknown) => isPainterlyError(error) && error.code === code && message.test(error.message));
}

async function assertRejectsPainterly(promise: Promise<unknown>, code: PainterlyErrorCode, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isPainterlyError(error) && error.code === code && message.test(error.message));
}
