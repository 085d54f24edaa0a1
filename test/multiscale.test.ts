import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunCheckpoint } from '../src/engine/gatys/checkpoint.js';
import type { GatysEvent } from '../src/engine/gatys/events.js';
import { DEFAULT_LAYER_SELECTION } from '../src/engine/gatys/layer-selection.js';
import { runGatysScales, type GatysImages } from '../src/engine/gatys/run-gatys.js';
import { planScales, type ScaleStep } from '../src/engine/gatys/scale-schedule.js';
import type { GatysSettings } from '../src/engine/gatys/settings.js';
import { createRgbImage, type RgbImage } from '../src/engine/image.js';
import { createRng } from '../src/engine/random.js';
import { upsampleImage } from '../src/engine/upsample.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';

const runtime = createOrtRuntime({ threads: 2 });
const weights = randomVggWeights(3, [4, 6, 8, 8, 8]);

test('planScales: √2 steps from 128 px to the output, iterations 1 : 0.6 : 0.36 … summing to --iterations', () => {
  const scales = planScales({ width: 512, height: 384, iterations: 500, mode: 'auto', minScale: 128, minShortSide: 16 });
  assert.deepEqual(scales.map((s) => [s.width, s.height]), [[128, 96], [181, 136], [256, 192], [362, 272], [512, 384]]);
  assert.equal(scales.reduce((sum, s) => sum + s.iterations, 0), 500);
  for (let i = 1; i < scales.length; i++) {
    assert.ok(scales[i].iterations < scales[i - 1].iterations, 'fewer iterations at each finer scale');
    assert.ok(Math.abs(scales[i].iterations / scales[i - 1].iterations - 0.6) < 0.03);
  }
});

test('planScales: one scale when asked, at 256 px or less, and for 0 iterations; coarsest scales dropped when short of iterations or pixels', () => {
  const one = (width: number, height: number, iterations: number, mode: 'auto' | 'single' = 'auto') =>
    planScales({ width, height, iterations, mode, minScale: 128, minShortSide: 16 });
  assert.deepEqual(one(512, 384, 500, 'single'), [{ width: 512, height: 384, iterations: 500 }]);
  assert.deepEqual(one(256, 192, 500), [{ width: 256, height: 192, iterations: 500 }]);
  assert.deepEqual(one(512, 384, 0), [{ width: 512, height: 384, iterations: 0 }]);
  const short = one(512, 384, 3);
  assert.deepEqual(short.map((s) => [s.width, s.iterations]), [[256, 1], [362, 1], [512, 1]]);
  // A panorama: 128 px on the long side would leave 13 px on the short one, below conv5_1's 16.
  const panorama = one(1024, 100, 100);
  assert.ok(panorama.every((s) => s.height >= 16));
  assert.equal(panorama.at(-1)!.width, 1024);
  // The last step is never a sliver: 1.1× from the previous scale is dropped.
  const near = one(400, 300, 100);
  assert.ok(near.at(-1)!.width / near.at(-2)!.width >= 1.15);
});

function noiseImage(width: number, height: number, seed: number): RgbImage {
  const rng = createRng(seed);
  return createRgbImage(width, height, new Float32Array(3 * width * height).map(() => 255 * rng.uniform()));
}

const content = noiseImage(64, 48, 1);
const style = noiseImage(40, 40, 2);
const schedule: ScaleStep[] = [
  { width: 32, height: 24, iterations: 8 },
  { width: 45, height: 34, iterations: 6 },
  { width: 64, height: 48, iterations: 4 },
];
const imagesAt = async (scale: ScaleStep): Promise<GatysImages> => ({
  content: scale.width === content.width ? content : upsampleImage(content, scale.width, scale.height),
  styles: [{ image: style, weight: 1 }],
});
const settings: GatysSettings = {
  iterations: 18,
  costWeights: { content: 10, style: 40, totalVariation: 0 },
  selection: DEFAULT_LAYER_SELECTION,
  styleLoss: 'gram',
  styleBalance: false,
  init: 'noise',
  noiseRatio: 0.6,
  seed: 0,
  optimizer: 'adam',
  snapshotEvery: 5,
  averageIterates: true,
  checkpointEvery: 5,
};

test('runGatysScales reports each scale, numbers iterations over the run, and returns the averaged output-size image', async () => {
  const events: GatysEvent[] = [];
  const image = await runGatysScales({ runtime, weights, scales: schedule, source: imagesAt, settings }, { onProgress: (event) => events.push(event) });
  assert.deepEqual([image.width, image.height], [64, 48]);
  const load = events[0];
  assert.equal(load.type, 'load');
  assert.deepEqual(load.type === 'load' && load.schedule, schedule);
  const scales = events.filter((event) => event.type === 'scale');
  assert.deepEqual(scales.map((event) => [event.width, event.height, event.firstIteration, event.tiles]), [[32, 24, 0, 1], [45, 34, 8, 1], [64, 48, 14, 1]]);
  const iterations = events.filter((event) => event.type === 'iteration');
  assert.deepEqual(iterations.map((event) => event.iteration), Array.from({ length: 18 }, (_, k) => k));
  const snapshots = events.filter((event) => event.type === 'snapshot');
  assert.deepEqual(snapshots.map((event) => [event.iteration, event.image.width]), [[5, 32], [10, 45], [15, 64]]);
  const done = events.at(-1)!;
  assert.equal(done.type, 'done');
  assert.ok(done.type === 'done' && done.loss < iterations[0].loss);
});

test('a run resumed from a checkpoint ends with the image of the uninterrupted run', async () => {
  const checkpoints: RunCheckpoint[] = [];
  const whole = await runGatysScales({ runtime, weights, scales: schedule, source: imagesAt, settings }, { onCheckpoint: (checkpoint) => void checkpoints.push(structuredClone(checkpoint)) });
  assert.deepEqual(checkpoints.map((c) => [c.iteration, c.scale, c.step]), [[5, 0, 5], [10, 1, 2], [15, 2, 1]]);
  for (const checkpoint of checkpoints) {
    const resumed = await runGatysScales({ runtime, weights, scales: schedule, source: imagesAt, settings }, {}, checkpoint);
    let worst = 0;
    for (let i = 0; i < whole.data.length; i++) worst = Math.max(worst, Math.abs(resumed.data[i] - whole.data[i]));
    assert.ok(worst < 1e-3, `resumed at iteration ${checkpoint.iteration}: largest difference ${worst} levels`);
  }
  const wrong = { ...checkpoints[0], width: 40 };
  await assert.rejects(runGatysScales({ runtime, weights, scales: schedule, source: imagesAt, settings }, {}, wrong), /does not fit this run's schedule/);
});

test('cancelling hands over a checkpoint before the ABORTED error', async () => {
  const controller = new AbortController();
  const checkpoints: RunCheckpoint[] = [];
  const run = runGatysScales({ runtime, weights, scales: schedule, source: imagesAt, settings: { ...settings, checkpointEvery: 0 } }, {
    signal: controller.signal,
    onProgress: (event) => event.type === 'iteration' && event.iteration === 9 && controller.abort(),
    onCheckpoint: (checkpoint) => void checkpoints.push(checkpoint),
  });
  await assert.rejects(run, (error: Error & { code?: string }) => error.code === 'ABORTED');
  assert.deepEqual(checkpoints.map((c) => [c.iteration, c.scale, c.step]), [[9, 1, 1]]);
});
