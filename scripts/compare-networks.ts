/**
 * Side-by-side sheets for choosing a feature network's defaults on real images and real weights:
 * rows are content × style pairs from ../shared/images (a landscape, a portrait, an animal, a
 * still life, a city, a portrait with a dog), columns are variants of one experiment. Every cell is a
 * full `stylize` run at the README's settings (512 px, 500 iterations coarse to fine) unless
 * --size / --iterations say otherwise; --pairs 4 keeps the first four rows (the 2026-12-03 sheets).
 *
 *   node --import tsx scripts/compare-networks.ts EXPERIMENT [--network darknet-tiny] [--size 512] [--iterations 500] [-o docs/images/…png]
 *
 * EXPERIMENT: style-balance (raw λ vs balanced at several β), style-weight (β under balance),
 * style-loss (gram vs w2), start (content, gray, noise), optimizer2 (Adam vs L-BFGS at the new
 * defaults), defaults (the chosen defaults); and the first sheets': balance (α/β from noise;
 * --ratios=0.25,2.5 picks them), init, optimizer, layers, pooling. --extra '{"styleWeight":2}' adds
 * options to every cell. docs/networks.md shows the sheets and says what was chosen and why.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StylizeOptionsInput } from '../src/options/stylize-schema.js';
import { writeContactSheet, type SheetColumn, type SheetRow } from '../src/node/contact-sheet.js';
import { readImage } from '../src/node/image-io.js';
import { stylize } from '../src/node/stylize.js';

const IMAGES = new URL('../../shared/images/', import.meta.url).pathname;

/** The pairs the sheets show (the first four were the 2026-12-03 sheets'). */
const PAIRS = [
  { label: 'landscape × Starry Night', content: 'content/golden_gate_bridge_fog.jpg', style: 'style/van_gogh_starry_night.jpg' },
  { label: 'portrait × Degas', content: 'content/astronaut_eileen_collins.jpg', style: 'style/degas_dance_foyer_at_the_opera.jpg' },
  { label: 'animal × Great Wave', content: 'content/cat_chelsea.jpg', style: 'style/hokusai_great_wave.jpg' },
  { label: 'still life × Wheat Field', content: 'content/coffee_cup.jpg', style: 'style/van_gogh_wheat_field_with_cypresses.jpg' },
  { label: 'city × Turner', content: 'content/city_skyline.jpg', style: 'style/turner_shipwreck_of_the_minotaur.jpg' },
  { label: 'woman & dog × Gauguin', content: 'content/woman_with_dog.jpg', style: 'style/gauguin_te_fare.jpg' },
] as const;

type Variant = { readonly label: string; readonly options: Partial<StylizeOptionsInput> };

/** α/β ratios of the balance experiment (`--ratios 0.25,0.025`). */
const RATIOS = (process.argv.find((arg) => arg.startsWith('--ratios='))?.slice(9) ?? '0.25,2.5,25,250,2500').split(',').map(Number);

