/**
 * The studio's one job runner. Every job — fast and quality paintings, "What the network sees" runs —
 * waits in one lane queue, runs in its own worker process on already-validated options, and is
 * recorded by its `JobRecord` (a gallery item for paintings, see `gallery-record.ts`; a run in memory
 * for visualizations). Listeners (the SSE streams) get every change of a painting as a `JobEvent`.
 */
import { estimateRunMs, RemainingTimeEstimator, type CostSegment } from '../../engine/progress/remaining-time.js';
import type { JobEvent } from '../api-types.js';
import { progressOf } from './job-outcome.js';
import { PRIOR_MS_PER_COST } from './job-work.js';
import type { FinalMessage, LoadMessage, ProgressMessage, WorkerJob } from './protocol.js';
import { JobQueue, type Lane, type LaneLimits } from './queue.js';
import type { JobProgress, JobStage } from './job-view.js';
import { runInWorker, type WorkerRun } from './worker-host.js';

export type { JobEvent };

/** How one job's life is recorded; the manager calls these in order, each at most once but `onLoad`/`onStep`. */
export interface JobRecord {
  /** The worker is about to start. */
  onStart(): Promise<void>;
  onLoad(message: LoadMessage): Promise<void>;
  /** Every step message (iterations, tiles, images), after the manager updated the job's progress. */
  onStep?(message: ProgressMessage): void;
  /** The job ended with `final`; `shuttingDown`: because the server stops. */
  onEnd(final: FinalMessage, shuttingDown: boolean): Promise<void>;
  /** Tells listeners the job changed (paintings stream it; visualizations are polled). */
  emit?(type: JobEvent['type']): void;
  /** After the final `emit('status')`: no more events. */
  onClosed?(): void;
}

/** A job to run: its id, lane, the worker's job (validated options and paths) and its record. */
export interface ManagedJob {
  readonly id: string;
  readonly lane: Lane;
  readonly workerJob: WorkerJob;
  readonly record: JobRecord;
  /** Jobs with the same key run at about the same speed per unit of cost (e.g. `quality:random`). */
  readonly paceKey?: string;
  /** What its steps cost, as planned when it was submitted: its time is estimated from the start. */
  readonly segments?: readonly CostSegment[];
}

/** What the manager tracks for an active job. Dropped (with its preview) when the job ends. */
export interface ActiveJob {
  stage: JobStage;
  progress?: JobProgress;
  preview?: { iteration: number; jpeg: Uint8Array };
  run?: WorkerRun;
  eta?: RemainingTimeEstimator;
  /** The time the whole run should take, estimated when it was queued (before its first step). */
  plannedMs?: number;
  /** The output's size in px, once loaded (a fast job's tiles share its pixels). */
  pixels?: number;
  cancelRequested: boolean;
  keepRequested: boolean;
  shuttingDown: boolean;
  readonly job: ManagedJob;
  readonly ended: Promise<void>;
  readonly end: () => void;
}

/**
 * Runs the jobs of one studio.
 *
 * @example
 * const jobs = new JobManager({ fast: 2, quality: 1 });
 * jobs.enqueue({ id, lane: 'fast', workerJob, record });
 */
export class JobManager {
  private readonly queue: JobQueue;
  private readonly active = new Map<string, ActiveJob>();
  /** Measured time per unit of cost of the latest finished job, per lane and weights. */
  private readonly paces = new Map<string, number>();

  constructor(limits: LaneLimits) {
    this.queue = new JobQueue(limits);
  }

  /** Queues `job`; it starts when its lane has room. */
  enqueue(job: ManagedJob): void {
    let end = (): void => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const plannedMs = job.segments ? this.estimateMs(job.segments, job.paceKey ?? job.lane) : undefined;
    this.active.set(job.id, { stage: 'waiting', plannedMs, cancelRequested: false, keepRequested: false, shuttingDown: false, job, ended, end });
    this.queue.enqueue(job.id, job.lane, () => this.execute(job.id));
  }

  /** The live state of active job `id`, with its place in the queue; undefined once it ended. */
  live(id: string): { readonly active: ActiveJob; readonly queuePosition?: number } | undefined {
    const active = this.active.get(id);
    return active && { active, queuePosition: this.queue.position(id) };
  }

  /** Ids of every active job of `lanes`, oldest first. */
  activeIds(lanes: readonly Lane[] = ['fast', 'quality']): string[] {
    return [...this.active.entries()].filter(([, active]) => lanes.includes(active.job.lane)).map(([id]) => id);
  }

  /** Counts per lane. */
  counts(): ReturnType<JobQueue['counts']> {
    return this.queue.counts();
  }

