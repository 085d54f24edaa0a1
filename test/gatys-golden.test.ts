import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import type { Pooling } from '../src/engine/network/types.js';
import { readImage } from '../src/node/image-io.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { readKerasVggWeights } from '../src/node/vgg-h5.js';

/**
 * The golden comes from an independent PyTorch float64 implementation
 * (scripts/reference/gatys_reference.py) on the committed tiny Keras-layout weights and images.
 * Our engine runs in float32: re-running the reference in float32 moved every value by < 4e-6
 * relative, and ORT's summation order differs from torch's, so 1e-4 relative leaves ~25× margin
 * while any wrong normalisation, layer, channel order or blend would be off by ≫ 1e-2.
 */
const RELATIVE_TOLERANCE = 1e-4;
/** Gradient entries and sums partly cancel: compare them to the gradient's largest magnitude. */
const GRADIENT_TOLERANCE_OF_MAX = 1e-4;

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

const golden = JSON.parse(readFileSync(fromRepo('test/fixtures/gatys-golden.json'), 'utf8')) as { cases: GoldenCase[] };

function assertClose(actual: number, expected: number, what: string, tolerance = RELATIVE_TOLERANCE * Math.abs(expected)): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: engine ${actual}, reference ${expected} (tolerance ${tolerance})`);
}

// `direct` is what the tiny test network gets by default; `winograd` is what VGG19's wide layers get.
for (const goldenCase of golden.cases) for (const convolution of ['direct', 'winograd'] as const) {
  test(`iteration-0 costs and gradient match the PyTorch reference: ${goldenCase.name}, ${convolution} convolutions`, async () => {
    const { inputs, outputs } = goldenCase;
    const weights = await readKerasVggWeights(fromRepo(inputs.weights));
    const content = (await readImage(fromRepo(inputs.content))).rgb;
    const generated = (await readImage(fromRepo(inputs.generated))).rgb;
    const styles = await Promise.all(
      inputs.styles.map(async (style) => ({ image: (await readImage(fromRepo(style.image))).rgb, weight: style.weight })),
    );
    const evaluator = await createGatysLossEvaluator(
      createOrtRuntime({ threads: 1 }),
      weights,
      content,
      styles,
      { contentLayers: inputs.contentLayers, styleLayers: inputs.styleLayers, pooling: inputs.pooling },
      { content: inputs.alpha, style: inputs.beta, totalVariation: inputs.gamma },
      { convolution },
    );
    try {
      const { terms, gradient } = await evaluator.evaluate(generated.data);
      assertClose(terms.content, outputs.content, 'J_content', Math.max(RELATIVE_TOLERANCE * Math.abs(outputs.content), 1e-6));
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
      assertClose(sum, outputs.gradient.sum, 'Σ ∂J/∂G', gradientTolerance * Math.sqrt(gradient.length));
      const [, height, width] = [3, generated.height, generated.width];
      for (const { index, value } of outputs.gradient.at) {
        const [c, y, x] = index;
        assertClose(gradient[(c * height + y) * width + x], value, `∂J/∂G[${index.join(',')}]`, gradientTolerance);
      }
    } finally {
      await evaluator.release();
    }
  });
}
