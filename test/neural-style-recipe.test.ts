import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import { neuralStyleWeights } from '../src/engine/gatys/neural-style-weights.js';
import { planStylization } from '../src/engine/gatys/plan-stylization.js';
import { VGG19 } from '../src/engine/vgg/architecture.js';
import { parseOptions } from '../src/options/parse-options.js';
import { RECIPES } from '../src/options/recipes.js';
import { stylizeFieldName, stylizeOptionsSchema } from '../src/options/stylize-schema.js';
import { readImage } from '../src/node/image-io.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { readKerasVggWeights } from '../src/node/vgg-h5.js';
import { REPO_ROOT } from './helpers/golden.js';

/**
 * `--recipe neural-style` against a float64 re-implementation of neural-style's loss modules written from
 * their definitions (scripts/reference/neural_style_reference.py: ContentLoss, StyleLoss with Grams ÷ C·nH·nW,
 * TVLoss's energy), on the tiny VGG19 fixture. The mapping (neural-style-weights.ts) must make the two
 * energies equal term by term (the "one constant" is 1): content and style within 1e-5 relative (float32
 * against float64; a wrong factor is off by ≥ 2×), and the whole gradient, TV included, within 1e-4 of its
 * largest magnitude at interior pixels (neural-style's TV leaves out the last row and column; inside they
 * agree exactly).
 */
const ENERGY_RELATIVE = 1e-5;
const GRADIENT_OF_MAX = 1e-4;

interface NeuralStyleCase {
  name: string;
  inputs: { weights: string; content: string; generated: string; styles: Array<{ image: string; weight: number }>; contentWeight: number; styleWeight: number; tvWeight: number };
  outputs: { content: number; style: number; tv: number; total: number; gradientAt: Array<{ index: [number, number, number]; value: number }>; gradientMaxAbs: number; styleChannels: Record<string, number> };
}

const fromRepo = (path: string) => resolve(REPO_ROOT, path);
const cases = (JSON.parse(readFileSync(fromRepo('test/fixtures/neural-style-golden.json'), 'utf8')) as { cases: NeuralStyleCase[] }).cases;
const STYLE_LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];

for (const goldenCase of cases) {
  test(`neural-style's energy and gradient are reproduced with its weights mapped to ours: ${goldenCase.name}`, async () => {
    const { inputs, outputs } = goldenCase;
    const weights = await readKerasVggWeights(fromRepo(inputs.weights));
    const content = (await readImage(fromRepo(inputs.content))).rgb;
    const generated = (await readImage(fromRepo(inputs.generated))).rgb;
    const styles = await Promise.all(inputs.styles.map(async (style) => ({ image: (await readImage(fromRepo(style.image))).rgb, weight: style.weight })));
    // The fixture's own widths (4, 6, 8, 8, 8), through the same mapping the recipe applies to VGG19's.
    const mapped = neuralStyleWeights({ contentWeight: inputs.contentWeight, styleWeight: inputs.styleWeight, styleChannels: STYLE_LAYERS.map((layer) => outputs.styleChannels[layer]) });
    const tvWeight = 1.5 * inputs.tvWeight * generated.width * generated.height;
    const evaluator = await createGatysLossEvaluator({
      runtime: createOrtRuntime({ threads: 1 }),
      weights,
      content,
      styles,
      selection: { contentLayers: ['conv4_2'], styleLayers: STYLE_LAYERS.map((layer, index) => ({ layer, weight: mapped.styleLayerWeights[index] })), pooling: 'max' },
      costWeights: { content: mapped.contentWeight, style: mapped.styleWeight, totalVariation: tvWeight },
      styleLoss: 'gram',
    });
    try {
      const { terms, gradient } = await evaluator.evaluate(generated.data);
      const close = (actual: number, expected: number, what: string) =>
        assert.ok(Math.abs(actual - expected) <= ENERGY_RELATIVE * Math.max(Math.abs(expected), 1e-9), `${what}: ours ${actual}, neural-style ${expected}`);
      close(mapped.contentWeight * terms.content, outputs.content, 'content energy');
      close(mapped.styleWeight * terms.style, outputs.style, 'style energy');
      // neural-style's TV leaves out the vertical differences of the last column and the horizontal ones
      // of the last row; ours has them, so take them off (their energy is t·½·d² each, as every pair's).
      close(tvWeight * terms.tv - inputs.tvWeight * 0.5 * lastRowAndColumnSquares(generated.data, generated.width, generated.height), outputs.tv, 'TV energy');
      for (const { index, value } of outputs.gradientAt) {
        const [c, y, x] = index;
        const ours = gradient[(c * generated.height + y) * generated.width + x];
        assert.ok(Math.abs(ours - value) <= GRADIENT_OF_MAX * outputs.gradientMaxAbs, `∂E/∂x[${index.join(',')}]: ours ${ours}, neural-style ${value}`);
      }
    } finally {
      await evaluator.release();
    }
  });
}

