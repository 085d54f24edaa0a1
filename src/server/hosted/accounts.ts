/**
 * Users and API keys of a hosted deployment. A key is `pk_` + 32 random bytes (base64url), shown once
 * when made; only its SHA-256 is stored (a key has 256 random bits, so a fast hash is enough: there
 * is nothing to guess, unlike a password), so a database leak reveals no usable key. A revoked key
 * answers 401 at once. Guests are users without sign-in: their key is their account.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import { isId, newId } from '../ids.js';

/** The caller of a request, once its key or session cookie is checked. */
export interface Caller {
  readonly userId: string;
  readonly role: 'user' | 'admin';
  /** How the request was authenticated: an API key (no CSRF possible) or the session cookie. */
  readonly via: 'key' | 'session';
  /** The key used, when `via` is 'key'. */
  readonly keyId?: string;
}

/** A key as its owner sees it (the secret only in the answer that made it). */
export interface ApiKeyView {
  readonly id: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
  readonly key?: string;
}

/** The stored form of a key. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** A new user (a guest) with its first key. */
export async function createGuest(database: pg.Pool): Promise<{ userId: string; key: ApiKeyView }> {
  const userId = await createGuestUser(database);
  return { userId, key: await createKey(database, userId) };
}

/** A new guest without a key (the studio page's guest lives in a session cookie instead); resolves with its id. */
export async function createGuestUser(database: pg.Pool): Promise<string> {
  const userId = newId();
  await database.query(`INSERT INTO users (id, kind) VALUES ($1, 'guest')`, [userId]);
  return userId;
}

/** A new key of `userId`; its secret is in the answer only. */
export async function createKey(database: pg.Pool, userId: string): Promise<ApiKeyView> {
  const id = newId();
  const key = `pk_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 10);
  const { rows } = await database.query<{ created_at: Date }>('INSERT INTO api_keys (id, user_id, key_hash, prefix) VALUES ($1, $2, $3, $4) RETURNING created_at', [id, userId, hashKey(key), prefix]);
  return { id, prefix, createdAt: rows[0].created_at.toISOString(), key };
}

/** The keys of `userId`, newest first (never their secrets). */
export async function listKeys(database: pg.Pool, userId: string): Promise<ApiKeyView[]> {
  const { rows } = await database.query<{ id: string; prefix: string; created_at: Date; revoked_at: Date | null }>('SELECT id, prefix, created_at, revoked_at FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC', [userId]);
  return rows.map((row) => ({ id: row.id, prefix: row.prefix, createdAt: row.created_at.toISOString(), ...(row.revoked_at ? { revokedAt: row.revoked_at.toISOString() } : {}) }));
}

/** Revokes key `keyId` of `userId`; 404 when the user has no such key. */
export async function revokeKey(database: pg.Pool, userId: string, keyId: string): Promise<void> {
  const shown = JSON.stringify(keyId.slice(0, 80));
  if (!isId(keyId)) throw new HttpError(404, 'NOT_FOUND', `No API key ${shown}.`);
  const { rowCount } = await database.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2', [keyId, userId]);
  if (!rowCount) throw new HttpError(404, 'NOT_FOUND', `No API key ${JSON.stringify(keyId)}.`);
}

/**
 * The caller of a request from its `Authorization: Bearer pk_…` header; 401 naming the fix when the
 * header is missing, malformed, unknown or revoked.
 */
export async function authenticate(database: pg.Pool, authorization: string | undefined): Promise<Caller> {
  const key = /^Bearer\s+(pk_[A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
  if (!key) throw unauthorized('This API needs a key: send `Authorization: Bearer pk_…` (POST /api/guests makes a guest account with a key).');
  const { rows } = await database.query<{ id: string; user_id: string; revoked_at: Date | null; role: 'user' | 'admin' }>(
    'SELECT k.id, k.user_id, k.revoked_at, u.role FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = $1',
    [hashKey(key)],
  );
  const row = rows[0];
  if (!row) throw unauthorized('This API key is not known. Check it, or make a new one.');
  if (row.revoked_at) throw unauthorized('This API key was revoked. Use another key of the account, or make a new one.');
  return { userId: row.user_id, role: row.role, via: 'key', keyId: row.id };
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'UNAUTHORIZED', message);
}
