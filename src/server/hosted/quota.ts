/**
 * The hourly quota of a hosted deployment: a user may start `jobs_per_hour` jobs (their own, or the
 * node's `--jobs-per-hour`) in any hour, paintings (`jobs`) and visualize runs (`visualizations`)
 * counted together. Checked inside the transaction that inserts the new job, with the user's row
 * locked, so two API nodes cannot both let the last job of the hour through.
 */
import type pg from 'pg';
import { HttpError } from '../http-errors.js';

/** The quota window: jobs per user per hour. */
export const QUOTA_WINDOW_MS = 3_600_000;

/** 429: the caller's quota is used up; `retryAfterS` is when the next job fits. */
export class QuotaExceeded extends HttpError {
  constructor(
    readonly limit: number,
    readonly retryAfterS: number,
  ) {
    super(429, 'QUOTA_EXCEEDED', `This account may start ${limit} jobs per hour and has used them. Try again in ${retryAfterS} s (the Retry-After header says when).`);
  }
}

/**
 * Locks user `userId`'s row and throws `QuotaExceeded` when their paintings and visualize runs of the
 * last hour reach their limit (`defaultLimit` unless the user has their own). Call it in a transaction
 * (`client` between BEGIN and COMMIT), before the insert it guards.
 *
 * @example
 * await client.query('BEGIN');
 * await checkHourlyQuota(client, caller.userId, 20);
 * await client.query('INSERT INTO jobs …');
 */
export async function checkHourlyQuota(client: pg.PoolClient, userId: string, defaultLimit: number): Promise<void> {
  const user = await client.query<{ jobs_per_hour: number | null }>('SELECT jobs_per_hour FROM users WHERE id = $1 FOR UPDATE', [userId]);
  const limit = user.rows[0]?.jobs_per_hour ?? defaultLimit;
  const recent = await client.query<{ created_at: Date }>(
    `SELECT created_at FROM jobs WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)
     UNION ALL
     SELECT created_at FROM visualizations WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)
     ORDER BY created_at`,
    [userId, QUOTA_WINDOW_MS / 1000],
  );
  if (recent.rows.length < limit) return;
  const oldest = recent.rows[recent.rows.length - limit].created_at.getTime();
  throw new QuotaExceeded(limit, Math.max(1, Math.ceil((oldest + QUOTA_WINDOW_MS - Date.now()) / 1000)));
}