/** Σd² of the vertical neighbour differences in the last column and the horizontal ones in the last row. */
function lastRowAndColumnSquares(pixels: Float32Array, width: number, height: number): number {
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    const at = (y: number, x: number) => pixels[(c * height + y) * width + x];
    for (let y = 0; y + 1 < height; y++) sum += (at(y + 1, width - 1) - at(y, width - 1)) ** 2;
    for (let x = 0; x + 1 < width; x++) sum += (at(height - 1, x + 1) - at(height - 1, x)) ** 2;
  }
  return sum;
}

test("the recipe's weights are the mapping at VGG19's own channel counts", () => {
  const channels = STYLE_LAYERS.map((layer) => VGG19.layers.find((spec) => spec.name === layer)!.outChannels);
  const mapped = neuralStyleWeights({ contentWeight: 5, styleWeight: 100, styleChannels: channels });
  const recipe = RECIPES['neural-style'];
  assert.deepEqual(recipe.styleLayers.map((entry) => entry.layer), STYLE_LAYERS);
  assert.equal(recipe.contentWeight, mapped.contentWeight);
  assert.equal(recipe.styleWeight, mapped.styleWeight);
  assert.deepEqual(recipe.styleLayers.map((entry) => entry.weight), mapped.styleLayerWeights);
  assert.deepEqual([recipe.contentWeight, recipe.styleWeight], [20, 0.09765625]);
});

test('the recipe fills the options it names, explicit options override it, and TV is resolved at the output size', () => {
  const parse = (input: Record<string, unknown>) => parseOptions(stylizeOptionsSchema, { content: 'a.jpg', styles: ['b.jpg'], ...input }, stylizeFieldName);
  const options = parse({ recipe: 'neural-style' });
  assert.equal(options.networkChoice.family, 'vgg19');
  assert.deepEqual(
    { optimizer: options.optimizer, iterations: options.iterations, scales: options.scales, pooling: options.pooling, init: options.init, learningRate: options.learningRate, styleBalance: options.styleBalance, styleLoss: options.styleLoss, tvSumWeight: options.tvSumWeight },
    { optimizer: 'lbfgs', iterations: 1000, scales: 'single', pooling: 'max', init: 'gray', learningRate: 1, styleBalance: false, styleLoss: 'gram', tvSumWeight: 1e-3 },
  );
  const plan = planStylization(VGG19, { width: 1024, height: 768 }, [{ width: 600, height: 400 }], { ...options, checkpointing: false, maxMemoryBytes: 64 * 2 ** 30 });
  assert.deepEqual(plan.outputSize, { width: 512, height: 384 });
  assert.equal(plan.scales.length, 1);
  assert.ok(Math.abs(plan.settings.costWeights.totalVariation - 1.5e-3 * 512 * 384) < 1e-9, String(plan.settings.costWeights.totalVariation));

  const overridden = parse({ recipe: 'neural-style', optimizer: 'adam', tvWeight: 3, iterations: 200, styleBalance: 'on' });
  assert.deepEqual([overridden.optimizer, overridden.learningRate, overridden.tvWeight, overridden.tvSumWeight, overridden.iterations, overridden.styleBalance], ['adam', undefined, 3, undefined, 200, true]);
});
