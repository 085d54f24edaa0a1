/**
 * The temporal cost of coherent video: its value against a direct float64 sum, and its gradient
 * (alone and added to an evaluator's) against central finite differences.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { temporalCost, withTemporalCost } from '../src/engine/gatys/temporal-cost.js';
import type { GatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import { createRgbImage } from '../src/engine/image.js';
import { createRng } from '../src/engine/random.js';

const WIDTH = 5;
const HEIGHT = 4;
const rng = createRng(7);
const values = (count: number, scale: number) => Float32Array.from({ length: count }, () => scale * rng.uniform());
const warped = createRgbImage(WIDTH, HEIGHT, values(3 * WIDTH * HEIGHT, 255));
const pixelWeights = Float32Array.from({ length: WIDTH * HEIGHT }, (_, p) => (p % 3 === 0 ? 0 : rng.uniform()));
const target = { image: warped, pixelWeights, weight: 3.5 };
const pixels = values(3 * WIDTH * HEIGHT, 255);

/** Relative error allowed between the analytic gradient and central differences: the cost is
 * quadratic, so central differences are exact up to float32 rounding of the cost (~1e-7 relative). */
const GRADIENT_TOLERANCE = 1e-3;

test('J_temporal = (1/D)·Σ c·(x − w)² matches a float64 sum, and c = 0 pixels cost nothing', () => {
  let expected = 0;
  const plane = WIDTH * HEIGHT;
  for (let k = 0; k < pixels.length; k++) expected += pixelWeights[k % plane] * (pixels[k] - warped.data[k]) ** 2;
  expected /= pixels.length;
  const { cost } = temporalCost(pixels, target);
  assert.ok(Math.abs(cost - expected) / expected < 1e-6, `${cost} vs ${expected}`);
  const masked = pixels.slice();
  masked[0] += 100; // pixel 0 has c = 0
  assert.equal(temporalCost(masked, target).cost, cost);
});

test('withTemporalCost adds γ·J_temporal to the loss and γ·∂J_temporal/∂x to the gradient (finite differences)', async () => {
  // A stand-in evaluator with a known quadratic loss ½Σx², gradient x.
  const base: GatysLossEvaluator = {
    tiles: 1,
    async evaluate(x) {
      let loss = 0;
      for (const value of x) loss += 0.5 * value * value;
      return { terms: { loss, content: loss, style: 0, tv: 0 }, gradient: Float32Array.from(x) };
    },
    styleGradientNorms: async () => [],
    setStyleLayerFactors: () => undefined,
    release: async () => undefined,
  };
  const coherent = withTemporalCost(base, target);
  const { terms, gradient } = await coherent.evaluate(pixels);
  assert.equal(terms.temporal, temporalCost(pixels, target).cost);
  assert.ok(Math.abs(terms.loss - (terms.content + target.weight * terms.temporal!)) < 1e-6 * terms.loss);
  const loss = async (x: Float32Array) => {
    // In float64, from the definition, independent of the code under test.
    let sum = 0;
    for (let k = 0; k < x.length; k++) sum += 0.5 * x[k] * x[k] + (target.weight / x.length) * pixelWeights[k % (WIDTH * HEIGHT)] * (x[k] - warped.data[k]) ** 2;
    return sum;
  };
  const step = 0.5;
  for (const k of [0, 1, 7, 23, 41, 59]) {
    const plus = pixels.slice();
    const minus = pixels.slice();
    plus[k] += step;
    minus[k] -= step;
    const numeric = ((await loss(plus)) - (await loss(minus))) / (2 * step);
    assert.ok(Math.abs(gradient[k] - numeric) <= GRADIENT_TOLERANCE * Math.max(1, Math.abs(numeric)), `k=${k}: analytic ${gradient[k]} vs numeric ${numeric}`);
  }
});

test('a target of the wrong size is refused', () => {
  assert.throws(() => temporalCost(new Float32Array(6), target), /temporal cost/);
});
