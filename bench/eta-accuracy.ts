/**
 * `npm run bench:eta`: how close the one remaining-time estimate (`src/engine/progress/remaining-time.ts`)
 * comes on a real multi-scale run on this machine. Once the first scale is done (a few steps into the
 * second), the bound is 30% of the time the rest of the run actually takes. Timing on a shared
 * or unusually fast machine varies, so this is a measurement, not a test; `test/remaining-time.test.ts`
 * checks the estimator itself against a simulated clock.
 */
import { join } from 'node:path';
import type { GatysEvent } from '../src/engine/gatys/events.js';
import { RemainingTimeEstimator, segmentsOfSchedule } from '../src/engine/progress/remaining-time.js';
import { stylize } from '../src/node/stylize.js';

const SHARED_IMAGES = join(import.meta.dirname, '..', '..', 'shared', 'images');
/** The bound on the estimate after the first scale. */
const ETA_TOLERANCE = 0.3;
/** Where the estimate is read: this many steps into the second scale (of about 33), so it has timed that scale too. */
const STEPS_INTO_SECOND_SCALE = 5;

let eta: RemainingTimeEstimator | undefined;
let firstScaleEnd = 0;
let atSecondScale: { etaMs: number; elapsedMs: number } | undefined;
let doneMs = 0;
let scales = 0;
const onProgress = (event: GatysEvent): void => {
  if (event.type === 'load') {
    eta = new RemainingTimeEstimator(segmentsOfSchedule(event.schedule));
    firstScaleEnd = event.schedule[0].iterations;
    scales = event.schedule.length;
  }
  if (event.type === 'iteration') {
    const etaMs = eta!.observe(event.iteration, event.elapsedMs);
    if (event.iteration === firstScaleEnd + STEPS_INTO_SECOND_SCALE && etaMs !== undefined) atSecondScale = { etaMs, elapsedMs: event.elapsedMs };
  }
  if (event.type === 'done') doneMs = event.elapsedMs;
};
await stylize(
  { content: join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg'), styles: [join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg')], network: 'darknet-tiny', weights: 'random:1', size: 320, iterations: 120, threads: 1 },
  { onProgress: onProgress as never },
);
if (!atSecondScale) throw new Error(`no estimate at the start of the second scale (${scales} scales)`);
const actualMs = doneMs - atSecondScale.elapsedMs;
const error = Math.abs(atSecondScale.etaMs - actualMs) / actualMs;
console.log(`Remaining-time estimate on a real run (Darknet Tiny, random weights, 320 px, 120 iterations, ${scales} scales, 1 thread)`);
console.log(`  after the first scale: estimate ${atSecondScale.etaMs} ms, actual ${actualMs} ms: ${(error * 100).toFixed(0)}% off (bound ${ETA_TOLERANCE * 100}%: ${error <= ETA_TOLERANCE ? 'met' : 'missed'})`);
