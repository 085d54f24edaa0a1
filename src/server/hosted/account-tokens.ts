/**
 * Single-use tokens of a hosted deployment's accounts, sent by e-mail: one proves that an address
 * is its reader's (`verify-email`, 24 h), one lets its reader set a new password (`reset-password`,
 * 1 h). A token is 32 random bytes (base64url, 43 characters); only its SHA-256 is stored, with the
 * address it was sent to and its expiry, so a database leak reveals no usable token. Using a token
 * marks it used in the same statement that checks it, so two requests cannot both use it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';

/** What a token is for. */
export type TokenPurpose = 'verify-email' | 'reset-password';

/** How long a token of each purpose may be used after it is made. */
export const TOKEN_LIFETIME_S: Readonly<Record<TokenPurpose, number>> = { 'verify-email': 24 * 3600, 'reset-password': 3600 };

/** How long used and expired tokens are kept (so a second use is told "used", not "unknown"). */
const KEEP_USED_S = 7 * 24 * 3600;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** What a used token stood for. */
export interface UsedToken {
  readonly userId: string;
  /** The address the token was sent to (lower case). */
  readonly address: string;
}

/** A client that can run queries: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

/**
 * A new token for `purpose` of `userId`, sent to `address`; the secret is in the answer only.
 *
 * @example
 * const token = await createAccountToken(database, 'verify-email', userId, 'ada@example.com'); // → 'Q2x…' (43 characters)
 */
export async function createAccountToken(database: Queryable, purpose: TokenPurpose, userId: string, address: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await database.query('INSERT INTO account_tokens (token_hash, user_id, purpose, address, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))', [hashToken(token), userId, purpose, address.toLowerCase(), TOKEN_LIFETIME_S[purpose]]);
  await database.query('DELETE FROM account_tokens WHERE expires_at < now() - make_interval(secs => $1)', [KEEP_USED_S]);
  return token;
}

/**
 * Uses `token` for `purpose`: marks it used and answers whom it was for. 400 for a malformed or
 * unknown token, 410 for one used already or expired; each message names how to get a new one.
 * Inside a transaction (`database` a client after BEGIN), a rollback makes the token usable again.
 *
 * @example
 * const { userId, address } = await useAccountToken(database, 'verify-email', body.token, 'request a new one: POST /api/accounts/verify/resend');
 */
export async function useAccountToken(database: Queryable, purpose: TokenPurpose, token: unknown, newOne: string): Promise<UsedToken> {
  const what = purpose === 'verify-email' ? 'verification' : 'password reset';
  if (typeof token !== 'string' || !TOKEN.test(token)) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected the ${what} token from the e-mail (43 characters) for token but received ${JSON.stringify(typeof token === 'string' ? token.slice(0, 80) : (token ?? null))}. Copy it whole, or ${newOne}.`, 'token');
  }
  const hash = hashToken(token);
  const { rows } = await database.query<{ user_id: string; address: string }>(
    'UPDATE account_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING user_id, address',
    [hash, purpose],
  );
  if (rows[0]) return { userId: rows[0].user_id, address: rows[0].address };
  const { rows: known } = await database.query<{ used_at: Date | null }>('SELECT used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2', [hash, purpose]);
  if (!known[0]) throw new HttpError(400, 'INVALID_OPTION', `This ${what} token is not known (or its account was deleted). Check that it was copied whole, or ${newOne}.`, 'token');
  if (known[0].used_at) throw new HttpError(410, 'TOKEN_USED', `This ${what} token was used already; a token works once. To do it again, ${newOne}.`, 'token');
  throw new HttpError(410, 'TOKEN_EXPIRED', `This ${what} token has expired (it worked for ${TOKEN_LIFETIME_S[purpose] / 3600} h). ${capitalized(newOne)}.`, 'token');
}

/** Ends every unused token of `purpose` of `userId` (after a password is set, the other reset e-mails stop working). */
export async function endAccountTokens(database: Queryable, purpose: TokenPurpose, userId: string): Promise<void> {
  await database.query('UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL', [userId, purpose]);
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
