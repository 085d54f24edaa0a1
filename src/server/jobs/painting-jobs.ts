/**
 * Paintings (fast and quality jobs) as gallery items, run by the one `JobManager`: each submitted job
 * becomes an item (`queued`) with its worker job kept next to it (`job.json`), so waiting jobs are
 * queued again after a restart, in their order, with the fast jobs that were running (they start
 * over), and an interrupted quality job resumes from the checkpoint in its folder (by itself when the
 * server starts again, or `resume`). Each run has its `RunClock`, the job's one elapsed time.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../node/atomic-write.js';
import type { JobEvent, JobView } from '../api-types.js';
import { JOB_FILE, type GalleryItem } from '../gallery/item.js';
import type { GalleryStore } from '../gallery/store.js';
import { HttpError } from '../http-errors.js';
import { newId } from '../ids.js';
import { checkResumable } from './resume-check.js';
import { paceKeyOf } from './job-work.js';
import { RunClock } from './run-clock.js';
import { outcomePatch } from './job-outcome.js';
import type { JobManager, JobRecord } from './job-manager.js';
import { jobView } from './job-view.js';
import type { WorkerJob } from './protocol.js';
import type { ResolvedJob } from './resolve-job.js';

/** The file name of a quality job's checkpoint in its folder. */
export const CHECKPOINT_FILE = 'result.png.checkpoint';

/**
 * The studio's paintings.
 *
 * @example
 * const paintings = new PaintingJobs(gallery, jobs);
 * await paintings.restore();
 * const view = await paintings.submit(await resolveJob(body, resources));
 */
export class PaintingJobs {
  private readonly listeners = new Map<string, Set<(event: JobEvent) => void>>();
  /** The clock of every running painting. */
  private readonly clocks = new Map<string, RunClock>();
  private seq = 0;

  constructor(
    private readonly gallery: GalleryStore,
    private readonly jobs: JobManager,
  ) {
    this.seq = Math.max(0, ...gallery.list().map((item) => item.seq ?? 0));
  }

  /** Creates the job's gallery item, keeps its worker job and queues it. */
  async submit(job: ResolvedJob): Promise<JobView> {
    const id = newId();
    const now = new Date().toISOString();
    const { settings, title, sources } = job;
    await this.gallery.create({ id, mode: settings.mode, status: 'queued', createdAt: now, updatedAt: now, settings, title, sources, seq: ++this.seq });
    const folder = this.gallery.folder(id);
    const workerJob = job.workerJob({ outputPath: this.gallery.resultPath(id), checkpointPath: join(folder, CHECKPOINT_FILE) });
    await writeFileAtomic(join(folder, JOB_FILE), Buffer.from(JSON.stringify(workerJob)));
    this.run(id, workerJob, job.segments);
    return this.view(id);
  }

