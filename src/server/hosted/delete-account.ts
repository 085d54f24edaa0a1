/**
 * "Delete my data": everything a user has, gone. Their waiting and running jobs are stopped, every
 * object of theirs (uploads, results, previews, checkpoints) is deleted from storage, then the user
 * row, whose deletion cascades to keys, uploads, jobs, gallery items, share links and webhooks. A
 * worker still finishing one of their jobs finds no row and deletes what it stored (`worker-node.ts`).
 */
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { checkpointKey, previewKey, resultKey, uploadKey } from './object-keys.js';
import type { PaintingQueueData } from './queues.js';
import type { ObjectStorage } from './storage.js';

/** What was deleted, for the answer. */
export interface DeletedCounts {
  readonly jobs: number;
  readonly uploads: number;
  readonly objects: number;
}

/** Deletes user `userId` and all their data. */
export async function deleteAccount(database: pg.Pool, storage: ObjectStorage, queues: readonly Queue<PaintingQueueData>[], userId: string): Promise<DeletedCounts> {
  await database.query(`UPDATE jobs SET cancel_requested = true WHERE user_id = $1 AND status IN ('queued', 'running')`, [userId]);
  const jobs = (await database.query<{ id: string; status: string }>('SELECT id, status FROM jobs WHERE user_id = $1', [userId])).rows;
  for (const job of jobs.filter((item) => item.status === 'queued')) for (const queue of queues) await queue.remove(job.id).catch(() => 0);
  const uploads = (await database.query<{ id: string }>('SELECT id FROM uploads WHERE user_id = $1', [userId])).rows;
  const keys = [...uploads.map((upload) => uploadKey(upload.id)), ...jobs.flatMap((job) => [resultKey(job.id), previewKey(job.id), checkpointKey(job.id)])];
  for (const key of keys) await storage.delete(key);
  await database.query('DELETE FROM users WHERE id = $1', [userId]);
  return { jobs: jobs.length, uploads: uploads.length, objects: keys.length };
}
