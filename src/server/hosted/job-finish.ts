/**
 * The end of a hosted job on a worker: the result stored and the gallery item made (once, whichever
 * worker gets there), the row's final status set only while it is still active, the checkpoint
 * deleted, and the webhooks and e-mail queued. A job whose owner deleted their data meanwhile leaves
 * nothing behind.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FinalMessage } from '../jobs/protocol.js';
import { emailOf } from './email.js';
import { checkpointKey, checkpointUploadKey, previewKey, resultKey } from './object-keys.js';
import { NOTIFY_JOB_OPTIONS, type WebhookPayload } from './queues.js';
import { queueNotifications } from './webhooks.js';
import type { JobRow } from './types.js';
import type { RunContext } from './worker-context.js';

/** Stores the outcome: the result and gallery item (once, whichever worker gets here), the job's row, the webhooks. */
export async function finish(context: RunContext, row: JobRow, final: FinalMessage, dir?: string): Promise<void> {
  const { database, storage } = context;
  let status: 'done' | 'failed' | 'cancelled';
  let result: { width: number; height: number } | undefined;
  let error: { code: string; message: string } | undefined;
  if (final.type === 'done' && dir) {
    result = { width: final.width, height: final.height };
    await storage.put(resultKey(row.id), await readFile(join(dir, 'result.png')), 'image/png');
    await database.query(
      'INSERT INTO gallery_items (job_id, user_id, result_key, width, height) SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM jobs WHERE id = $1) ON CONFLICT (job_id) DO NOTHING',
      [row.id, row.user_id, resultKey(row.id), final.width, final.height],
    );
    status = 'done';
  } else if (final.type === 'failed') {
    status = 'failed';
    error = { code: final.code, message: final.message };
  } else {
    status = 'cancelled';
  }
  const { rowCount } = await database.query(
    `UPDATE jobs SET status = $2, result = $3, error = $4, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
    [row.id, status, result ? JSON.stringify(result) : null, error ? JSON.stringify(error) : null],
  );
  await storage.delete(checkpointKey(row.id)).catch(() => undefined);
  await storage.delete(checkpointUploadKey(row.id)).catch(() => undefined);
  if (!rowCount) {
    // The owner deleted their data meanwhile: delete what this run stored too.
    const { rows } = await database.query('SELECT 1 FROM jobs WHERE id = $1', [row.id]);
    if (rows.length === 0) for (const key of [resultKey(row.id), previewKey(row.id)]) await storage.delete(key).catch(() => undefined);
    return;
  }
  const payload: WebhookPayload = { type: `job.${status}`, timestamp: new Date().toISOString(), data: { jobId: row.id, status, ...(result ? { result } : {}), ...(error ? { error } : {}) } };
  await queueNotifications(database, context.notify, row.user_id, payload);
  const email = context.mailer ? await emailOf(database, row.user_id) : undefined;
  if (email) await context.notify.add('email', { email, payload }, { ...NOTIFY_JOB_OPTIONS, jobId: `mail_${row.id}` });
}
