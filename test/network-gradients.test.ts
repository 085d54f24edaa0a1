import type { CostWeights } from '../src/engine/gatys/types.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LayerSelection } from '../src/engine/gatys/layer-selection.js';
import { chainLayers, spatialSizeAt } from '../src/engine/network/layers.js';
import type { ConvWeights, NetworkTable, NetworkWeights } from '../src/engine/network/types.js';
import { foldBatchNorm, randomNetworkWeights } from '../src/engine/network/weights.js';
import { DARKNET_TINY } from '../src/engine/darknet/architecture.js';
import { createRng } from '../src/engine/random.js';
import { createLossEvaluator, directionalDerivativeError } from './helpers/loss-harness.js';

/**
 * Central differences (float32) through the pieces Darknet Tiny brought: LeakyReLU, 1×1
 * convolutions, `same`-padded pooling of odd sizes (the padded row/column must never win a max nor
 * count in an average) and BatchNorm folded into the convolution. The network sees the image
 * ÷ 255, so the step is 0.25 on the 0–255 scale (0.001 at the network's input) and the made-up
 * targets are scaled to its activations (`targetScale`): smaller steps drowned in float32 rounding
 * of J here (10–40% off), larger ones cross kinks. Errors seen at this step stay below 1.5%; 3%
 * still catches a wrong slope, padding side, divisor or transposition (each ≥ 20%).
 */
const GRADIENT_RELATIVE_TOLERANCE = 0.03;
const STEP = 0.25;
const TARGET_SCALE = 0.03;

const LEAKY = { kind: 'leaky-relu', alpha: 0.1 } as const;

/** A narrow Darknet-like chain: 3×3 → pool → 1×1 → 3×3 → pool → 1×1 → 3×3, LeakyReLU, `same` pooling, 0–1 input. */
const SMALL_DARKNET: NetworkTable = {
  ...DARKNET_TINY,
  id: 'test-darknet',
  displayName: 'test Darknet',
  layers: chainLayers([
    { name: 'conv1', kernelSize: 3, outChannels: 6, activation: LEAKY, pooledBefore: false },
    { name: 'conv2', kernelSize: 1, outChannels: 4, activation: LEAKY, pooledBefore: true },
    { name: 'conv3', kernelSize: 3, outChannels: 8, activation: LEAKY, pooledBefore: false },
    { name: 'conv4', kernelSize: 1, outChannels: 5, activation: { kind: 'relu' }, pooledBefore: true },
    { name: 'conv5', kernelSize: 3, outChannels: 6, activation: LEAKY, pooledBefore: false },
  ]),
};

/** Random weights with random biases and each layer's BatchNorm folded in (as the TF.js reader does). */
function foldedWeights(seed: number): NetworkWeights {
  const base = randomNetworkWeights(SMALL_DARKNET, seed);
  const rng = createRng(seed + 1);
  const layers = new Map<string, ConvWeights>();
  for (const [name, conv] of base.layers) {
    const vector = (f: () => number) => new Float32Array(conv.outChannels).map(f);
    layers.set(name, foldBatchNorm(conv, {
      gamma: vector(() => 0.5 + rng.uniform()),
      beta: vector(() => rng.normal() * 0.2),
      mean: vector(() => rng.normal() * 0.1),
      variance: vector(() => 0.2 + rng.uniform()),
      epsilon: 1e-3,
    }));
  }
  return { ...base, layers };
}

async function checkGradient(weights: NetworkWeights, selection: LayerSelection, costWeights: CostWeights, height: number, width: number): Promise<void> {
  const evaluator = await createLossEvaluator({ height, width, weights, selection, costWeights, seed: 4, targetScale: TARGET_SCALE });
  try {
    const rng = createRng(9);
    const image = new Float32Array(3 * height * width).map(() => 20 + 215 * rng.uniform());
    const { gradient } = await evaluator.evaluate(image);
    const scale = Math.sqrt(image.length / gradient.reduce((sum, value) => sum + value * value, 0));
    for (let trial = 0; trial < 3; trial++) {
      const mix = trial === 0 ? 1 : 0.5;
      const direction = new Float32Array(image.length).map((_, i) => mix * gradient[i] * scale + (1 - mix) * rng.normal());
      const result = await directionalDerivativeError(evaluator, image, direction, STEP);
      assert.ok(result.relativeError < GRADIENT_RELATIVE_TOLERANCE, `direction ${trial}: analytic ${result.analytic} vs central difference ${result.numeric} (relative error ${result.relativeError})`);
    }
  } finally {
    await evaluator.release();
  }
}

const styleLayers = ['conv1', 'conv3', 'conv5'].map((layer) => ({ layer, weight: 1 / 3 }));
const everything: CostWeights = { content: 1, style: 1, totalVariation: 1e-6 };

test('same pooling keeps ⌈n/2⌉ positions on odd sizes at every stage', () => {
  assert.deepEqual(spatialSizeAt(SMALL_DARKNET, 'conv5', 21, 19), [6, 5]);
  assert.deepEqual(spatialSizeAt(SMALL_DARKNET, 'conv2', 21, 19), [11, 10]);
});

for (const pooling of ['max', 'avg'] as const) {
  test(`LeakyReLU, 1×1 convolutions and same-padded ${pooling} pooling on odd sizes match central differences`, async () => {
    await checkGradient(randomNetworkWeights(SMALL_DARKNET, 2), { contentLayers: ['conv4'], styleLayers, pooling }, everything, 21, 19);
  });

  test(`folded BatchNorm (random γ, β, mean, variance) with ${pooling} pooling matches central differences`, async () => {
    await checkGradient(foldedWeights(7), { contentLayers: ['conv5'], styleLayers, pooling }, everything, 15, 13);
  });
}

test('folding BatchNorm gives the convolution followed by the normalisation, per output channel (float64 reference)', () => {
  const rng = createRng(1);
  const [k, inChannels, outChannels] = [3, 2, 3];
  const kernel = new Float32Array(k * k * inChannels * outChannels).map(() => rng.normal());
  const conv: ConvWeights = { kernel, bias: new Float32Array([0.3, -0.2, 0.1]), inChannels, outChannels, kernelSize: k };
  const norm = { gamma: new Float32Array([1.5, 0.5, -0.7]), beta: new Float32Array([0.1, 0.2, -0.3]), mean: new Float32Array([0.4, -1, 2]), variance: new Float32Array([0.25, 4, 1]), epsilon: 1e-3 };
  const folded = foldBatchNorm(conv, norm);
  const patch = Array.from({ length: k * k * inChannels }, () => rng.normal());
  for (let o = 0; o < outChannels; o++) {
    let raw = conv.bias[o];
    let fused = folded.bias[o];
    patch.forEach((x, p) => {
      raw += x * conv.kernel[p * outChannels + o];
      fused += x * folded.kernel[p * outChannels + o];
    });
    const expected = (norm.gamma[o] * (raw - norm.mean[o])) / Math.sqrt(norm.variance[o] + norm.epsilon) + norm.beta[o];
    assert.ok(Math.abs(fused - expected) < 1e-5 * Math.max(1, Math.abs(expected)), `channel ${o}: folded ${fused}, explicit ${expected}`);
  }
});
