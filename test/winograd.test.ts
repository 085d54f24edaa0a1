import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LAYER_SELECTION } from '../src/engine/gatys/layer-selection.js';
import { GraphBuilder } from '../src/engine/onnx/graph-builder.js';
import { createRng } from '../src/engine/random.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';
import { emitWinogradConv3x3, useWinograd, winogradBias, winogradCandidate } from '../src/engine/network/winograd.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { createLossEvaluator } from './helpers/loss-harness.js';

/**
 * F(4×4, 3×3) in float32 rounds differently from the direct sum (its transforms scale values by up
 * to ~100 and cancel them again); errors seen here are ≤ 3e-6 of the output's largest magnitude.
 * 1e-4 leaves ~30× margin, while a wrong transform entry, tile offset or padding is off by ≳ 1e-1.
 */
const CONV_TOLERANCE_OF_MAX = 1e-4;

/** Plain cross-correlation with zero padding 1, [K,C,3,3] kernel: the independent reference. */
function referenceConv(input: Float32Array, channels: number, height: number, width: number, kernel: Float32Array, outChannels: number, bias: Float32Array): Float32Array {
  const out = new Float32Array(outChannels * height * width);
  for (let k = 0; k < outChannels; k++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let sum = bias[k];
        for (let c = 0; c < channels; c++)
          for (let u = 0; u < 3; u++)
            for (let v = 0; v < 3; v++) {
              const [iy, ix] = [y + u - 1, x + v - 1];
              if (iy < 0 || ix < 0 || iy >= height || ix >= width) continue;
              sum += kernel[((k * channels + c) * 3 + u) * 3 + v] * input[(c * height + iy) * width + ix];
            }
        out[(k * height + y) * width + x] = sum;
      }
  return out;
}

async function winogradConv(input: Float32Array, channels: number, height: number, width: number, kernel: Float32Array, outChannels: number, bias: Float32Array): Promise<Float32Array> {
  const graph = new GraphBuilder('winograd_test');
  const x = graph.input('x', [1, channels, height, width]);
  const y = emitWinogradConv3x3(graph, x, [channels, height, width], { kernel: (filters) => filters(kernel, 0), outChannels, inChannels: channels, bias }, 'layer');
  graph.output(y, 'y', [1, outChannels, height, width]);
  const session = await createOrtRuntime({ threads: 1 }).createSession(graph.toModel());
  try {
    return (await session.run({ x: { data: input, dims: [1, channels, height, width] } })).y.data;
  } finally {
    await session.release();
  }
}

for (const [channels, outChannels, height, width] of [
  [3, 5, 8, 8],
  [4, 16, 13, 9],
  [7, 3, 1, 6],
  [2, 2, 4, 1],
  [16, 8, 21, 18],
] as const) {
  test(`Winograd F(4×4,3×3) equals the direct 3×3 convolution: ${channels}→${outChannels} channels, ${height}×${width}`, async () => {
    const rng = createRng(channels * 100 + height);
    const input = new Float32Array(channels * height * width).map(() => 255 * rng.uniform() - 100);
    const kernel = new Float32Array(outChannels * channels * 9).map(() => rng.normal() * 0.2);
    const bias = new Float32Array(outChannels).map(() => rng.normal() * 10);
    const expected = referenceConv(input, channels, height, width, kernel, outChannels, bias);
    const actual = await winogradConv(input, channels, height, width, kernel, outChannels, bias);
    assert.equal(actual.length, expected.length);
    const scale = expected.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    const worst = expected.reduce((max, value, i) => Math.max(max, Math.abs(value - actual[i])), 0);
    assert.ok(worst <= CONV_TOLERANCE_OF_MAX * scale, `largest difference ${worst} against output scale ${scale}`);
  });
}

test('the fused loss graph gives the same costs and gradient with Winograd and direct convolutions', async () => {
  const weights = randomVggWeights(7, [8, 12, 16, 16, 16]);
  const spec = { height: 37, width: 30, weights, selection: DEFAULT_LAYER_SELECTION, costWeights: { content: 10, style: 40, totalVariation: 0.1 } };
  const direct = await createLossEvaluator({ ...spec, convolution: 'direct' });
  const winograd = await createLossEvaluator({ ...spec, convolution: 'winograd' });
  try {
    const rng = createRng(4);
    const image = new Float32Array(3 * spec.height * spec.width).map(() => 255 * rng.uniform());
    const [a, b] = [await direct.evaluate(image), await winograd.evaluate(image)];
    for (const term of ['content', 'style', 'tv', 'loss'] as const) {
      assert.ok(Math.abs(a[term] - b[term]) <= 1e-5 * Math.abs(a[term]), `${term}: direct ${a[term]}, Winograd ${b[term]}`);
    }
    const scale = a.gradient.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    const worst = a.gradient.reduce((max, value, i) => Math.max(max, Math.abs(value - b.gradient[i])), 0);
    assert.ok(worst <= CONV_TOLERANCE_OF_MAX * scale, `gradient: largest difference ${worst} against scale ${scale}`);
  } finally {
    await direct.release();
    await winograd.release();
  }
});

test('auto picks Winograd for the wide layers of blocks 3 and 4, where it was measured faster', () => {
  // 64×64 activations: large enough for every wide layer (bench/winograd-crossover.ts).
  const auto = (stage: number, inChannels: number, outChannels: number) => useWinograd('auto', { stage, inChannels, outChannels, height: 64, width: 64 });
  assert.equal(auto(1, 64, 64), false);
  assert.equal(auto(2, 128, 128), false);
  assert.equal(auto(3, 128, 256), true);
  assert.equal(auto(3, 256, 128), true);
  assert.equal(auto(4, 512, 512), true);
  assert.equal(auto(5, 512, 512), false);
  assert.equal(auto(3, 16, 16), false);
  assert.equal(useWinograd('winograd', { stage: 1, inChannels: 3, outChannels: 64, height: 8, width: 8 }), true);
  assert.equal(useWinograd('direct', { stage: 4, inChannels: 512, outChannels: 512, height: 64, width: 64 }), false);
});

test('auto keeps small activations direct: where the transforms cost more than they save (measured crossovers)', () => {
  const auto = (channels: number, height: number, width: number) => useWinograd('auto', { stage: 3, inChannels: channels, outChannels: channels, height, width });
  // 256 channels: 0.65× at 12×12, break-even at 16×16, 1.2× at 24×24; 512: 0.73× at 8×8, 1.3× at 12×12.
  assert.equal(auto(256, 12, 12), false);
  assert.equal(auto(256, 16, 16), false);
  assert.equal(auto(256, 24, 24), true);
  assert.equal(auto(512, 8, 8), false);
  assert.equal(auto(512, 12, 12), true);
  // VGG19 at a 64×43 preview: block 3 runs 16×11, block 4 8×5; at 512×341 they run 128×86 and 64×43.
  assert.equal(auto(256, 11, 16), false);
  assert.equal(auto(512, 5, 8), false);
  assert.equal(auto(256, 86, 128), true);
  // Whether a layer may ever run as Winograd does not depend on its size (the memory planner's question).
  assert.equal(winogradCandidate({ stage: 4, inChannels: 512, outChannels: 512 }), true);
  assert.equal(winogradCandidate({ stage: 2, inChannels: 128, outChannels: 128 }), false);
});

test('the bias sits at the transform position whose output weights are all one', () => {
  const nonZero = [...winogradBias(Float32Array.of(3, -4), 2).entries()].filter(([, value]) => value !== 0);
  assert.deepEqual(nonZero, [
    [7 * 2, 3],
    [7 * 2 + 1, -4],
  ]);
});
