/**
 * A first-in, first-out queue with lanes: each lane runs at most its own number of tasks at once
 * (by default one quality job, and fast jobs alongside it in their own lane, and one visualization).
 */

/** The lanes of the studio's queue: paintings of each mode, and "What the network sees" runs. */
export type Lane = 'fast' | 'quality' | 'visualize';
/** Every lane, in the order a free slot is offered. */
export const LANES: readonly Lane[] = ['quality', 'fast', 'visualize'];

/** How many tasks each lane runs at once (visualizations: one unless said). */
export type LaneLimits = Readonly<Record<'fast' | 'quality', number>> & { readonly visualize?: number };

interface Waiting {
  readonly id: string;
  readonly lane: Lane;
  readonly run: () => Promise<void>;
}

/**
 * The queue. `run` functions must not throw (they handle their own failures); a throw is caught so
 * the lane goes on.
 *
 * @example
 * const queue = new JobQueue({ fast: 2, quality: 1, visualize: 1 });
 * queue.enqueue(id, 'quality', async () => { … });
 */
export class JobQueue {
  private readonly waiting: Waiting[] = [];
  private readonly running = new Map<string, Lane>();
  private readonly idleListeners: Array<() => void> = [];

  constructor(private readonly limits: LaneLimits) {}

  /** Adds a task at the back of its lane and starts it when the lane has room. */
  enqueue(id: string, lane: Lane, run: () => Promise<void>): void {
    this.waiting.push({ id, lane, run });
    this.pump();
  }

  /** Takes a task out before it started; false when it is not waiting (running or unknown). */
  remove(id: string): boolean {
    const index = this.waiting.findIndex((task) => task.id === id);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    this.pump();
    return true;
  }

  /** 1-based place of a waiting task in its lane, or undefined when it is not waiting. */
  position(id: string): number | undefined {
    const task = this.waiting.find((candidate) => candidate.id === id);
    if (!task) return undefined;
    return this.waiting.filter((candidate) => candidate.lane === task.lane).indexOf(task) + 1;
  }

  /** Ids of the tasks waiting in order. */
  waitingIds(): string[] {
    return this.waiting.map((task) => task.id);
  }

  /** Counts per lane. */
  counts(): Record<Lane, { running: number; waiting: number }> {
    const count = (lane: Lane) => ({
      running: [...this.running.values()].filter((candidate) => candidate === lane).length,
      waiting: this.waiting.filter((task) => task.lane === lane).length,
    });
    return { fast: count('fast'), quality: count('quality'), visualize: count('visualize') };
  }

  /** Resolves when nothing runs or waits. */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleListeners.push(resolve));
  }

  private pump(): void {
    for (const lane of LANES) {
      while (this.counts()[lane].running < (this.limits[lane] ?? 1)) {
        const index = this.waiting.findIndex((task) => task.lane === lane);
        if (index < 0) break;
        const [task] = this.waiting.splice(index, 1);
        this.running.set(task.id, lane);
        void task
          .run()
          .catch(() => undefined)
          .finally(() => {
            this.running.delete(task.id);
            this.pump();
          });
      }
    }
    if (this.running.size === 0 && this.waiting.length === 0) {
      for (const listener of this.idleListeners.splice(0)) listener();
    }
  }
}
