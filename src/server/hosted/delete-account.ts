/**
 * "Delete my data": everything a user has, gone. Their waiting and running jobs and visualize runs are
 * stopped, every object of theirs (uploads, results, previews, checkpoints, visualize grids and unit
 * data) is deleted from storage, then the user row, whose deletion cascades to keys, uploads, jobs,
 * visualize runs, gallery items, share links and webhooks. A
 * worker still finishing one of their jobs finds no row and deletes what it stored (`worker-node.ts`).
 */
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { checkpointKey, checkpointUploadKey, previewKey, resultKey, uploadKey, visualizationGridKey, visualizationUnitsKey } from './object-keys.js';
import type { PaintingQueueData, VisualizeQueueData } from './queues.js';
import type { ObjectStorage } from './storage.js';

/** What was deleted, for the answer. */
export interface DeletedCounts {
  readonly jobs: number;
  readonly uploads: number;
  readonly objects: number;
}

/** The queues a user's waiting work sits in: the paintings' (quality, fast) and the visualize runs'. */
export interface UserQueues {
  readonly paintings: readonly Queue<PaintingQueueData>[];
  readonly visualize: Queue<VisualizeQueueData>;
}

/** Deletes user `userId` and all their data. `jobs` in the answer counts paintings and visualize runs. */
export async function deleteAccount(database: pg.Pool, storage: ObjectStorage, queues: UserQueues, userId: string): Promise<DeletedCounts> {
  await database.query(`UPDATE jobs SET cancel_requested = true WHERE user_id = $1 AND status IN ('queued', 'running')`, [userId]);
  await database.query(`UPDATE visualizations SET cancel_requested = true WHERE user_id = $1 AND status IN ('queued', 'running')`, [userId]);
  const jobs = (await database.query<{ id: string; status: string }>('SELECT id, status FROM jobs WHERE user_id = $1', [userId])).rows;
  for (const job of jobs.filter((item) => item.status === 'queued')) for (const queue of queues.paintings) await queue.remove(job.id).catch(() => 0);
  const runs = (await database.query<{ id: string; status: string }>('SELECT id, status FROM visualizations WHERE user_id = $1', [userId])).rows;
  for (const run of runs.filter((item) => item.status === 'queued')) await queues.visualize.remove(run.id).catch(() => 0);
  const uploads = (await database.query<{ id: string }>('SELECT id FROM uploads WHERE user_id = $1', [userId])).rows;
  const keys = [
    ...uploads.map((upload) => uploadKey(upload.id)),
    ...jobs.flatMap((job) => [resultKey(job.id), previewKey(job.id), checkpointKey(job.id), checkpointUploadKey(job.id)]),
    ...runs.flatMap((run) => [visualizationGridKey(run.id), visualizationUnitsKey(run.id)]),
  ];
  for (const key of keys) await storage.delete(key);
  await database.query('DELETE FROM users WHERE id = $1', [userId]);
  return { jobs: jobs.length + runs.length, uploads: uploads.length, objects: keys.length };
}
