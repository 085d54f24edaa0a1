import type { CostWeights } from '../src/engine/gatys/types.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRgbImage } from '../src/engine/image.js';
import { isPainterlyError } from '../src/engine/errors.js';
import type { LayerSelection } from '../src/engine/gatys/layer-selection.js';
import { DEFAULT_LAYER_SELECTION } from '../src/engine/gatys/layer-selection.js';
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import { foldPadding, padReplicate } from '../src/engine/gatys/planes.js';
import { MEMORY_MODELS, planEvaluation } from '../src/engine/gatys/scale-evaluator.js';
import { planTileGrid } from '../src/engine/gatys/tile-grid.js';
import { createTiledLossEvaluator } from '../src/engine/gatys/tiled-evaluator.js';
import { createRng } from '../src/engine/random.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';

/**
 * With layers whose receptive field fits inside the margin (conv1_2 sees 5×5 pixels; the margin is
 * 16), tiling changes only the summation order: float32 sums over tiles vs one graph agree to ~1e-6,
 * so 1e-4 relative catches any wrong normalisation, mask, offset or missing tile (each ≫ 1e-2).
 */
const EXACT_TOLERANCE = 1e-4;

const runtime = createOrtRuntime({ threads: 2 });
const weights = randomVggWeights(11, [4, 6, 8, 8, 8]);
const costs: CostWeights = { content: 10, style: 40, totalVariation: 0.5 };

function randomImage(width: number, height: number, seed: number) {
  const rng = createRng(seed);
  return createRgbImage(width, height, new Float32Array(3 * width * height).map(() => 20 + 215 * rng.uniform()));
}

