/**
 * The golden files of the float64 PyTorch references (test/fixtures/*-golden.json, schema in
 * test/fixtures/README.md) and one comparison of an engine evaluation against a case.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createGatysLossEvaluator, type CostTerms } from '../../src/engine/gatys/loss-evaluator.js';
import type { ConvolutionAlgorithm } from '../../src/engine/network/winograd.js';
import type { NetworkWeights, Pooling } from '../../src/engine/network/types.js';
import { readImage } from '../../src/node/image-io.js';
import { createOrtRuntime } from '../../src/node/ort-runtime.js';
import { REPO_ROOT } from './repo-root.js';

/** The repository root, for the paths a golden names. */
export { REPO_ROOT };

/** One reference case: what went in and what the reference computed. */
export interface GoldenCase {
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

/** The cases of a golden file under test/fixtures. */
export function readGolden(file: string): GoldenCase[] {
  return (JSON.parse(readFileSync(resolve(REPO_ROOT, 'test', 'fixtures', file), 'utf8')) as { cases: GoldenCase[] }).cases;
}

/** How close the engine must come, each with its reason at the call site. */
export interface GoldenTolerances {
  /** Costs and the gradient's norm, relative. */
  readonly relative: number;
  /** A sampled gradient entry, as a share of the gradient's largest magnitude. */
  readonly gradientOfMax: number;
  /** The gradient's sum, as an absolute tolerance given max|g| and the number of entries. */
  readonly sum: (maxAbs: number, entries: number) => number;
  /** The smallest tolerance of J_content (it may be ~0 where the content starts). */
  readonly contentFloor: number;
}

function assertClose(actual: number, expected: number, what: string, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: engine ${actual}, reference ${expected} (tolerance ${tolerance})`);
}

/**
 * Compares the engine's iteration-0 terms and gradient for an image of `height × width` with a case.
 *
 * @example assertMatchesGolden(terms, gradient, goldenCase, 24, 32, tolerances)
 */
export function assertMatchesGolden(terms: CostTerms, gradient: Float32Array, goldenCase: GoldenCase, height: number, width: number, tolerances: GoldenTolerances): void {
  const { outputs } = goldenCase;
  const relative = (expected: number) => tolerances.relative * Math.abs(expected);
  assertClose(terms.content, outputs.content, 'J_content', Math.max(relative(outputs.content), tolerances.contentFloor));
  assertClose(terms.style, outputs.style, 'J_style', relative(outputs.style));
  assertClose(terms.tv, outputs.tv, 'TV', relative(outputs.tv));
  assertClose(terms.loss, outputs.total, 'J', relative(outputs.total));
  let squares = 0;
  let sum = 0;
  for (const value of gradient) {
    squares += value * value;
    sum += value;
  }
  assertClose(Math.sqrt(squares), outputs.gradient.l2Norm, '‖∂J/∂G‖', relative(outputs.gradient.l2Norm));
  assertClose(sum, outputs.gradient.sum, 'Σ ∂J/∂G', tolerances.sum(outputs.gradient.maxAbs, gradient.length));
  for (const { index, value } of outputs.gradient.at) {
    const [c, y, x] = index;
    assertClose(gradient[(c * height + y) * width + x], value, `∂J/∂G[${index.join(',')}]`, tolerances.gradientOfMax * outputs.gradient.maxAbs);
  }
}

/**
 * Evaluates `goldenCase` at iteration 0 with `weights` (its images read from the repository, one
 * CPU thread, Gram style loss) and checks costs and gradient against the reference within `tolerances`.
 */
export async function checkGoldenCase(goldenCase: GoldenCase, weights: NetworkWeights, tolerances: GoldenTolerances, options: { readonly convolution?: ConvolutionAlgorithm } = {}): Promise<void> {
  const { inputs } = goldenCase;
  const fromRepo = (path: string) => resolve(REPO_ROOT, path);
  const content = (await readImage(fromRepo(inputs.content))).rgb;
  const generated = (await readImage(fromRepo(inputs.generated))).rgb;
  const styles = await Promise.all(inputs.styles.map(async (style) => ({ image: (await readImage(fromRepo(style.image))).rgb, weight: style.weight })));
  const evaluator = await createGatysLossEvaluator(
    {
      runtime: createOrtRuntime({ threads: 1 }),
      weights,
      content,
      styles,
      selection: { contentLayers: inputs.contentLayers, styleLayers: inputs.styleLayers, pooling: inputs.pooling },
      costWeights: { content: inputs.alpha, style: inputs.beta, totalVariation: inputs.gamma },
      styleLoss: 'gram',
    },
    options,
  );
  try {
    const { terms, gradient } = await evaluator.evaluate(generated.data);
    assertMatchesGolden(terms, gradient, goldenCase, generated.height, generated.width, tolerances);
  } finally {
    await evaluator.release();
  }
}