  /** Queues again, in submission order, the jobs that waited when the server stopped (fast jobs it stopped among them) and the quality jobs it interrupted. */
  async restore(): Promise<void> {
    const items = this.gallery.list().sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.createdAt.localeCompare(b.createdAt));
    for (const item of items) {
      if (item.status === 'queued') await this.requeue(item, false);
      else if (item.status === 'interrupted' && item.resumeOnStart) await this.requeue(item, true);
    }
  }

  /**
   * The time job `job` should take, from the pace of the latest finished job of its kind (or a
   * measured default): the same number its card starts from once submitted (`JobManager.estimateMs`).
   */
  estimate(job: ResolvedJob): number {
    return this.jobs.estimateMs(job.segments, paceKeyOf(job.workerJob({ outputPath: '', checkpointPath: '' })));
  }

  /** Continues interrupted quality job `id` from its checkpoint. 400 (CHECKPOINT_MISSING, CHECKPOINT_INVALID) when it cannot. */
  async resume(id: string): Promise<JobView> {
    const item = this.gallery.get(id);
    if (item.mode !== 'quality' || (item.status !== 'interrupted' && item.status !== 'failed')) {
      throw new HttpError(409, 'CONFLICT', `Only an interrupted quality job can be resumed; this one is a ${item.mode} job and ${item.status}. Reopen it to run it again.`);
    }
    const job = await checkResumable(join(this.gallery.folder(id), JOB_FILE), join(this.gallery.folder(id), CHECKPOINT_FILE));
    await this.gallery.update(id, { status: 'queued', error: undefined, resumeOnStart: undefined });
    this.run(id, job);
    return this.view(id);
  }

  /** The view of job or gallery item `id` (404 when there is none). */
  view(id: string): JobView {
    const item = this.gallery.get(id);
    const live = this.jobs.live(id);
    const resumable = item.status === 'interrupted' && item.mode === 'quality' && existsSync(join(this.gallery.folder(id), CHECKPOINT_FILE));
    if (!live) return jobView(item, undefined, resumable);
    const { active, queuePosition } = live;
    return jobView(item, { stage: active.stage, queuePosition, progress: active.progress, etaMs: active.plannedMs, previewIteration: active.preview?.iteration, elapsedMs: this.clocks.get(id)?.elapsedMs() });
  }

  /** Every active painting, newest first (as before issue 14). */
  activeJobs(): JobView[] {
    return this.jobs.activeIds().filter((id) => this.gallery.find(id)).map((id) => this.view(id)).reverse();
  }

  /** The latest preview JPEG of active job `id`, if it has one. */
  preview(id: string): Uint8Array | undefined {
    return this.jobs.live(id)?.active.preview?.jpeg;
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

  /** Stops job `id` (with `keep`: stop and keep its latest image). 409 when it already ended. */
  async cancel(id: string, keep = false): Promise<JobView> {
    const item = this.gallery.get(id);
    if (!(await this.jobs.cancel(id, keep))) throw new HttpError(409, 'CONFLICT', `This job already ended (${item.status}); there is nothing to cancel.`);
    return this.view(id);
  }

  /** Cancels job `id` if it is active and waits until it stopped. */
  async stop(id: string): Promise<void> {
    if (await this.jobs.cancel(id)) await this.jobs.settled(id);
  }

  private async requeue(item: GalleryItem, resume: boolean): Promise<void> {
    const folder = this.gallery.folder(item.id);
    const job = await fs.readFile(join(folder, JOB_FILE), 'utf8').then((text) => JSON.parse(text) as WorkerJob, () => undefined);
    const checkpoint = existsSync(join(folder, CHECKPOINT_FILE));
    // A waiting quality job that already ran (resumed, then the server stopped) continues too.
    resume ||= job?.kind === 'quality' && checkpoint;
    if (!job || (resume && (!checkpoint || job.kind !== 'quality'))) {
      const message = resume ? 'The server stopped before this job finished, and it has no checkpoint to continue from. Reopen it to run it again.' : 'This job waited when the server stopped and cannot be queued again. Reopen it to run it again.';
      await this.gallery.update(item.id, { status: 'interrupted', error: { code: 'INTERRUPTED', message }, resumeOnStart: undefined });
      return;
    }
    let resumed: WorkerJob = job;
    if (resume) {
      const checked = await checkResumable(join(folder, JOB_FILE), join(folder, CHECKPOINT_FILE)).catch((error: unknown) => error as Error);
      if (checked instanceof Error) {
        await this.gallery.update(item.id, { status: 'interrupted', error: { code: 'INTERRUPTED', message: `The server stopped before this job finished, and it cannot continue: ${checked.message}` }, resumeOnStart: undefined });
        return;
      }
      resumed = checked;
    }
    // A run from the start does not count the time of the one it replaces.
    await this.gallery.update(item.id, { status: 'queued', error: undefined, resumeOnStart: undefined, ...(resume ? {} : { elapsedMs: undefined }) });
    this.run(item.id, resumed);
  }

  /** Queues job `id`; `segments`: its planned steps, when known (a new job), for its time estimate from the start. */
  private run(id: string, workerJob: WorkerJob, segments?: ResolvedJob['segments']): void {
    const item = this.gallery.get(id);
    const resumes = workerJob.kind === 'quality' && workerJob.options.resume === true;
    this.jobs.enqueue({ id, lane: item.mode, workerJob, record: this.record(id, resumes), paceKey: paceKeyOf(workerJob), ...(segments ? { segments } : {}) });
  }

  /** How job `id` is recorded in the gallery and streamed; `resumes`: its run continues the earlier ones (and their time). */
  private record(id: string, resumes: boolean): JobRecord {
    const gallery = this.gallery;
    const mode = gallery.get(id).mode;
    const clocks = this.clocks;
    return {
      onStart: async () => {
        clocks.set(id, new RunClock(resumes ? (gallery.get(id).elapsedMs ?? 0) : 0));
        await gallery.update(id, { status: 'running', startedAt: new Date().toISOString() });
      },
      onLoad: async (message) => void (await gallery.update(id, { weights: { name: message.weights, pretrained: message.pretrained } })),
      // A quality job resumes after a crash with the time it had run, as last written.
      onStep: () => {
        const clock = clocks.get(id);
        if (mode === 'quality' && clock?.writeDue() && gallery.find(id)) void gallery.update(id, { elapsedMs: clock.elapsedMs() }).catch(() => undefined);
      },
      onEnd: async (final, shuttingDown) => {
        const elapsedMs = clocks.get(id)?.elapsedMs();
        clocks.delete(id);
        if (gallery.find(id)) await gallery.update(id, outcomePatch(final, shuttingDown, mode, elapsedMs));
        if (final.type === 'cancelled' && !shuttingDown) await fs.rm(join(gallery.folder(id), CHECKPOINT_FILE), { force: true }).catch(() => undefined);
      },
      emit: (type) => {
        if (!gallery.find(id)) return;
        const event: JobEvent = { type, job: this.view(id) };
        for (const listener of this.listeners.get(id) ?? []) listener(event);
      },
      onClosed: () => void this.listeners.delete(id),
    };
  }
}
