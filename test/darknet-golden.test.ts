import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import type { Pooling } from '../src/engine/network/types.js';
import { readImage } from '../src/node/image-io.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { readTfjsLayersModel } from '../src/node/tfjs-layers-model.js';

/**
 * Parity of iteration-0 costs and gradient with an independent PyTorch float64 reference
 * (scripts/reference/darknet_reference.py: BatchNorm applied explicitly, -inf-padded `same` max
 * pooling, padding left out of the average) on the REAL Darknet Tiny weights in ../shared. Our
 * engine folds BatchNorm and runs in float32: re-running the reference in float32 moved costs and
 * norms by < 6e-6 relative, the sampled entries by < 2e-6 of the largest magnitude and the sum by
 * < 4.2e-5 of it (test/fixtures/README.md), so 1e-4 relative leaves ≥ 17× margin while a wrong
 * fold, padding side, slope or normalisation is off by ≫ 1e-2.
 */
const RELATIVE_TOLERANCE = 1e-4;
/** Sampled gradient entries partly cancel: compare them to the gradient's largest magnitude. */
const GRADIENT_TOLERANCE_OF_MAX = 1e-4;
/** The sum over N entries cancels most: 1e-6 × max|g| × N (the fixture README's measured bound is 1.2e-7). */
const SUM_TOLERANCE_PER_ELEMENT = 1e-6;

const repoRoot = resolve(import.meta.dirname, '..');
const fromRepo = (path: string) => resolve(repoRoot, path);

interface GoldenCase {
  name: string;
  inputs: {
    weights: string;
    content: string;
    generated: string;
    styles: Array<{ image: string; weight: number }>;
    pooling: Pooling;
    contentLayers: string[];
    styleLayers: Array<{ layer: string; weight: number }>;
    alpha: number;
    beta: number;
    gamma: number;
  };
  outputs: {
    content: number;
    style: number;
    tv: number;
    total: number;
    gradient: { l2Norm: number; sum: number; maxAbs: number; at: Array<{ index: [number, number, number]; value: number }> };
  };
}

const golden = JSON.parse(readFileSync(fromRepo('test/fixtures/darknet-golden.json'), 'utf8')) as { cases: GoldenCase[] };

function assertClose(actual: number, expected: number, what: string, tolerance = RELATIVE_TOLERANCE * Math.abs(expected)): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: engine ${actual}, reference ${expected} (tolerance ${tolerance})`);
}

test('the golden has cases with odd sizes, both poolings, two styles and deep layers', () => {
  const names = golden.cases.map((entry) => entry.name);
  assert.ok(golden.cases.length >= 4, names.join(', '));
  assert.ok(golden.cases.some((entry) => entry.inputs.pooling === 'avg') && golden.cases.some((entry) => entry.inputs.pooling === 'max'));
  assert.ok(golden.cases.some((entry) => entry.inputs.styles.length === 2));
  assert.ok(golden.cases.some((entry) => entry.inputs.contentLayers.includes('conv15')));
});

for (const goldenCase of golden.cases) {
  test(`iteration-0 costs and gradient on the real Darknet Tiny match the PyTorch float64 reference: ${goldenCase.name}`, async () => {
    const { inputs, outputs } = goldenCase;
    const layers = [...inputs.contentLayers, ...inputs.styleLayers.map((entry) => entry.layer)];
    const deepest = layers.reduce((a, b) => (Number(b.slice(4)) > Number(a.slice(4)) ? b : a));
    const weights = await readTfjsLayersModel(fromRepo(inputs.weights), { deepestLayer: deepest });
    assert.equal(weights.network.id, 'darknet-tiny');
    const content = (await readImage(fromRepo(inputs.content))).rgb;
    const generated = (await readImage(fromRepo(inputs.generated))).rgb;
    const styles = await Promise.all(inputs.styles.map(async (style) => ({ image: (await readImage(fromRepo(style.image))).rgb, weight: style.weight })));
    const evaluator = await createGatysLossEvaluator(
      createOrtRuntime({ threads: 1 }),
      weights,
      content,
      styles,
      { contentLayers: inputs.contentLayers, styleLayers: inputs.styleLayers, pooling: inputs.pooling },
      { content: inputs.alpha, style: inputs.beta, totalVariation: inputs.gamma },
    );
    try {
      const { terms, gradient } = await evaluator.evaluate(generated.data);
      assertClose(terms.content, outputs.content, 'J_content', Math.max(RELATIVE_TOLERANCE * Math.abs(outputs.content), 1e-9));
      assertClose(terms.style, outputs.style, 'J_style');
      assertClose(terms.tv, outputs.tv, 'TV');
      assertClose(terms.loss, outputs.total, 'J');
      let squares = 0;
      let sum = 0;
      for (const value of gradient) {
        squares += value * value;
        sum += value;
      }
      const gradientTolerance = GRADIENT_TOLERANCE_OF_MAX * outputs.gradient.maxAbs;
      assertClose(Math.sqrt(squares), outputs.gradient.l2Norm, '‖∂J/∂G‖');
      assertClose(sum, outputs.gradient.sum, 'Σ ∂J/∂G', SUM_TOLERANCE_PER_ELEMENT * outputs.gradient.maxAbs * gradient.length);
      const { height, width } = generated;
      for (const { index, value } of outputs.gradient.at) {
        const [c, y, x] = index;
        assertClose(gradient[(c * height + y) * width + x], value, `∂J/∂G[${index.join(',')}]`, gradientTolerance);
      }
    } finally {
      await evaluator.release();
    }
  });
}
