/**
 * The one remaining-time estimate (`src/engine/progress/remaining-time.ts`, used by the CLI's bar,
 * the server's jobs and `POST /api/estimate`) on a real multi-scale run: once the first scale is done,
 * the estimate is within `ETA_TOLERANCE` of the time the rest of the run actually takes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { GatysEvent } from '../src/engine/gatys/events.js';
import { RemainingTimeEstimator, segmentsOfSchedule } from '../src/engine/progress/remaining-time.js';
import { stylize } from '../src/node/stylize.js';
import { SHARED_IMAGES } from './helpers/cli.js';

/**
 * The bound: the estimate after the first scale is within 30% of the time taken. The
 * estimate's error comes from the cost per pixel not being quite constant across scales (fixed
 * per-step overheads weigh more at small sizes) and from timing noise on a shared machine.
 */
const ETA_TOLERANCE = 0.3;
/** Where the estimate is read: this many steps into the second scale (of about 33), so it has timed that scale too. */
const STEPS_INTO_SECOND_SCALE = 5;

test('on a multi-scale run the estimate after the first scale is within 30% of the time the rest takes', async () => {
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
      // A few steps into the second scale: the first scale is done and the second one timed.
      if (event.iteration === firstScaleEnd + STEPS_INTO_SECOND_SCALE && etaMs !== undefined) atSecondScale = { etaMs, elapsedMs: event.elapsedMs };
    }
    if (event.type === 'done') doneMs = event.elapsedMs;
  };
  await stylize(
    { content: join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg'), styles: [join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg')], network: 'darknet-tiny', weights: 'random:1', size: 320, iterations: 120, threads: 1 },
    { onProgress: onProgress as never },
  );
  assert.ok(scales >= 3, `a multi-scale run (${scales} scales)`);
  assert.ok(atSecondScale, 'an estimate at the start of the second scale');
  const actualMs = doneMs - atSecondScale.elapsedMs;
  const error = Math.abs(atSecondScale.etaMs - actualMs) / actualMs;
  process.stderr.write(`# eta after the first scale ${atSecondScale.etaMs} ms, actual ${actualMs} ms (${(error * 100).toFixed(0)}% off)\n`);
  assert.ok(error <= ETA_TOLERANCE, `estimate ${atSecondScale.etaMs} ms vs actual ${actualMs} ms`);
});
