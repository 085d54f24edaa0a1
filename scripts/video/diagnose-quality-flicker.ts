/**
 * Where the coherent quality engine's flicker comes from, for docs/video.md: paints the test clip
 * (Darknet Tiny, ImageNet weights, The Starry Night) with variants of the later-frame optimization
 * and splits the flicker between the pixels that pass the flow check and those that fail it. First
 * frames of shots are painted once and shared by every variant. Prints one JSON line per variant and
 * writes OUT/video-quality-rejected-pixels.jpg: the last frame of the moving-object shot per variant.
 *
 *   PAINTERLY_MODEL_MIRROR=../shared/models node --import tsx scripts/video/diagnose-quality-flicker.ts 192x108 OUT \
 *     '[{"name":"paper","trust":0},{"name":"floor","trust":0.001,"later":60}]'
 *
 * Variant fields: name, trust (c of a pixel failing the check, 0 = Ruder et al.), later (iterations),
 * gamma (γ), learningRate, optimizer, startFromPhoto (failing pixels start from the frame, not the warp).
 */
import { resolve } from 'node:path';
import { runGatysScales } from '../../src/engine/gatys/run-gatys.js';
import type { GatysSettings } from '../../src/engine/gatys/settings.js';
import type { RgbImage } from '../../src/engine/image.js';
import { DEFAULT_TEMPORAL_WEIGHT, withTrustFloor } from '../../src/engine/video/coherent-quality.js';
import { flicker } from '../../src/engine/video/flow-field.js';
import { compensateMotion } from '../../src/engine/video/motion.js';
import { createOrtRuntime } from '../../src/node/ort-runtime.js';
import { createOpencvFlowEstimator } from '../../src/node/video/opencv-flow.js';
import { prepareQuality } from '../../src/node/video/prepare-video-engine.js';
import { parseVideoOptions } from '../../src/options/video-schema.js';
import { writeLabelledStrip } from './labelled-strip.js';
import { makeTestClip } from './make-test-clip.js';

interface Variant {
  readonly name: string;
  readonly trust: number;
  readonly later?: number;
  readonly gamma?: number;
  readonly learningRate?: number;
  readonly optimizer?: GatysSettings['optimizer'];
  readonly startFromPhoto?: boolean;
}

const [sizeText = '192x108', outDir = '.', variantsText = '[{"name":"paper","trust":0}]'] = process.argv.slice(2);
const [width, height] = sizeText.split('x').map(Number);
const variants = JSON.parse(variantsText) as Variant[];
const style = resolve(import.meta.dirname, '../../../shared/images/style/van_gogh_starry_night.jpg');
const clip = await makeTestClip({ widthPx: width, heightPx: height, framesPerShot: 6 });
const flow = await createOpencvFlowEstimator();
const runtime = createOrtRuntime({});
const parsed = parseVideoOptions({ input: 'clip.mp4', output: 'out.mp4', styles: [style], network: 'darknet-tiny' });
if (parsed.engine.kind !== 'quality') throw new Error('expected the quality engine');
const quality = await prepareQuality(parsed.engine.options, { width, height });
const plane = width * height;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const firstFrames = new Map<number, RgbImage>();
const shown = clip.cuts[2] + 5;
const sheetCells: RgbImage[] = [];

const paintFirst = async (t: number): Promise<RgbImage> => {
  const cached = firstFrames.get(t);
  if (cached) return cached;
  const settings = { ...quality.settings, averageIterates: false };
  const image = await runGatysScales({ runtime, weights: quality.weights, scales: [{ width, height, iterations: settings.iterations }], source: async () => ({ content: clip.frames[t], styles: quality.styles }), settings });
  firstFrames.set(t, image);
  return image;
};

for (const variant of variants) {
  const outputs: RgbImage[] = [];
  const trusted: (Float32Array | null)[] = [];
  for (let t = 0; t < clip.frames.length; t++) {
    if (!clip.flows[t]) {
      outputs.push(await paintFirst(t));
      trusted.push(null);
      continue;
    }
    const frame = clip.frames[t];
    const motion = await compensateMotion(flow, { previousFrame: clip.frames[t - 1], frame, previousResult: outputs[t - 1] });
    const start = variant.startFromPhoto ? mix(motion.warped, frame, motion.pixelWeights) : motion.warped;
    const iterations = variant.later ?? parsed.engine.laterIterations;
    const settings: GatysSettings = {
      ...quality.settings,
      iterations,
      init: 'image',
      averageIterates: false,
      ...(variant.optimizer ? { optimizer: variant.optimizer } : {}),
      ...(variant.learningRate !== undefined ? { learningRate: variant.learningRate } : {}),
    };
    const temporal = { image: start, pixelWeights: withTrustFloor(motion.pixelWeights, variant.trust), weight: variant.gamma ?? DEFAULT_TEMPORAL_WEIGHT };
    outputs.push(await runGatysScales({ runtime, weights: quality.weights, scales: [{ width, height, iterations }], source: async () => ({ content: frame, styles: quality.styles, initImage: start, temporal }), settings }));
    trusted.push(motion.pixelWeights);
  }
  const scores = { all: [] as number[], passing: [] as number[], failing: [] as number[] };
  for (let t = 0; t < clip.frames.length; t++) {
    const truth = clip.flows[t];
    if (!truth) continue;
    const visible = clip.visible[t]!;
    const passing = visible.map((v, p) => v * (trusted[t]![p] > 0.5 ? 1 : 0));
    const failing = visible.map((v, p) => v * (trusted[t]![p] > 0.5 ? 0 : 1));
    scores.all.push(flicker(outputs[t], outputs[t - 1], truth, visible));
    scores.passing.push(flicker(outputs[t], outputs[t - 1], truth, passing));
    scores.failing.push(flicker(outputs[t], outputs[t - 1], truth, failing));
  }
  console.log(JSON.stringify({ ...variant, flicker: round(mean(scores.all)), passingCheck: round(mean(scores.passing)), failingCheck: round(mean(scores.failing)) }));
  sheetCells.push(outputs[shown]);
}
flow.dispose();
await writeLabelledStrip(
  resolve(outDir, 'video-quality-rejected-pixels.jpg'),
  `Coherent quality video, Darknet Tiny (ImageNet weights), The Starry Night, ${width}×${height}: frame ${shown + 1} (moving object)`,
  [{ label: 'the frame', image: clip.frames[shown] }, ...variants.map((variant, k) => ({ label: variant.name, image: sheetCells[k] }))],
  384,
);

/** c·a + (1 − c)·b per pixel. */
function mix(a: RgbImage, b: RgbImage, c: Float32Array): RgbImage {
  return { width: a.width, height: a.height, data: a.data.map((value, k) => c[k % plane] * value + (1 - c[k % plane]) * b.data[k]) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
