import type { CostWeights, StyleLossKind } from '../src/engine/gatys/types.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LAYER_SELECTION, type LayerSelection } from '../src/engine/gatys/layer-selection.js';
import { createRng } from '../src/engine/random.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';
import type { ConvolutionAlgorithm } from '../src/engine/network/winograd.js';
import { createLossEvaluator, directionalDerivativeError } from './helpers/loss-harness.js';

/**
 * Central differences in float32 on a ReLU network: a large step crosses ReLU and max-pool kinks
 * (seen here: 2–50% off at h ≥ 0.03 with max pooling), a tiny one drowns in float32 rounding of J
 * (~1e-7·J / h). h = 0.01 on the 0–255 scale sits between the two: errors seen here are below 1%
 * (avg) and 1–2% (max); 3% still catches any wrong factor, sign, transposition or missing term
 * (each gives ≥ 20%).
 */
const GRADIENT_RELATIVE_TOLERANCE = 0.03;
/** TV is a quadratic: its central difference is exact up to float32 rounding of J. */
const QUADRATIC_RELATIVE_TOLERANCE = 5e-3;
const STEP = 0.01;
const DIRECTIONS = 3;

const tinyWeights = randomVggWeights(5, [4, 6, 8, 8, 8]);

async function checkGradient(options: {
  height: number;
  width: number;
  selection: LayerSelection;
  costWeights: CostWeights;
  tolerance: number;
  convolution?: ConvolutionAlgorithm;
  styleLoss?: StyleLossKind;
  targetScale?: number;
}): Promise<void> {
  const evaluator = await createLossEvaluator({ ...options, weights: tinyWeights });
  try {
    const rng = createRng(3);
    const image = new Float32Array(3 * options.height * options.width).map(() => 30 + 195 * rng.uniform());
    const { gradient } = await evaluator.evaluate(image);
    const gradientScale = Math.sqrt(image.length / gradient.reduce((sum, value) => sum + value * value, 0));
    for (let trial = 0; trial < DIRECTIONS; trial++) {
      // Half along the claimed gradient, half random: the derivative along it stays well above the
      // float32 noise of J, and a gradient that is wrong in any direction still shows (for a wrong g,
      // ∇J·ĝ ≠ |g|), while the random half probes components the claimed gradient may have missed.
      const mix = trial === 0 ? 1 : 0.5;
      const direction = new Float32Array(image.length).map(
        (_, i) => mix * gradient[i] * gradientScale + (1 - mix) * rng.normal(),
      );
      const result = await directionalDerivativeError(evaluator, image, direction, STEP);
      assert.ok(
        result.relativeError < options.tolerance,
        `direction ${trial}: analytic ${result.analytic} vs central difference ${result.numeric} (relative error ${result.relativeError})`,
      );
    }
  } finally {
    await evaluator.release();
  }
}

const contentOnly: CostWeights = { content: 1, style: 0, totalVariation: 0 };
const styleOnly: CostWeights = { content: 0, style: 1, totalVariation: 0 };
const tvOnly: CostWeights = { content: 0, style: 0, totalVariation: 1 };
const everything: CostWeights = { content: 10, style: 40, totalVariation: 0.5 };

for (const pooling of ['avg', 'max'] as const) {
  const selection: LayerSelection = { ...DEFAULT_LAYER_SELECTION, pooling };

  test(`content head gradient matches central differences (${pooling} pooling)`, async () => {
    await checkGradient({ height: 20, width: 24, selection, costWeights: contentOnly, tolerance: GRADIENT_RELATIVE_TOLERANCE });
  });

  test(`style head gradient matches central differences (${pooling} pooling)`, async () => {
    await checkGradient({ height: 20, width: 24, selection, costWeights: styleOnly, tolerance: GRADIENT_RELATIVE_TOLERANCE });
  });

  test(`whole graph gradient matches central differences on odd sizes (${pooling} pooling)`, async () => {
    await checkGradient({ height: 21, width: 19, selection, costWeights: everything, tolerance: GRADIENT_RELATIVE_TOLERANCE });
  });

  test(`whole graph gradient with every convolution by Winograd matches central differences (${pooling} pooling)`, async () => {
    await checkGradient({ height: 21, width: 19, selection, costWeights: everything, tolerance: GRADIENT_RELATIVE_TOLERANCE, convolution: 'winograd' });
  });
}

test('total-variation head gradient matches central differences', async () => {
  await checkGradient({ height: 17, width: 23, selection: DEFAULT_LAYER_SELECTION, costWeights: tvOnly, tolerance: QUADRATIC_RELATIVE_TOLERANCE });
});

test('each style layer alone, and several content layers, have correct gradients', async () => {
  for (const layer of ['conv1_1', 'conv3_1', 'conv5_1']) {
    await checkGradient({
      height: 20,
      width: 20,
      selection: { contentLayers: ['conv2_2', 'conv4_2'], styleLayers: [{ layer, weight: 1 }], pooling: 'avg' },
      costWeights: { content: 5, style: 1, totalVariation: 0 },
      tolerance: GRADIENT_RELATIVE_TOLERANCE,
    });
  }
});

test('reported costs follow the definitions on a hand-checkable case', async () => {
  // TV of a horizontal ramp x[i,j,c] = 2j on an H×W image: every horizontal difference is 2, none vertical.
  const height = 16;
  const width = 16;
  const evaluator = await createLossEvaluator({ height, width, weights: tinyWeights, selection: DEFAULT_LAYER_SELECTION, costWeights: tvOnly });
  try {
    const image = new Float32Array(3 * height * width).map((_, index) => 2 * (index % width));
    const { tv } = await evaluator.evaluate(image);
    const expected = (3 * height * (width - 1) * 4) / (height * width * 3);
    assert.ok(Math.abs(tv - expected) < 1e-5, `TV ${tv} vs ${expected}`);
  } finally {
    await evaluator.release();
  }
});

// The w2 head's gradient takes M^−½ from the same Newton–Schulz run whose M^½ gives the reported
// cost, so the two agree only as far as the iteration converged: these check both, at the default
// iteration count, on the C×C path (more positions than channels) and the N×N one (fewer).
test('w2 style head gradient matches central differences (more positions than channels)', async () => {
  await checkGradient({
    height: 20,
    width: 20,
    selection: { contentLayers: [], styleLayers: [{ layer: 'conv1_1', weight: 0.5 }, { layer: 'conv3_1', weight: 0.5 }], pooling: 'avg' },
    costWeights: styleOnly,
    styleLoss: 'w2',
    // Covariance roots of the features' own magnitude (tens), so the cross term weighs as much as the rest.
    targetScale: 30,
    tolerance: GRADIENT_RELATIVE_TOLERANCE,
  });
});

test('w2 style head gradient matches central differences (fewer positions than channels, max pooling)', async () => {
  await checkGradient({
    height: 24,
    width: 16,
    selection: { contentLayers: [], styleLayers: [{ layer: 'conv4_1', weight: 1 }], pooling: 'max' },
    costWeights: styleOnly,
    styleLoss: 'w2',
    // Covariance roots of the features' own magnitude (tens), so the cross term weighs as much as the rest.
    targetScale: 30,
    tolerance: GRADIENT_RELATIVE_TOLERANCE,
  });
});
