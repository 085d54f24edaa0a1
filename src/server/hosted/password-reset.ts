/**
 * Setting a new password: by e-mail when it is forgotten (a single-use reset token, 1 h), or while
 * signed in with the current one. Either way every other session of the account ends, so a browser
 * signed in with the old password (perhaps someone else's) is signed out, and the reset e-mails
 * still unused stop working. API keys stay valid (revoke them with `DELETE /api/keys/:id`).
 */
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import type { AccountMailer } from './account-mail.js';
import { createAccountToken, endAccountTokens, useAccountToken } from './account-tokens.js';
import type { Caller } from './accounts.js';
import { markVerified } from './email-verification.js';
import { credentialsSchema } from './hosted-options.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { endSessionsOf } from './sessions.js';
import { memberByAddress, readNewPassword } from './user-accounts.js';

/** Where a new reset token comes from, for the messages of a bad one. */
const NEW_RESET = 'ask for a new e-mail: POST /api/password-resets { email }';

/**
 * The address of a reset request (`POST /api/password-resets { email }`); 400 for anything but an address.
 *
 * @example readResetAddress({ email: 'ada@example.com' }) // → 'ada@example.com'
 */
export function readResetAddress(body: unknown): string {
  const { email } = (body ?? {}) as { email?: unknown };
  const parsed = credentialsSchema.shape.email.safeParse(email);
  if (!parsed.success) throw new HttpError(400, 'INVALID_OPTION', `Expected the e-mail address of the account for email but received ${JSON.stringify(typeof email === 'string' ? email.slice(0, 80) : (email ?? null))}.`, 'email');
  return parsed.data;
}

/**
 * Sends a reset e-mail to `address` when a member signs in with it; nothing otherwise (the caller
 * answers the same either way, so the request tells no one which addresses have accounts).
 *
 * @example await sendPasswordReset(database, mailer, 'ada@example.com') // → true: an e-mail went out
 */
export async function sendPasswordReset(database: pg.Pool, mailer: AccountMailer, address: string): Promise<boolean> {
  const member = await memberByAddress(database, address);
  if (!member) return false;
  const token = await createAccountToken(database, 'reset-password', member.userId, member.accountEmail);
  await mailer.sendPasswordReset(member.accountEmail, token);
  return true;
}

/**
 * Uses a reset token (`POST /api/password-resets/confirm { token, password }`): the account gets the
 * new password (sign-up's rules), all its sessions end, its other reset tokens too, and the address
 * counts as verified (the e-mail reached it). 400 for a bad password (the token stays usable) or an
 * unknown token, 410 for a used or expired one.
 *
 * @example await confirmPasswordReset(database, { token, password: 'a new long password' }) // → { userId }
 */
export async function confirmPasswordReset(database: pg.Pool, body: unknown): Promise<{ userId: string; accountEmail: string }> {
  const { token, password } = (body ?? {}) as { token?: unknown; password?: unknown };
  const passwordHash = await hashPassword(readNewPassword(password, 'password'));
  const client = await database.connect();
  try {
    await client.query('BEGIN');
    const used = await useAccountToken(client, 'reset-password', token, NEW_RESET);
    const { rowCount } = await client.query(`UPDATE users SET password_hash = $2 WHERE id = $1 AND lower(account_email) = $3`, [used.userId, passwordHash, used.address]);
    if (!rowCount) throw new HttpError(410, 'TOKEN_EXPIRED', `This password reset token was sent to an address the account no longer signs in with. To reset the password, ${NEW_RESET}.`, 'token');
    await endSessionsOf(client, used.userId);
    await endAccountTokens(client, 'reset-password', used.userId);
    await markVerified(client, used.userId, used.address);
    await client.query('COMMIT');
    return { userId: used.userId, accountEmail: used.address };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** What `changePassword` checks the current password with: the sign-in limits of the account's address. */
export interface PasswordAttempts {
  check(address: string): Promise<void>;
  failed(address: string): Promise<void>;
}

/**
 * Changes the caller's password (`PUT /api/me/password { currentPassword, newPassword }`): the
 * current one must match (a wrong one counts as a failed sign-in); every session but `keepSession`
 * (the caller's own cookie, if any) ends. 409 for a guest (no password to change).
 *
 * @example await changePassword(database, caller, body, attempts, sessionTokenOf(c))
 */
export async function changePassword(database: pg.Pool, caller: Caller, body: unknown, attempts: PasswordAttempts, keepSession: string | undefined): Promise<void> {
  const { currentPassword, newPassword } = (body ?? {}) as { currentPassword?: unknown; newPassword?: unknown };
  const { rows } = await database.query<{ account_email: string | null; password_hash: string | null }>('SELECT account_email, password_hash FROM users WHERE id = $1', [caller.userId]);
  const account = rows[0];
  if (!account?.account_email || !account.password_hash) throw new HttpError(409, 'CONFLICT', 'This account has no password yet (a guest). Sign up with your key to set one: POST /api/accounts { email, password }.');
  if (typeof currentPassword !== 'string' || currentPassword.length > 1024) throw new HttpError(400, 'INVALID_OPTION', 'Expected your current password (a string) for currentPassword.', 'currentPassword');
  const passwordHash = await hashPassword(readNewPassword(newPassword, 'newPassword'));
  await attempts.check(account.account_email);
  if (!(await verifyPassword(currentPassword, account.password_hash))) {
    await attempts.failed(account.account_email);
    throw new HttpError(403, 'FORBIDDEN', 'The current password is wrong, so the password stays as it is. Check it, or set a new one by e-mail (POST /api/password-resets).', 'currentPassword');
  }
  await database.query('UPDATE users SET password_hash = $2 WHERE id = $1', [caller.userId, passwordHash]);
  await endSessionsOf(database, caller.userId, keepSession);
  await endAccountTokens(database, 'reset-password', caller.userId);
}
