// dist/src/engine/progress/remaining-time.js
var PRIOR_WEIGHT_STEPS = 4;
function segmentsOfSchedule(schedule) {
  return schedule.map((scale) => ({ steps: scale.iterations, costPerStep: scale.width * scale.height }));
}
function remainingCost(segments, stepsDone) {
  let start = 0;
  let cost = 0;
  let segment = -1;
  segments.forEach((candidate, index) => {
    const end = start + candidate.steps;
    cost += Math.max(0, end - Math.max(stepsDone, start)) * candidate.costPerStep;
    if (segment < 0 && stepsDone < end)
      segment = index;
    start = end;
  });
  if (segment < 0)
    segment = segments.length - 1;
  return { cost, segmentsAfter: Math.max(0, segments.length - 1 - segment), segment };
}
function estimateRunMs(segments, msPerCost, setupMsPerSegment = 0) {
  return Math.round(remainingCost(segments, 0).cost * msPerCost + setupMsPerSegment * segments.length);
}
var RemainingTimeEstimator = class {
  segments;
  priorMsPerCost;
  segment = -1;
  segmentStart;
  last;
  measuredMsPerCost;
  /** The speed measured over the previous segment (or the prior), which the current one starts from. */
  previousMsPerCost;
  setupMs = 0;
  /** `priorMsPerCost`: the speed to assume before the run measured its own (e.g. from earlier runs). */
  constructor(segments, priorMsPerCost) {
    this.segments = segments;
    this.priorMsPerCost = priorMsPerCost;
  }
  /** The time per unit of cost measured so far (or the prior), ms. */
  msPerCost() {
    return this.measuredMsPerCost ?? this.priorMsPerCost;
  }
  /** The time per unit of cost this run has measured itself, ms; undefined before its first timed step. */
  measuredMsPerCostSoFar() {
    return this.measuredMsPerCost;
  }
  /** Time left once `stepsDone` steps are done at `elapsedMs` into the run; undefined until a speed is known. */
  observe(stepsDone, elapsedMs) {
    const left = remainingCost(this.segments, stepsDone);
    if (left.segment !== this.segment) {
      if (this.last && this.segment >= 0)
        this.setupMs = Math.max(0, elapsedMs - this.last.elapsedMs - this.stepMs(this.last.step));
      this.segment = left.segment;
      this.segmentStart = { step: stepsDone, elapsedMs };
      this.previousMsPerCost = this.measuredMsPerCost ?? this.priorMsPerCost;
    }
    this.last = { step: stepsDone, elapsedMs };
    const start = this.segmentStart;
    const steps = stepsDone - start.step;
    const cost = this.segments[this.segment]?.costPerStep ?? 1;
    if (steps > 0 && elapsedMs > start.elapsedMs) {
      const here = (elapsedMs - start.elapsedMs) / (steps * cost);
      const before = this.previousMsPerCost;
      this.measuredMsPerCost = before === void 0 ? here : (here * steps + before * PRIOR_WEIGHT_STEPS) / (steps + PRIOR_WEIGHT_STEPS);
    }
    const msPerCost = this.msPerCost();
    if (msPerCost === void 0)
      return void 0;
    return Math.round(left.cost * msPerCost + left.segmentsAfter * this.setupMs);
  }
  /** The expected time of the step after `step`, at the current speed. */
  stepMs(step) {
    const { segment } = remainingCost(this.segments, Math.max(0, step));
    return (this.msPerCost() ?? 0) * (this.segments[segment]?.costPerStep ?? 0);
  }
};

export {
  segmentsOfSchedule,
  estimateRunMs,
  RemainingTimeEstimator
};
