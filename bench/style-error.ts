/**
 * `npm run bench:style`: does the default quality run match the painting at every style layer?
 * For each of the six content × style pairs of docs/networks.md (../shared/images, real Darknet Tiny
 * from the shared mirror) it runs `stylize` at the network's defaults (512 px, 500 iterations coarse to
 * fine) and reports, per style layer, the Gram error left at the result as a share of the error at the
 * start image (the photo): J_gram^l(result) / J_gram^l(photo), both at the output size, raw (unbalanced,
 * λ left out). Target: ≤ 15 % at the two deepest style layers (conv8, conv12).
 * Then the time of one iteration with the w2 style loss against the Gram one at 512×384 (same process,
 * warm sessions, median of `--repeats` runs). Target: ≤ 2×.
 * Options: --pairs N (first N pairs), --network (default darknet-tiny), --extra '{"styleWeight":2}'.
 * Prints a table and writes bench/results/style-error.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import type { GatysLossEvaluator, StyleLossKind } from '../src/engine/gatys/types.js';
import { createRgbImage } from '../src/engine/image.js';
import { createRng } from '../src/engine/random.js';
import { prepareStylization, stylize } from '../src/node/stylize.js';
import { stylizeOptionsSchema, type StylizeOptionsInput } from '../src/options/stylize-schema.js';

const TARGETS = { deepLayerErrorShare: 0.15, w2OverGram: 2 };
const IMAGES = resolve(import.meta.dirname, '../../shared/images');
const PAIRS = [
  ['landscape × Starry Night', 'content/golden_gate_bridge_fog.jpg', 'style/van_gogh_starry_night.jpg'],
  ['portrait × Degas', 'content/astronaut_eileen_collins.jpg', 'style/degas_dance_foyer_at_the_opera.jpg'],
  ['animal × Great Wave', 'content/cat_chelsea.jpg', 'style/hokusai_great_wave.jpg'],
  ['still life × Wheat Field', 'content/coffee_cup.jpg', 'style/van_gogh_wheat_field_with_cypresses.jpg'],
  ['city × Turner', 'content/city_skyline.jpg', 'style/turner_shipwreck_of_the_minotaur.jpg'],
  ['woman & dog × Gauguin', 'content/woman_with_dog.jpg', 'style/gauguin_te_fare.jpg'],
] as const;

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: String(PAIRS.length) },
    network: { type: 'string', default: 'darknet-tiny' },
    extra: { type: 'string', default: '{}' },
    repeats: { type: 'string', default: '7' },
  },
});
const extra = JSON.parse(values.extra!) as Partial<StylizeOptionsInput>;

/** J_gram^l at `pixels` for each style layer, raw: factor 1/λ_l on one layer at a time. */
async function layerErrors(evaluator: GatysLossEvaluator, lambdas: readonly number[], pixels: Float32Array): Promise<number[]> {
  const errors: number[] = [];
  for (let layer = 0; layer < lambdas.length; layer++) {
    evaluator.setStyleLayerFactors(lambdas.map((lambda, other) => (other === layer ? 1 / lambda : 0)));
    errors.push((await evaluator.evaluate(pixels)).terms.style);
  }
  return errors;
}

const rows: Array<{ pair: string; seconds: number; shares: Record<string, number> }> = [];
for (const [label, content, style] of PAIRS.slice(0, Number(values.pairs))) {
  const input = { content: join(IMAGES, content), styles: [join(IMAGES, style)], network: values.network, ...extra };
  const started = performance.now();
  const result = await stylize(input);
  const seconds = (performance.now() - started) / 1000;
  // The yardstick: the Gram cost at the output size, the style images as the run's last scale saw them.
  const single = await prepareStylization(stylizeOptionsSchema.parse({ ...input, scales: 'single' }));
  const images = await single.imagesAt(single.scales[0], 0);
  const { selection } = single.settings;
  const evaluator = await createGatysLossEvaluator({ runtime: single.runtime, weights: single.weights, ...images, selection, costWeights: { content: 0, style: 1, totalVariation: 0 }, styleLoss: 'gram' });
  try {
    const lambdas = selection.styleLayers.map((entry) => entry.weight);
    const before = await layerErrors(evaluator, lambdas, images.content.data);
    const after = await layerErrors(evaluator, lambdas, result.rgb.data);
    const shares = Object.fromEntries(selection.styleLayers.map(({ layer }, index) => [layer, after[index] / before[index]]));
    rows.push({ pair: label, seconds, shares });
    console.log(`${label.padEnd(26)} ${seconds.toFixed(1).padStart(5)} s  ${Object.entries(shares).map(([layer, share]) => `${layer} ${(100 * share).toFixed(1)} %`).join('  ')}`);
  } finally {
    await evaluator.release();
  }
}

/** Median seconds per evaluation at 512×384 for one style loss (noise images, the network's default layers). */
async function secondsPerIteration(styleLoss: StyleLossKind): Promise<number> {
  const rng = createRng(7);
  const noise = () => createRgbImage(512, 384, new Float32Array(3 * 512 * 384).map(() => 255 * rng.uniform()));
  const probe = await prepareStylization(stylizeOptionsSchema.parse({ content: join(IMAGES, PAIRS[0][1]), styles: [join(IMAGES, PAIRS[0][2])], network: values.network, scales: 'single' }));
  const evaluator = await createGatysLossEvaluator({ runtime: probe.runtime, weights: probe.weights, content: noise(), styles: [{ image: noise(), weight: 1 }], selection: probe.settings.selection, costWeights: probe.settings.costWeights, styleLoss });
  try {
    const pixels = noise().data;
    for (let i = 0; i < 2; i++) await evaluator.evaluate(pixels);
    const times: number[] = [];
    for (let i = 0; i < Number(values.repeats); i++) {
      const started = performance.now();
      await evaluator.evaluate(pixels);
      times.push((performance.now() - started) / 1000);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  } finally {
    await evaluator.release();
  }
}

const gram = await secondsPerIteration('gram');
const w2 = await secondsPerIteration('w2');
const deepest = rows.map((row) => Object.values(row.shares).slice(-2));
const worstDeep = Math.max(...deepest.flat());
console.log(`\none iteration at 512×384: gram ${(1000 * gram).toFixed(0)} ms, w2 ${(1000 * w2).toFixed(0)} ms (${(w2 / gram).toFixed(2)}×, target ≤ ${TARGETS.w2OverGram}×)`);
console.log(`worst error left at the two deepest style layers: ${(100 * worstDeep).toFixed(1)} % (target ≤ ${100 * TARGETS.deepLayerErrorShare} %)`);
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results', 'style-error.json'), JSON.stringify({ network: values.network, extra, rows, secondsPerIteration: { gram, w2 }, targets: TARGETS }, null, 2));
