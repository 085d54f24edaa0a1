/**
 * How a coherent preset's norm statistics should follow the frames, for docs/video.md: paints the test
 * clip with a preset (real trained weights from the mirror) at several running-average rates (1 = each
 * frame its own statistics, 0.01 ≈ fixed on the shot's first frame), all with the default blend, and
 * independently. Prints per rate the flicker along the true flow and the mean difference from the
 * independent frames over the moving-object shot (ghosting), and writes
 * OUT/video-<preset>-norm-rates.jpg: the moving-object shot's last frame per rate.
 * NOISE=σ adds Gaussian noise of σ levels and a ±3 % exposure wobble to every frame (like real footage).
 *
 *   PAINTERLY_MODEL_MIRROR=../shared/models node --import tsx scripts/video/compare-norm-rates.ts udnie 320x180 docs/images 1,0.1,0.01
 */
import { resolve } from 'node:path';
import { measureFlicker } from '../../bench/video-flicker.js';
import type { RgbImage } from '../../src/engine/image.js';
import { createPresetFrameStylizer, DEFAULT_PRESET_BLEND } from '../../src/engine/video/coherent-preset.js';
import { createOrtRuntime } from '../../src/node/ort-runtime.js';
import { createOpencvFlowEstimator } from '../../src/node/video/opencv-flow.js';
import { preparePreset } from '../../src/node/video/prepare-video-engine.js';
import { parseVideoOptions } from '../../src/options/video-schema.js';
import { writeLabelledStrip } from './labelled-strip.js';
import { makeTestClip } from './make-test-clip.js';

const [model = 'udnie', sizeText = '320x180', outDir = '.', ratesText = '1,0.1,0.01'] = process.argv.slice(2);
const [width, height] = sizeText.split('x').map(Number);
const rates = ratesText.split(',').map(Number);
const clip = await makeTestClip({ widthPx: width, heightPx: height, framesPerShot: 8 });
addNoise(clip.frames, Number(process.env.NOISE ?? 0));
const flow = await createOpencvFlowEstimator();
const parsed = parseVideoOptions({ input: 'clip.mp4', output: 'out.mp4', model });
if (parsed.engine.kind !== 'preset') throw new Error('expected a preset');
const checkpoint = await preparePreset(parsed.engine.options);
const paint = (independent: boolean, statisticsRate: number) =>
  measureFlicker(createPresetFrameStylizer(createOrtRuntime({}), checkpoint, { width, height }, { independent, blend: DEFAULT_PRESET_BLEND, flow, statisticsRate }), clip);
const independent = await paint(true, 1);
const objectFrames = clip.shots.flatMap((shot, t) => (shot === 'object' && clip.flows[t] ? [t] : []));
const shown = objectFrames.at(-1)!;
const cells: RgbImage[] = [];
for (const rate of rates) {
  const coherent = await paint(false, rate);
  const ghosting = objectFrames.reduce((sum, t) => sum + meanDifference(coherent.outputs[t], independent.outputs[t]), 0) / objectFrames.length;
  console.log(JSON.stringify({ model, rate, flicker: round(coherent.flicker), ratio: round(coherent.flicker / independent.flicker), ghosting: round(ghosting) }));
  cells.push(coherent.outputs[shown]);
}
console.log(JSON.stringify({ model, independent: round(independent.flicker) }));
flow.dispose();
await writeLabelledStrip(
  resolve(outDir, `video-${model}-norm-rates.jpg`),
  `Coherent preset ${model} (trained weights), ${width}×${height}, frame ${shown + 1} (moving object): norm statistics by rate`,
  [
    { label: 'the frame', image: clip.frames[shown] },
    ...rates.map((rate, k) => ({ label: rate === 1 ? 'rate 1: each frame its own (default)' : `rate ${rate}`, image: cells[k] })),
    { label: 'independent frames', image: independent.outputs[shown] },
  ],
  384,
);

function meanDifference(a: RgbImage, b: RgbImage): number {
  return a.data.reduce((sum, value, k) => sum + Math.abs(value - b.data[k]), 0) / a.data.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Deterministic Gaussian noise of `sigma` levels and a ±3 % exposure wobble, in place. */
function addNoise(frames: RgbImage[], sigma: number): void {
  if (sigma <= 0) return;
  let seed = 12345;
  const uniform = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  frames.forEach((frame, t) => {
    const gain = 1 + 0.03 * Math.sin(t * 2.1);
    for (let k = 0; k < frame.data.length; k++) frame.data[k] = Math.max(0, Math.min(255, frame.data[k] * gain + sigma * gaussian()));
  });
}