  /**
   * The time per unit of cost (ms) that jobs of `paceKey` are expected to take: as a running one
   * measures it now, else as measured on the latest finished one, else the measured default
   * (`PRIOR_MS_PER_COST`). Estimates before a job starts and a running job's first estimate both
   * start from it, so they agree, and both follow what this machine does now.
   */
  pace(paceKey: string): number {
    const running = [...this.active.values()]
      .filter((active) => (active.job.paceKey ?? active.job.lane) === paceKey)
      .map((active) => active.eta?.measuredMsPerCostSoFar())
      .filter((pace): pace is number => pace !== undefined);
    return running.at(-1) ?? this.paces.get(paceKey) ?? PRIOR_MS_PER_COST[paceKey] ?? PRIOR_MS_PER_COST['quality:vgg19'];
  }

  /**
   * The time a run of `segments` should take, at `pace(paceKey)`: what `POST /api/estimate` answers
   * and what a job's card shows until its first step.
   *
   * @example
   * jobs.estimateMs([{ steps: 100, costPerStep: 65_536 }], 'quality:vgg19') // → 52429 (at the default pace)
   */
  estimateMs(segments: readonly CostSegment[], paceKey: string): number {
    return estimateRunMs(segments, this.pace(paceKey));
  }

  /**
   * Stops job `id`: a waiting job at once, a running one as soon as its worker stops. With `keep`, a
   * running quality job keeps its latest image as an unfinished result. False when it is not active.
   */
  async cancel(id: string, keep = false): Promise<boolean> {
    const active = this.active.get(id);
    if (!active) return false;
    active.cancelRequested = true;
    if (this.queue.remove(id)) {
      await this.finish(id, { type: 'cancelled' });
      return true;
    }
    active.keepRequested = keep && active.job.lane === 'quality';
    active.stage = 'cancelling';
    active.run?.cancel(active.keepRequested);
    active.job.record.emit?.('status');
    return true;
  }

  /** Resolves when job `id` is no longer active. */
  async settled(id: string): Promise<void> {
    await this.active.get(id)?.ended;
  }

  /** Stops everything: running jobs stop with `shuttingDown` for their records (quality jobs write their checkpoint); waiting ones stay waiting in their records. */
  async shutdown(): Promise<void> {
    const ids = [...this.active.keys()];
    for (const id of ids) {
      const active = this.active.get(id);
      if (!active) continue;
      active.shuttingDown = true;
      active.cancelRequested = true;
      if (this.queue.remove(id)) {
        this.forget(id);
        active.job.record.onClosed?.();
      } else active.run?.cancel();
    }
    await Promise.all(ids.map((id) => this.settled(id)));
  }

  private async execute(id: string): Promise<void> {
    const active = this.active.get(id);
    if (!active) return;
    active.stage = 'loading';
    await active.job.record.onStart().catch(() => undefined);
    active.job.record.emit?.('status');
    if (active.cancelRequested) return this.finish(id, { type: 'cancelled' });
    const run = runInWorker(active.job.workerJob, (message) => this.onProgress(id, message));
    active.run = run;
    await this.finish(id, await run.finished);
  }

  private onProgress(id: string, message: ProgressMessage): void {
    const active = this.active.get(id);
    if (!active || active.stage === 'cancelling') return;
    const { record } = active.job;
    if (message.type === 'load') {
      active.stage = active.job.lane === 'fast' ? 'stylizing' : 'optimizing';
      active.pixels = message.width * message.height;
      active.eta = message.segments ? new RemainingTimeEstimator(message.segments, this.pace(active.job.paceKey ?? active.job.lane)) : undefined;
      void record.onLoad(message).catch(() => undefined).then(() => record.emit?.('load'));
      return;
    }
    if (message.type === 'preview') {
      active.preview = { iteration: message.iteration, jpeg: message.jpeg };
      record.emit?.('preview');
      return;
    }
    // A fast job's tiles share its pixels: the same unit of cost as its estimate before it started.
    if (message.type === 'tile') active.eta ??= new RemainingTimeEstimator([{ steps: message.count, costPerStep: (active.pixels ?? message.count) / message.count }], this.pace(active.job.paceKey ?? active.job.lane));
    if (message.type !== 'image') {
      active.progress = progressOf(message, active.eta);
      if (active.progress.iteration >= active.progress.iterations) active.stage = 'finishing';
    }
    record.onStep?.(message);
    record.emit?.('iteration');
  }

  /** Records how job `id` ended, learns its pace, tells its listeners, and forgets its live state. */
  private async finish(id: string, final: FinalMessage): Promise<void> {
    const active = this.active.get(id);
    if (!active) return;
    const pace = active.eta?.msPerCost();
    if (final.type === 'done' && pace !== undefined && !final.unfinished) this.paces.set(active.job.paceKey ?? active.job.lane, pace);
    const { record } = active.job;
    await record.onEnd(final, active.shuttingDown).catch(() => undefined);
    this.forget(id);
    record.emit?.('status');
    record.onClosed?.();
  }

  private forget(id: string): void {
    const active = this.active.get(id);
    this.active.delete(id);
    active?.end();
  }
}
