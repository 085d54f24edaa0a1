/**
 * The studio's jobs: each submitted job becomes a gallery item (`queued`), waits in the queue, runs
 * in its own worker thread and ends `done`, `failed`, `cancelled` or — when the server stops under
 * it — `interrupted`. Listeners (the SSE streams) get every change as a `JobEvent`.
 */
import type { GalleryStore } from '../gallery/store.js';
import { FINAL_STATUSES } from '../gallery/item.js';
import { HttpError } from '../http-errors.js';
import { newId } from '../ids.js';
import { outcomePatch, Pace, progressOf } from './job-outcome.js';
import type { FinalMessage, ProgressMessage } from './protocol.js';
import { JobQueue, type LaneLimits } from './queue.js';
import type { ResolvedJob } from './resolve-job.js';
import { jobView, type JobProgress, type JobStage, type JobView } from './job-view.js';
import { runInWorker, type WorkerRun } from './worker-host.js';

/** One change of a job, as streamed: what happened and the job's whole view after it. */
export interface JobEvent {
  readonly type: 'status' | 'load' | 'iteration' | 'preview';
  readonly job: JobView;
}

/** Everything the manager tracks for an active job. Dropped (with its preview) when the job ends. */
interface ActiveJob {
  stage: JobStage;
  progress?: JobProgress;
  preview?: { iteration: number; jpeg: Uint8Array };
  run?: WorkerRun;
  cancelRequested: boolean;
  shuttingDown: boolean;
  readonly pace: Pace;
  readonly ended: Promise<void>;
  readonly end: () => void;
}

/**
 * Runs the jobs of one studio.
 *
 * @example
 * const jobs = new JobManager(gallery, { fast: 2, quality: 1 });
 * const view = await jobs.submit(await resolveJob(body, resources));
 */
export class JobManager {
  private readonly queue: JobQueue;
  private readonly active = new Map<string, ActiveJob>();
  private readonly listeners = new Map<string, Set<(event: JobEvent) => void>>();

  constructor(
    private readonly gallery: GalleryStore,
    limits: LaneLimits,
  ) {
    this.queue = new JobQueue(limits);
  }

  /** Creates the job's gallery item and queues it. */
  async submit(job: ResolvedJob): Promise<JobView> {
    const id = newId();
    const now = new Date().toISOString();
    await this.gallery.create({ id, mode: job.settings.mode, status: 'queued', createdAt: now, updatedAt: now, settings: job.settings });
    let end = (): void => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.active.set(id, { stage: 'waiting', cancelRequested: false, shuttingDown: false, pace: new Pace(), ended, end });
    this.queue.enqueue(id, job.lane, () => this.execute(id, job));
    return this.view(id);
  }

  /** The view of job or gallery item `id` (404 when there is none). */
  view(id: string): JobView {
    const item = this.gallery.get(id);
    const active = this.active.get(id);
    if (!active) return jobView(item);
    return jobView(item, { stage: active.stage, queuePosition: this.queue.position(id), progress: active.progress, previewIteration: active.preview?.iteration });
  }

  /** Every active job, oldest first. */
  activeJobs(): JobView[] {
    return [...this.active.keys()].map((id) => this.view(id)).reverse();
  }

  /** The latest preview JPEG of active job `id`, if it has one. */
  preview(id: string): Uint8Array | undefined {
    return this.active.get(id)?.preview?.jpeg;
  }

  /** Counts per lane. */
  counts(): ReturnType<JobQueue['counts']> {
    return this.queue.counts();
  }

  /** Listens to job `id`'s events; returns the function that stops listening. */
  subscribe(id: string, listener: (event: JobEvent) => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(listener);
    this.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /** Cancels job `id`: a waiting job at once, a running one as soon as its worker stops. 409 when it already ended. */
  async cancel(id: string): Promise<JobView> {
    const item = this.gallery.get(id);
    const active = this.active.get(id);
    if (!active) throw new HttpError(409, 'CONFLICT', `This job already ended (${item.status}); there is nothing to cancel.`);
    active.cancelRequested = true;
    if (this.queue.remove(id)) {
      await this.finish(id, { type: 'cancelled' });
      return this.view(id);
    }
    active.stage = 'cancelling';
    active.run?.cancel();
    this.emit(id, 'status');
    return this.view(id);
  }

  /** Resolves when job `id` is no longer active. */
  async settled(id: string): Promise<void> {
    await this.active.get(id)?.ended;
  }

  /** Stops everything: waiting and running jobs end `interrupted`. */
  async shutdown(): Promise<void> {
    const ids = [...this.active.keys()];
    for (const id of ids) {
      const active = this.active.get(id);
      if (!active) continue;
      active.shuttingDown = true;
      active.cancelRequested = true;
      if (this.queue.remove(id)) await this.finish(id, { type: 'cancelled' });
      else active.run?.cancel();
    }
    await Promise.all(ids.map((id) => this.settled(id)));
  }

  private async execute(id: string, job: ResolvedJob): Promise<void> {
    const active = this.active.get(id);
    if (!active) return;
    active.stage = 'loading';
    await this.gallery.update(id, { status: 'running' }).catch(() => undefined);
    this.emit(id, 'status');
    if (active.cancelRequested) return this.finish(id, { type: 'cancelled' });
    const run = runInWorker(job.workerJob(this.gallery.resultPath(id)), (message) => this.onProgress(id, message));
    active.run = run;
    await this.finish(id, await run.finished);
  }

  private onProgress(id: string, message: ProgressMessage): void {
    const active = this.active.get(id);
    if (!active || active.stage === 'cancelling') return;
    if (message.type === 'load') {
      active.stage = this.gallery.find(id)?.mode === 'fast' ? 'stylizing' : 'optimizing';
      void this.gallery.update(id, { weights: { name: message.weights, pretrained: message.pretrained } }).catch(() => undefined).then(() => this.emit(id, 'load'));
      return;
    }
    if (message.type === 'preview') {
      active.preview = { iteration: message.iteration, jpeg: message.jpeg };
      this.emit(id, 'preview');
      return;
    }
    if (message.type === 'image') return;
    active.progress = progressOf(message, active.pace);
    if (active.progress.iteration >= active.progress.iterations) active.stage = 'finishing';
    this.emit(id, 'iteration');
  }

  /** Records how job `id` ended, tells its listeners, and forgets its live state. */
  private async finish(id: string, final: FinalMessage): Promise<void> {
    const active = this.active.get(id);
    if (!active) return;
    if (this.gallery.find(id)) await this.gallery.update(id, outcomePatch(final, active.shuttingDown)).catch(() => undefined);
    this.active.delete(id);
    if (this.gallery.find(id)) this.emitView(id, { type: 'status', job: this.view(id) });
    this.listeners.delete(id);
    active.end();
  }

  private emit(id: string, type: JobEvent['type']): void {
    if (!this.active.has(id) || !this.gallery.find(id)) return;
    this.emitView(id, { type, job: this.view(id) });
  }

  private emitView(id: string, event: JobEvent): void {
    for (const listener of this.listeners.get(id) ?? []) listener(event);
  }
}

/** Whether a job view is final (no more events will follow). */
export function isFinal(job: JobView): boolean {
  return FINAL_STATUSES.has(job.status);
}
