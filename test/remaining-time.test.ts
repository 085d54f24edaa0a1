/**
 * The one remaining-time estimate (`src/engine/progress/remaining-time.ts`, used by the CLI's bar,
 * the server's jobs and `POST /api/estimate`) on the schedule of a real multi-scale run, timed by a
 * simulated clock: each step costs a fixed overhead plus a time per pixel, with seeded jitter, and each
 * scale a set-up. Deterministic: no real timing, so a fast or busy machine cannot make it flake. How
 * close the estimate comes on a real run is measured by `bench/eta-accuracy.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planScales } from '../src/engine/gatys/scale-schedule.js';
import { RemainingTimeEstimator, segmentsOfSchedule } from '../src/engine/progress/remaining-time.js';

/**
 * The bound: the estimate after the first scale is within 30% of the time taken. Its error
 * comes from the cost per pixel not being quite constant across scales (fixed per-step overheads weigh
 * more at small sizes) and from timing noise.
 */
const ETA_TOLERANCE = 0.3;
/**
 * Without noise or overheads the estimate is off only by how it measures a scale's set-up: the jump at
 * a scale's first step minus a step at the previous scale's speed, so it counts the step's extra pixels
 * as set-up too (measured 2% on this schedule).
 */
const NOISELESS_TOLERANCE = 0.05;
/** Where the estimate is read: this many steps into the second scale, so it has timed that scale too. */
const STEPS_INTO_SECOND_SCALE = 5;
/** The run of the old real-run test: a 320×213 output (the Golden Gate photo), 120 iterations, √2 scales from 128 px. */
const SCHEDULE = planScales({ width: 320, height: 213, iterations: 120, mode: 'auto', minScale: 128, minShortSide: 16 });

/** A simulated machine: a step at a scale takes `overheadMs + pixels · msPerPixel`, ± `jitter`, and each scale starts with `setupMs`. */
interface Machine {
  readonly msPerPixel: number;
  readonly overheadMs: number;
  readonly setupMs: number;
  /** Relative spread of a step's time, e.g. 0.1 for ±10%. */
  readonly jitter: number;
  readonly seed: number;
}

/**
 * When `schedule`'s iteration events come on `machine`, as the engine emits them: event k after the
 * evaluation at k (so the first event of a scale also paid its set-up), the last entry the run's end.
 */
function simulatedClock(schedule: typeof SCHEDULE, machine: Machine): number[] {
  let state = machine.seed;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const elapsed: number[] = [];
  let now = 0;
  for (const scale of schedule) {
    now += machine.setupMs;
    for (let step = 0; step < scale.iterations; step++) {
      now += (machine.overheadMs + scale.width * scale.height * machine.msPerPixel) * (1 + machine.jitter * (2 * random() - 1));
      elapsed.push(now);
    }
  }
  return elapsed;
}

/** The estimate `STEPS_INTO_SECOND_SCALE` steps into the second scale, and the time the rest of the run actually took. */
function estimateAfterFirstScale(machine: Machine): { etaMs: number; actualMs: number } {
  const clock = simulatedClock(SCHEDULE, machine);
  const eta = new RemainingTimeEstimator(segmentsOfSchedule(SCHEDULE));
  const readAt = SCHEDULE[0].iterations + STEPS_INTO_SECOND_SCALE;
  let etaMs: number | undefined;
  for (let iteration = 0; iteration <= readAt; iteration++) etaMs = eta.observe(iteration, clock[iteration]);
  assert.ok(etaMs !== undefined, 'an estimate once a scale was timed');
  return { etaMs, actualMs: clock.at(-1)! - clock[readAt] };
}

test('the schedule is multi-scale, so the estimate must weigh later scales by their pixels', () => {
  assert.ok(SCHEDULE.length >= 3, `scales: ${JSON.stringify(SCHEDULE)}`);
  assert.ok(SCHEDULE[0].iterations > STEPS_INTO_SECOND_SCALE);
});

test('on a machine whose steps take time in proportion to their pixels, plus a set-up per scale, the estimate after the first scale is within 5% of the time the rest takes', () => {
  const firstStepMs = SCHEDULE[0].width * SCHEDULE[0].height * 2e-4;
  // Set-up as long as 0, or 40, first-scale steps (building a scale's graphs can take that long).
  for (const setupSteps of [0, 40]) {
    const { etaMs, actualMs } = estimateAfterFirstScale({ msPerPixel: 2e-4, overheadMs: 0, setupMs: setupSteps * firstStepMs, jitter: 0, seed: 1 });
    const error = Math.abs(etaMs - actualMs) / actualMs;
    assert.ok(error <= NOISELESS_TOLERANCE, `set-up ${setupSteps} steps: estimate ${etaMs} ms vs actual ${actualMs} ms (${(error * 100).toFixed(1)}% off)`);
  }
});

test('with a per-step overhead, set-up per scale and ±15% jitter, the estimate after the first scale is within 30% of the time the rest takes', () => {
  // Overheads a fifth of a step at the first scale; set-up of two steps; several jitter seeds.
  for (const seed of [1, 2, 3, 4, 5]) {
    const firstStepMs = SCHEDULE[0].width * SCHEDULE[0].height * 2e-4;
    const { etaMs, actualMs } = estimateAfterFirstScale({ msPerPixel: 2e-4, overheadMs: firstStepMs / 5, setupMs: 2 * firstStepMs, jitter: 0.15, seed });
    const error = Math.abs(etaMs - actualMs) / actualMs;
    assert.ok(error <= ETA_TOLERANCE, `seed ${seed}: estimate ${etaMs} ms vs actual ${actualMs} ms (${(error * 100).toFixed(0)}% off)`);
  }
});
