/**
 * Revokable share links of a hosted deployment: the owner of a job makes a link
 * (`/api/shared/<token>`) anyone may open without a key, to see the job's title and result. The token
 * is 32 random bytes; only its SHA-256 is stored. A revoked link, or one of a deleted job, is a 404.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { HttpError, notFound } from '../http-errors.js';
import { isId, newId } from '../ids.js';

/** A share link as its owner sees it (the token only in the answer that made it). */
export interface ShareLinkView {
  readonly id: string;
  readonly jobId: string;
  readonly createdAt: string;
  /** `/api/shared/<token>`: the job's title and result size; `…/result` the PNG. */
  readonly url?: string;
}

/** What a share link shows: no owner, no settings, no ids of uploads. */
export interface SharedJobView {
  readonly title: string;
  readonly status: string;
  readonly result?: { readonly width: number; readonly height: number; readonly url: string };
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Makes a link to job `jobId` of `userId` (the caller checked the ownership). */
export async function createShareLink(database: pg.Pool, userId: string, jobId: string): Promise<ShareLinkView> {
  const id = newId();
  const token = randomBytes(32).toString('base64url');
  const { rows } = await database.query<{ created_at: Date }>('INSERT INTO share_links (id, job_id, user_id, token_hash) VALUES ($1, $2, $3, $4) RETURNING created_at', [id, jobId, userId, hashToken(token)]);
  return { id, jobId, createdAt: rows[0].created_at.toISOString(), url: `/api/shared/${token}` };
}

/** Revokes link `id` of job `jobId` of `userId`; 404 when there is none. */
export async function revokeShareLink(database: pg.Pool, userId: string, jobId: string, id: string): Promise<void> {
  const { rowCount } = isId(id) ? await database.query('UPDATE share_links SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND job_id = $2 AND user_id = $3', [id, jobId, userId]) : { rowCount: 0 };
  if (!rowCount) throw new HttpError(404, 'NOT_FOUND', 'No such share link of this job.');
}

/** The job id a live link `token` opens; 404 for an unknown or revoked one. */
export async function sharedJobId(database: pg.Pool, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound('share link', token);
  const { rows } = await database.query<{ job_id: string }>('SELECT job_id FROM share_links WHERE token_hash = $1 AND revoked_at IS NULL', [hashToken(token)]);
  if (!rows[0]) throw new HttpError(404, 'NOT_FOUND', 'This share link does not exist or was revoked by its owner.');
  return rows[0].job_id;
}
