/**
 * The one remaining-time estimate of Painterly (CLI bar, server jobs, the studio's estimate before
 * Start): the steps still to run, each weighted by its cost — for a multi-scale quality run the pixels
 * of its scale (a step at 512 px costs about 16 steps at 128 px), for a fast run one per tile — times
 * the time per unit of cost measured on the current segment (blended with the previous segment's
 * while the current one has few steps, `PRIOR_WEIGHT_STEPS`), plus the set-up time seen at the start
 * of a segment for each segment still to come.
 */

/**
 * The previous segment's speed counts as this many steps of the current one: the first steps of a
 * segment are noisy (one step is a few ms at 128 px), so their speed alone swings the estimate.
 */
export const PRIOR_WEIGHT_STEPS = 4;

/** A run of steps that cost the same: a scale of a quality run, the tiles of a fast one. */
export interface CostSegment {
  readonly steps: number;
  /** Cost of one step in any unit shared by the run's segments (pixels for a scale). */
  readonly costPerStep: number;
}

/**
 * The segments of a multi-scale schedule: one per scale, a step costing its pixels.
 *
 * @example
 * segmentsOfSchedule([{ width: 128, height: 96, iterations: 20 }, { width: 256, height: 192, iterations: 10 }])
 * // → [{ steps: 20, costPerStep: 12288 }, { steps: 10, costPerStep: 49152 }]
 */
export function segmentsOfSchedule(schedule: readonly { readonly width: number; readonly height: number; readonly iterations: number }[]): CostSegment[] {
  return schedule.map((scale) => ({ steps: scale.iterations, costPerStep: scale.width * scale.height }));
}

/**
 * The cost of the steps after `stepsDone`, and how many segments start after the one `stepsDone` is in.
 *
 * @example
 * remainingCost([{ steps: 10, costPerStep: 1 }, { steps: 10, costPerStep: 4 }], 5) // → { cost: 45, segmentsAfter: 1, segment: 0 }
 */
export function remainingCost(segments: readonly CostSegment[], stepsDone: number): { cost: number; segmentsAfter: number; segment: number } {
  let start = 0;
  let cost = 0;
  let segment = -1;
  segments.forEach((candidate, index) => {
    const end = start + candidate.steps;
    cost += Math.max(0, end - Math.max(stepsDone, start)) * candidate.costPerStep;
    if (segment < 0 && stepsDone < end) segment = index;
    start = end;
  });
  if (segment < 0) segment = segments.length - 1;
  return { cost, segmentsAfter: Math.max(0, segments.length - 1 - segment), segment };
}

/**
 * The time a whole run takes before it starts, at `msPerCost` per unit of cost.
 *
 * @example
 * estimateRunMs([{ steps: 100, costPerStep: 65_536 }], 2e-4) // → 1311 (ms)
 */
export function estimateRunMs(segments: readonly CostSegment[], msPerCost: number, setupMsPerSegment = 0): number {
  return Math.round(remainingCost(segments, 0).cost * msPerCost + setupMsPerSegment * segments.length);
}

/**
 * Follows one run and estimates its time left after each step.
 *
 * @example
 * const eta = new RemainingTimeEstimator(segmentsOfSchedule(event.schedule));
 * onIteration = (event) => show(eta.observe(event.iteration, event.elapsedMs)); // ms, or undefined at first
 */
export class RemainingTimeEstimator {
  private segment = -1;
  private segmentStart: { step: number; elapsedMs: number } | undefined;
  private last: { step: number; elapsedMs: number } | undefined;
  private measuredMsPerCost: number | undefined;
  /** The speed measured over the previous segment (or the prior), which the current one starts from. */
  private previousMsPerCost: number | undefined;
  private setupMs = 0;

  /** `priorMsPerCost`: the speed to assume before the run measured its own (e.g. from earlier runs). */
  constructor(
    private readonly segments: readonly CostSegment[],
    private readonly priorMsPerCost?: number,
  ) {}

  /** The time per unit of cost measured so far (or the prior), ms. */
  msPerCost(): number | undefined {
    return this.measuredMsPerCost ?? this.priorMsPerCost;
  }

  /** The time per unit of cost this run has measured itself, ms; undefined before its first timed step. */
  measuredMsPerCostSoFar(): number | undefined {
    return this.measuredMsPerCost;
  }

  /** Time left once `stepsDone` steps are done at `elapsedMs` into the run; undefined until a speed is known. */
  observe(stepsDone: number, elapsedMs: number): number | undefined {
    const left = remainingCost(this.segments, stepsDone);
    if (left.segment !== this.segment) {
      // A segment's first step also paid its set-up (graphs, resized images): expect that again per segment to come.
      if (this.last && this.segment >= 0) this.setupMs = Math.max(0, elapsedMs - this.last.elapsedMs - this.stepMs(this.last.step));
      this.segment = left.segment;
      this.segmentStart = { step: stepsDone, elapsedMs };
      this.previousMsPerCost = this.measuredMsPerCost ?? this.priorMsPerCost;
    }
    this.last = { step: stepsDone, elapsedMs };
    const start = this.segmentStart!;
    const steps = stepsDone - start.step;
    const cost = this.segments[this.segment]?.costPerStep ?? 1;
    if (steps > 0 && elapsedMs > start.elapsedMs) {
      const here = (elapsedMs - start.elapsedMs) / (steps * cost);
      const before = this.previousMsPerCost;
      this.measuredMsPerCost = before === undefined ? here : (here * steps + before * PRIOR_WEIGHT_STEPS) / (steps + PRIOR_WEIGHT_STEPS);
    }
    const msPerCost = this.msPerCost();
    if (msPerCost === undefined) return undefined;
    return Math.round(left.cost * msPerCost + left.segmentsAfter * this.setupMs);
  }

  /** The expected time of the step after `step`, at the current speed. */
  private stepMs(step: number): number {
    const { segment } = remainingCost(this.segments, Math.max(0, step));
    return (this.msPerCost() ?? 0) * (this.segments[segment]?.costPerStep ?? 0);
  }
}
