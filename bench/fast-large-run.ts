/**
 * One large fast-preset run in its own process (so its peak RSS is its own): a generated 4000×3000
 * photo-like image through `udnie` with the default tile budget. Prints {"seconds", "peakRssMb", "width", "height"}.
 * Run by bench/fast-cli-bench.ts; `npx tsx bench/fast-large-run.ts` alone works too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { stylizeWithPreset } from '../src/node/stylize-preset.js';

const WIDTH = 4000;
const HEIGHT = 3000;
const repoRoot = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'painterly-large-'));
try {
  const input = join(work, 'large.jpg');
  await sharp(resolve(repoRoot, '..', 'shared', 'images', 'content', 'city_skyline.jpg')).resize(WIDTH, HEIGHT, { fit: 'fill' }).jpeg().toFile(input);
  process.env.PAINTERLY_HOME = work;
  process.env.PAINTERLY_MODEL_MIRROR ??= resolve(repoRoot, '..', 'shared', 'models');
  const started = performance.now();
  const image = await stylizeWithPreset({ content: input, model: 'udnie' });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ seconds, peakRssMb, width: image.rgb.width, height: image.rgb.height }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