async function compare(selection: LayerSelection, width: number, height: number, tile: { width: number; height: number }, margin: number) {
  const content = randomImage(width, height, 1);
  const styles = [{ image: randomImage(48, 40, 2), weight: 1 }];
  const generated = randomImage(width, height, 3).data;
  const problem = { runtime, weights, content, styles, selection, costWeights: costs, styleLoss: 'gram' } as const;
  const whole = await createGatysLossEvaluator(problem);
  const tiled = await createTiledLossEvaluator(problem, { tile, seed: 0, margin });
  try {
    const expected = await whole.evaluate(generated);
    const first = await tiled.evaluate(generated);
    const second = await tiled.evaluate(generated); // other tile offsets, Grams from the first call
    return { expected, first, second, tiles: tiled.tiles };
  } finally {
    await whole.release();
    await tiled.release();
  }
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const gradientError = (a: Float32Array, b: Float32Array) => {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
};

const shallow: LayerSelection = { contentLayers: ['conv1_2'], styleLayers: [{ layer: 'conv1_1', weight: 0.5 }, { layer: 'conv1_2', weight: 0.5 }], pooling: 'avg' };

test('tiled evaluation equals the whole-image graph when the margin covers the receptive field', async () => {
  const { expected, first, second, tiles } = await compare(shallow, 96, 64, { width: 64, height: 48 }, 16);
  assert.ok(tiles > 1, `expected several tiles, got ${tiles}`);
  for (const result of [first, second]) {
    for (const term of ['content', 'style', 'tv', 'loss'] as const) {
      assert.ok(relative(result.terms[term], expected.terms[term]) < EXACT_TOLERANCE, `${term}: ${result.terms[term]} vs ${expected.terms[term]}`);
    }
    assert.ok(gradientError(result.gradient, expected.gradient) < EXACT_TOLERANCE, `gradient off by ${gradientError(result.gradient, expected.gradient)} of its largest entry`);
  }
});

test('tiled evaluation stays close to the whole image with all default layers (context cut at tile borders)', async () => {
  // conv5_1 sees far beyond a 32 px margin, so tiles differ from the whole image near their borders.
  // Measured on these tiny random weights: loss within 0.06%, gradient cosine ≥ 0.999997 (margins 16–48).
  // A wrong mask, normalisation or missing tile moves the loss by ≫ 1%.
  const { expected, first } = await compare(DEFAULT_LAYER_SELECTION, 160, 128, { width: 128, height: 96 }, 32);
  assert.ok(relative(first.terms.loss, expected.terms.loss) < 0.01, `loss ${first.terms.loss} vs ${expected.terms.loss}`);
  let dot = 0;
  let a2 = 0;
  let b2 = 0;
  for (let i = 0; i < expected.gradient.length; i++) {
    dot += first.gradient[i] * expected.gradient[i];
    a2 += first.gradient[i] ** 2;
    b2 += expected.gradient[i] ** 2;
  }
  const cosine = dot / Math.sqrt(a2 * b2);
  assert.ok(cosine > 0.999, `gradient cosine ${cosine}`);
});

test('the cores of a tile grid partition the canvas for any jitter, inside aligned windows, and the cuts move', () => {
  const cutsAt = (jitter: number) => planTileGrid(2048, 960, 768, 768, 64, jitter, 0).map((t) => t.coreX0).join(',');
  assert.notEqual(cutsAt(0), cutsAt(0.99));
  assert.equal(planTileGrid(2048, 960, 768, 768, 64, 0.5, 0.5).length, 8, 'few tiles: 4 columns × 2 rows');
  for (const [jitterX, jitterY] of [[0, 0], [0.3, 0.7], [0.999, 0.5], [0.5, 0]]) {
    const tiles = planTileGrid(400, 288, 192, 160, 32, jitterX, jitterY);
    const covered = new Uint8Array(400 * 288);
    for (const t of tiles) {
      assert.ok(t.x >= 0 && t.y >= 0 && t.x + 192 <= 400 && t.y + 160 <= 288, 'window inside the canvas');
      assert.ok(t.coreX0 >= t.x && t.coreX1 <= t.x + 192 && t.coreY0 >= t.y && t.coreY1 <= t.y + 160, 'core inside its window');
      for (const v of [t.x, t.y, t.coreX0, t.coreX1, t.coreY0, t.coreY1]) assert.ok(v % 16 === 0, `${v} is on the 16 px grid`);
      for (let y = t.coreY0; y < t.coreY1; y++) for (let x = t.coreX0; x < t.coreX1; x++) covered[y * 400 + x] += 1;
    }
    assert.ok(covered.every((count) => count === 1), `jitter ${jitterX},${jitterY}: every pixel in exactly one core`);
  }
});

test('foldPadding is the adjoint of padReplicate', () => {
  const rng = createRng(4);
  const shape = { channels: 3, width: 13, height: 7 };
  const x = new Float32Array(3 * 13 * 7).map(() => rng.normal());
  const y = new Float32Array(3 * 16 * 16).map(() => rng.normal());
  const padded = padReplicate(x, shape, 16, 16);
  const folded = foldPadding(y, 16, 16, shape);
  const left = padded.reduce((sum, value, i) => sum + value * y[i], 0);
  const right = x.reduce((sum, value, i) => sum + value * folded[i], 0);
  assert.ok(Math.abs(left - right) < 1e-4 * Math.abs(left), `${left} vs ${right}`);
});

test('planEvaluation keeps small images whole, then trades Winograd for memory, then tiles within the budget', () => {
  assert.deepEqual(planEvaluation(512, 384, 4 * 2 ** 30), { convolution: 'auto' });
  assert.deepEqual(planEvaluation(4096, 3072, undefined), { convolution: 'auto' });
  // 512×384 needs ≈ 2.33 GiB with Winograd, ≈ 2.16 GiB with direct convolutions.
  assert.deepEqual(planEvaluation(512, 384, 2.2 * 2 ** 30), { convolution: 'direct' });
  const plan = planEvaluation(2048, 1536, 4 * 2 ** 30);
  assert.equal(plan.convolution, 'auto');
  assert.ok(plan.tile && plan.tile.width % 16 === 0 && plan.tile.height % 16 === 0);
  const { baseBytes, graphBytesPerPixel, imageBytesPerPixel } = MEMORY_MODELS.winograd;
  assert.ok(plan.tile.width * plan.tile.height * graphBytesPerPixel + 2048 * 1536 * imageBytesPerPixel + baseBytes <= 4 * 2 ** 30);
  // Below the Winograd base, tiles with direct convolutions.
  assert.equal(planEvaluation(2048, 1536, 2.5 * 2 ** 30).convolution, 'direct');
  assert.throws(() => planEvaluation(4096, 3072, 1 * 2 ** 30), (error: unknown) => isPainterlyError(error) && /Raise the memory budget or lower the size/.test(error.message) && error.option === 'maxMemory');
});

test('balanced style layers: the tiled evaluator measures the same per-layer gradient norms and applies the factors', async () => {
  const content = randomImage(96, 64, 1);
  const styles = [{ image: randomImage(48, 40, 2), weight: 1 }];
  const generated = randomImage(96, 64, 3).data;
  const problem = { runtime, weights, content, styles, selection: shallow, costWeights: costs, styleLoss: 'gram' } as const;
  const whole = await createGatysLossEvaluator(problem);
  const tiled = await createTiledLossEvaluator(problem, { tile: { width: 64, height: 48 }, seed: 0, margin: 16 });
  try {
    const wholeNorms = await whole.styleGradientNorms(generated);
    const tiledNorms = await tiled.styleGradientNorms(generated);
    assert.equal(tiledNorms.length, shallow.styleLayers.length);
    tiledNorms.forEach((norm, layer) => assert.ok(relative(norm, wholeNorms[layer]) < EXACT_TOLERANCE, `layer ${layer}: ${norm} vs ${wholeNorms[layer]}`));
    // The two layers' raw pulls differ; with factors 1/n each pulls λ·β in L1 norm, so the terms change alike.
    assert.ok(Math.abs(Math.log(wholeNorms[0] / wholeNorms[1])) > 0.1, `norms ${wholeNorms.join(', ')} should differ`);
    const factors = wholeNorms.map((norm) => 1 / norm);
    whole.setStyleLayerFactors(factors);
    tiled.setStyleLayerFactors(factors);
    const expected = await whole.evaluate(generated);
    const result = await tiled.evaluate(generated);
    assert.ok(relative(result.terms.style, expected.terms.style) < EXACT_TOLERANCE, `style ${result.terms.style} vs ${expected.terms.style}`);
    assert.ok(gradientError(result.gradient, expected.gradient) < EXACT_TOLERANCE, `gradient off by ${gradientError(result.gradient, expected.gradient)}`);
  } finally {
    await whole.release();
    await tiled.release();
  }
});
