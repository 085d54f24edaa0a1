/**
 * Cookie sessions of a hosted deployment's accounts. A session token is 32 random bytes
 * (base64url) sent in the `painterly_session` cookie; only its SHA-256 is stored, with an expiry,
 * so a database leak reveals no usable session. Its CSRF token is an HMAC of the session token
 * (keyed by it), so it is bound to that session, needs no storage, and any API node can check it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import type { Caller } from './accounts.js';

/** The cookie that carries the session token. */
export const SESSION_COOKIE = 'painterly_session';
/** How long a session lasts after sign-in. */
export const SESSION_LIFETIME_S = 30 * 24 * 3600;
/** The header a cookie-authenticated request that changes something must carry. */
export const CSRF_HEADER = 'X-CSRF-Token';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new session, as sign-in answers it. */
export interface NewSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * Starts a session of `userId` (and drops everyone's expired ones).
 *
 * @example
 * const { token, csrfToken } = await createSession(database, userId); // token → the cookie, csrfToken → the page
 */
export async function createSession(database: pg.Pool, userId: string): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const { rows } = await database.query<{ expires_at: Date }>(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`, [hashToken(token), userId, SESSION_LIFETIME_S]);
  await database.query('DELETE FROM sessions WHERE expires_at < now()');
  return { token, csrfToken: csrfTokenOf(token), expiresAt: rows[0].expires_at };
}

/** The caller of a session token; 401 naming the fix when it is malformed, unknown, ended or expired. */
export async function sessionCaller(database: pg.Pool, token: string): Promise<Caller> {
  const expired = new HttpError(401, 'UNAUTHORIZED', 'Your session has ended or expired. Sign in again (POST /api/sessions), or send an API key.');
  if (!TOKEN.test(token)) throw expired;
  const { rows } = await database.query<{ user_id: string; role: Caller['role'] }>('SELECT s.user_id, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > now()', [hashToken(token)]);
  if (!rows[0]) throw expired;
  return { userId: rows[0].user_id, role: rows[0].role, via: 'session' };
}

/** Ends the session of `token` (nothing when there is none). */
export async function endSession(database: pg.Pool, token: string): Promise<void> {
  await database.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)]);
}

/**
 * Ends every session of `userId` but the one of `keep` (all of them without it): after a password
 * change or reset, a browser signed in with the old password is signed out.
 *
 * @example await endSessionsOf(database, userId, currentToken) // the caller stays signed in, no one else
 */
export async function endSessionsOf(database: Pick<pg.Pool, 'query'>, userId: string, keep?: string): Promise<void> {
  await database.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [userId, keep === undefined ? null : hashToken(keep)]);
}

/**
 * The CSRF token of session `token`.
 *
 * @example csrfTokenOf(token) // → 'bH8…' (43 characters), the same for the whole session
 */
export function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('painterly csrf token').digest('base64url');
}

/** Whether `sent` is session `token`'s CSRF token (compared in constant time). */
export function isCsrfTokenOf(token: string, sent: string | undefined): boolean {
  if (sent === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(token));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
