/**
 * How long a painting has run, on the server's clock: the time of the runs it continues (a quality
 * job resumed from its checkpoint keeps the time it ran before it was interrupted) plus its current
 * run so far. The time the server was down is not counted. The one source of a job's `elapsedMs`,
 * live and stored; the page only ticks it on between answers.
 */

/**
 * How often a running quality job's elapsed time is written to its gallery item, so that a crash or
 * a kill loses at most this much of it (a stop records it exactly).
 */
export const ELAPSED_WRITE_MS = 2_000;

/**
 * The clock of one run of a job.
 *
 * @example
 * const clock = new RunClock(item.elapsedMs ?? 0); // resumed: counts on from the earlier runs
 * clock.elapsedMs(); // → earlier runs + time since `new RunClock`, whole ms
 */
export class RunClock {
  private readonly startedMs: number;
  private writtenMs: number;

  /** Starts now; `earlierMs`: what the runs this one continues took (0 for a run from the start). */
  constructor(
    private readonly earlierMs: number,
    nowMs = performance.now(),
  ) {
    this.startedMs = nowMs;
    this.writtenMs = nowMs;
  }

  /** The time run in all so far, whole ms. */
  elapsedMs(nowMs = performance.now()): number {
    return Math.round(this.earlierMs + Math.max(0, nowMs - this.startedMs));
  }

  /** Whether the total is due to be written again (every `ELAPSED_WRITE_MS`); true marks it written. */
  writeDue(nowMs = performance.now()): boolean {
    if (nowMs - this.writtenMs < ELAPSED_WRITE_MS) return false;
    this.writtenMs = nowMs;
    return true;
  }
}
