/**
 * Paintings of a hosted deployment, as the API node handles them: validated once at the edge with the
 * studio's own `resolveJob` (same schemas, same messages), held to the caller's quota, written to the
 * `jobs` table and queued on BullMQ. Every read and change is by (id, owner): another user's id is a 404.
 */
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { HttpError, notFound } from '../http-errors.js';
import { isId, newId } from '../ids.js';
import { resolveJob } from '../jobs/resolve-job.js';
import type { SampleLibrary } from '../samples.js';
import type { ServerOptions } from '../server-options.js';
import type { Caller } from './accounts.js';
import { HostedUploads, type HostedUploadLimits } from './hosted-uploads.js';
import { checkHourlyQuota, QuotaExceeded } from './quota.js';
import { PAINTING_JOB_OPTIONS, type PaintingQueueData } from './queues.js';
import { createShareLink, revokeShareLink, sharedJobId, type SharedJobView, type ShareLinkView } from './share-links.js';
import { checkpointKey, previewKey, resultKey } from './object-keys.js';
import type { ObjectStorage } from './storage.js';
import { studioFieldsOf } from './studio-view.js';
import type { HostedJobView, JobRow } from './types.js';

/** The quota's 429, where the API node's error handler has always found it. */
export { QuotaExceeded };

/** What the API node's jobs need. */
export interface HostedJobsDeps {
  readonly database: pg.Pool;
  readonly storage: ObjectStorage;
  readonly queues: { readonly quality: Queue<PaintingQueueData>; readonly fast: Queue<PaintingQueueData> };
  readonly options: ServerOptions;
  readonly samples: SampleLibrary;
  readonly uploadLimits: HostedUploadLimits;
  /** Jobs a user may submit per hour (a user's own `jobs_per_hour` overrides it). */
  readonly jobsPerHour: number;
}

/**
 * The API node's paintings.
 *
 * @example
 * const view = await jobs.submit(caller, { mode: 'fast', content: uploadId, preset: 'udnie', size: 64 });
 */
export class HostedJobs {
  constructor(private readonly deps: HostedJobsDeps) {}

  /** The caller's uploads. */
  uploads(caller: Caller): HostedUploads {
    return new HostedUploads(this.deps.database, this.deps.storage, caller.userId, this.deps.uploadLimits);
  }