const EXPERIMENTS: Record<string, readonly Variant[]> = {
  balance: RATIOS.map((ratio) => ({ label: `noise, α/β = ${ratio}`, options: { init: 'noise', contentWeight: ratio, styleWeight: 1 } })),
  init: [
    { label: 'noise (0.6)', options: { init: 'noise' } },
    { label: 'random', options: { init: 'random' } },
    { label: 'content', options: { init: 'content' } },
  ],
  optimizer: [
    { label: 'Adam, noise', options: { optimizer: 'adam', init: 'noise' } },
    { label: 'L-BFGS, noise', options: { optimizer: 'lbfgs', init: 'noise' } },
    { label: 'Adam, content', options: { optimizer: 'adam', init: 'content' } },
    { label: 'L-BFGS, content', options: { optimizer: 'lbfgs', init: 'content' } },
  ],
  layers: [
    { label: 'content conv10', options: { contentLayers: ['conv10'] } },
    { label: 'content conv8', options: { contentLayers: ['conv8'] } },
    { label: 'content conv12', options: { contentLayers: ['conv12'] } },
    { label: 'style to conv14', options: { styleLayers: ['conv1', 'conv2', 'conv4', 'conv8', 'conv12', 'conv14'] } },
    { label: 'style 3×3 layers', options: { styleLayers: ['conv1', 'conv2', 'conv4', 'conv6', 'conv8', 'conv10', 'conv12'] } },
  ],
  pooling: [
    { label: 'max pooling', options: { pooling: 'max' } },
    { label: 'avg pooling', options: { pooling: 'avg' } },
  ],
  defaults: [
    { label: 'defaults, noise', options: {} },
    { label: 'defaults, content init', options: { init: 'content' } },
  ],
  'style-balance': [
    { label: 'raw λ, β 40 (before)', options: { styleBalance: 'off', styleWeight: 40 } },
    { label: 'balanced, β 0.5', options: { styleBalance: 'on', styleWeight: 0.5 } },
    { label: 'balanced, β 1', options: { styleBalance: 'on', styleWeight: 1 } },
    { label: 'balanced, β 2', options: { styleBalance: 'on', styleWeight: 2 } },
  ],
  'style-loss': [
    { label: 'gram, β 1', options: { styleLoss: 'gram' } },
    { label: 'w2, β 0.5', options: { styleLoss: 'w2', styleWeight: 0.5 } },
    { label: 'w2, β 1', options: { styleLoss: 'w2', styleWeight: 1 } },
  ],
  start: [
    { label: 'content', options: { init: 'content' } },
    { label: 'gray', options: { init: 'gray' } },
    { label: 'noise (0.6)', options: { init: 'noise' } },
  ],
  optimizer2: [
    { label: 'Adam', options: { optimizer: 'adam' } },
    { label: 'L-BFGS', options: { optimizer: 'lbfgs' } },
  ],
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    network: { type: 'string', default: 'darknet-tiny' },
    size: { type: 'string', default: '512' },
    iterations: { type: 'string', default: '500' },
    pairs: { type: 'string', default: String(PAIRS.length) },
    output: { type: 'string', short: 'o' },
    extra: { type: 'string', default: '{}' },
    ratios: { type: 'string' },
  },
});
const experiment = positionals[0] ?? 'defaults';
const variants = EXPERIMENTS[experiment];
if (!variants) throw new Error(`unknown experiment ${experiment}; one of ${Object.keys(EXPERIMENTS).join(', ')}`);
const size = Number(values.size);
const extra = JSON.parse(values.extra!) as Partial<StylizeOptionsInput>;
const output = values.output ?? join('docs', 'images', `networks-${values.network}-${experiment}.png`);

const rows: SheetRow[] = [];
const cells: Array<Awaited<ReturnType<typeof stylize>>['rgb'][]> = [];
for (const pair of PAIRS.slice(0, Number(values.pairs))) {
  rows.push({ label: pair.label, image: (await readImage(join(IMAGES, pair.content))).rgb });
  const row = [];
  for (const variant of variants) {
    const started = performance.now();
    const result = await stylize({
      content: join(IMAGES, pair.content),
      styles: [join(IMAGES, pair.style)],
      network: values.network,
      size,
      iterations: Number(values.iterations),
      ...extra,
      ...variant.options,
    });
    console.error(`${pair.label} · ${variant.label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    row.push(result.rgb);
  }
  cells.push(row);
}
const columns: SheetColumn[] = variants.map((variant) => ({ label: variant.label, detail: variant.label }));
const networkName = values.network === 'vgg19' ? 'VGG19' : values.network === 'darknet-tiny' ? 'Darknet Tiny' : values.network;
const title = `${networkName} (real ImageNet weights) — ${experiment}: ${size} px, ${values.iterations} iterations coarse to fine, network defaults unless noted; ${JSON.stringify(extra)}`;
await writeContactSheet(output, title, rows, columns, cells, size);
console.error(`wrote ${output}`);
