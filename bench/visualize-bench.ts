/**
 * `npx tsx bench/visualize-bench.ts [LAYER …]`: the unit visualizer on 100 images at 224 px with random
 * VGG19 weights (target: under 30 s for the whole folder). The images are crops of ../shared/images
 * (or seeded noise when that folder is missing), written to a temp dir that is deleted afterwards.
 * Prints seconds and images/s per layer; default layers conv2_1 and conv4_1.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng } from '../src/engine/random.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';
import { writePatchGrid } from '../src/node/patch-grid.js';
import { visualizeFolder } from '../src/node/visualize.js';
import { listImageFiles } from '../src/node/visualize-images.js';

const IMAGE_COUNT = 100;
const SIZE_PX = 224;
const TARGET_SECONDS = 30;
const SHARED_IMAGES = new URL('../../shared/images/', import.meta.url).pathname;

/** 100 different 224-px-ish JPEGs: random crops (40–100 % of the short side) of the shared photos and paintings. */
async function writeBenchImages(dir: string): Promise<void> {
  const rng = createRng(2024);
  const sources = existsSync(SHARED_IMAGES) ? await listImageFiles(SHARED_IMAGES) : [];
  for (let index = 0; index < IMAGE_COUNT; index++) {
    const path = join(dir, `bench-${String(index).padStart(3, '0')}.jpg`);
    if (sources.length === 0) {
      const noise = Buffer.from(Array.from({ length: 64 * 48 * 3 }, () => Math.floor(rng.uniform() * 256)));
      await sharp(noise, { raw: { width: 64, height: 48, channels: 3 } }).resize(300, 225).jpeg().toFile(path);
      continue;
    }
    const source = sharp(sources[index % sources.length]);
    const { width = 1, height = 1 } = await source.metadata();
    const side = Math.max(16, Math.floor(Math.min(width, height) * (0.4 + 0.6 * rng.uniform())));
    const left = Math.floor(rng.uniform() * (width - side + 1));
    const top = Math.floor(rng.uniform() * (height - side + 1));
    await source.extract({ left, top, width: side, height: side }).resize(SIZE_PX + 32, SIZE_PX).jpeg({ quality: 90 }).toFile(path);
  }
}

const layers = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['conv2_1', 'conv4_1'];
const dir = await mkdtemp(join(tmpdir(), 'painterly-visualize-bench-'));
try {
  console.log(`Unit visualizer on ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} threads: ${IMAGE_COUNT} images at ${SIZE_PX} px, random weights, 16 units`);
  await writeBenchImages(dir);
  const weights = randomVggWeights(0);
  for (const layer of layers) {
    const startMs = performance.now();
    const result = await visualizeFolder({ images: dir, layer, units: Array.from({ length: 16 }, (_, unit) => unit), sizePx: SIZE_PX, weights, pooling: 'avg' });
    const folderSeconds = (performance.now() - startMs) / 1000;
    await writePatchGrid(join(dir, `grid-${layer}.png`), result);
    const totalSeconds = (performance.now() - startMs) / 1000;
    const verdict = totalSeconds < TARGET_SECONDS ? 'met' : 'missed';
    console.log(
      `  ${layer}: ${folderSeconds.toFixed(1)} s for the folder (${(result.imageCount / folderSeconds).toFixed(1)} images/s), ` +
        `${totalSeconds.toFixed(1)} s with the grid — target < ${TARGET_SECONDS} s: ${verdict}`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