  /** Validates, checks the quota (429 with Retry-After), stores and queues job `body` of `caller`. */
  async submit(caller: Caller, body: unknown): Promise<HostedJobView> {
    const { database, queues, options, samples } = this.deps;
    const resolved = await resolveJob(body, { uploads: this.uploads(caller), samples, options });
    const workerJob = resolved.workerJob({ outputPath: 'result.png', checkpointPath: 'result.png.checkpoint' });
    const id = newId();
    const client = await database.connect();
    let activeBefore = 0;
    try {
      await client.query('BEGIN');
      // Paintings and visualize runs share the hour's quota (quota.ts).
      await checkHourlyQuota(client, caller.userId, this.deps.jobsPerHour);
      const active = await client.query<{ count: string }>(`SELECT count(*) FROM jobs WHERE user_id = $1 AND status IN ('queued', 'running')`, [caller.userId]);
      activeBefore = Number(active.rows[0].count);
      await client.query('INSERT INTO jobs (id, user_id, mode, lane, status, title, settings, worker_job, uploads) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        id,
        caller.userId,
        resolved.settings.mode,
        resolved.lane,
        'queued',
        resolved.title,
        JSON.stringify(resolved.settings),
        JSON.stringify(workerJob),
        JSON.stringify(uploadIdsOf(resolved.settings)),
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    // Fairness between users: a user's n-th waiting job waits behind every user's first.
    const queue = resolved.lane === 'quality' ? queues.quality : queues.fast;
    try {
      await queue.add('paint', { jobId: id }, { ...PAINTING_JOB_OPTIONS, jobId: id, priority: Math.min(1 + activeBefore, 2_000_000) });
    } catch (error) {
      // Not queued (Redis away): no job either, so nothing waits forever and the quota is not spent.
      await database.query('DELETE FROM jobs WHERE id = $1', [id]).catch(() => undefined);
      throw error;
    }
    return this.view(caller, id);
  }

  /** Job `id` of `caller`; 404 when the caller has no such job. */
  async view(caller: Caller, id: string): Promise<HostedJobView> {
    return viewOf(await this.row(caller, id));
  }

  /** The caller's jobs, newest first (at most 200). */
  async list(caller: Caller): Promise<HostedJobView[]> {
    const { rows } = await this.deps.database.query<JobRow>('SELECT * FROM jobs WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200', [caller.userId]);
    return rows.map(viewOf);
  }

  /** Stops job `id`: a waiting job leaves its queue at once, a running one stops at its worker's next step. 409 when it already ended. */
  async cancel(caller: Caller, id: string): Promise<HostedJobView> {
    const row = await this.row(caller, id);
    if (row.status !== 'queued' && row.status !== 'running') throw new HttpError(409, 'CONFLICT', `This job already ended (${row.status}); there is nothing to cancel.`);
    await this.deps.database.query('UPDATE jobs SET cancel_requested = true WHERE id = $1', [id]);
    const queue = row.lane === 'quality' ? this.deps.queues.quality : this.deps.queues.fast;
    // A waiting job is removed here; an active (locked) one refuses removal and its worker stops it.
    const removed = await queue.remove(id).catch(() => 0);
    if (removed) await this.deps.database.query(`UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status = 'queued'`, [id]);
    return this.view(caller, id);
  }

  /**
   * Deletes the caller's job `id` with its stored images (a gallery item's delete): an active job is
   * stopped first; a worker still finishing it finds no row and deletes what it stored.
   */
  async delete(caller: Caller, id: string): Promise<void> {
    const row = await this.row(caller, id);
    if (row.status === 'queued' || row.status === 'running') await this.cancel(caller, id);
    for (const key of [resultKey(id), previewKey(id), checkpointKey(id)]) await this.deps.storage.delete(key);
    await this.deps.database.query('DELETE FROM jobs WHERE id = $1 AND user_id = $2', [id, caller.userId]);
  }

  /** The stored result (PNG) or latest preview (JPEG) of the caller's job `id`; 404 when there is none. */
  async image(caller: Caller, id: string, which: 'result' | 'preview'): Promise<Uint8Array> {
    await this.row(caller, id);
    const bytes = await this.deps.storage.get(which === 'result' ? resultKey(id) : previewKey(id));
    if (!bytes) throw new HttpError(404, 'NOT_FOUND', which === 'result' ? 'This job has no result (yet): wait until its status is done.' : 'This job has no preview yet.');
    return bytes;
  }

  /** What share link `token` shows: the job's title, status and result. 404 for an unknown or revoked link. */
  async shared(token: string): Promise<SharedJobView> {
    const id = await sharedJobId(this.deps.database, token);
    const { rows } = await this.deps.database.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) throw new HttpError(404, 'NOT_FOUND', 'This share link does not exist or was revoked by its owner.');
    return { title: row.title, status: row.status, ...(row.result ? { result: { ...row.result, url: `/api/shared/${token}/result` } } : {}) };
  }

  /** The result PNG share link `token` opens. */
  async sharedResult(token: string): Promise<Uint8Array> {
    const id = await sharedJobId(this.deps.database, token);
    const bytes = await this.deps.storage.get(resultKey(id));
    if (!bytes) throw new HttpError(404, 'NOT_FOUND', 'This job has no result (yet).');
    return bytes;
  }

  /** A new share link of the caller's job `id`. */
  async share(caller: Caller, id: string): Promise<ShareLinkView> {
    await this.row(caller, id);
    return createShareLink(this.deps.database, caller.userId, id);
  }

  /** Revokes share link `linkId` of the caller's job `id`. */
  async unshare(caller: Caller, id: string, linkId: string): Promise<void> {
    await this.row(caller, id);
    await revokeShareLink(this.deps.database, caller.userId, id, linkId);
  }

  private async row(caller: Caller, id: string): Promise<JobRow> {
    if (!isId(id)) throw notFound('job', id);
    const { rows } = await this.deps.database.query<JobRow>('SELECT * FROM jobs WHERE id = $1 AND user_id = $2', [id, caller.userId]);
    if (!rows[0]) throw notFound('job', id);
    return rows[0];
  }
}



/** The upload ids a job reads: its content and its uploaded styles. */
function uploadIdsOf(settings: HostedJobView['settings']): string[] {
  if (settings.mode === 'fast') return [settings.content];
  return [settings.content, ...settings.styles.filter((style) => style.source === 'upload').map((style) => style.id)];
}

/** The owner's view of a row (with the studio page's fields, `studio-view.ts`). */
export function viewOf(row: JobRow): HostedJobView {
  return {
    ...studioFieldsOf(row),
    id: row.id,
    mode: row.mode,
    status: row.status,
    title: row.title,
    settings: row.settings,
    createdAt: row.created_at.toISOString(),
    ...(row.started_at ? { startedAt: row.started_at.toISOString() } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
    ...(row.worker ? { worker: row.worker } : {}),
    runs: row.runs,
    ...(row.checkpoint_iteration === null ? {} : { checkpointIteration: row.checkpoint_iteration }),
    ...(row.resumed_from_iteration === null ? {} : { resumedFromIteration: row.resumed_from_iteration }),
    ...(row.result ? { result: { ...row.result, url: `/api/jobs/${row.id}/result` } } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}
