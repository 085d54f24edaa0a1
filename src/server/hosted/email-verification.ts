/**
 * Which e-mail addresses an account has proven to be its own: a verification e-mail carries a
 * single-use token (`account-tokens.ts`, 24 h), and using it records the address in
 * `verified_emails`. Sign-up sends one to the sign-in address, `PUT /api/me/email` to a new job
 * e-mail address; job e-mails go only to a verified address (`emailOf` in `email.ts`). An API node
 * without `--smtp` sends none: its accounts work, unverified.
 */
import type pg from 'pg';
import type { AccountMailer } from './account-mail.js';
import { createAccountToken, useAccountToken } from './account-tokens.js';
import type { AbuseLimits } from './abuse-limits.js';

/** What the verification e-mails need: the database, the node's mailer (none without `--smtp`) and the limits. */
export interface VerificationServices {
  readonly database: pg.Pool;
  readonly mailer?: AccountMailer;
  readonly limits: AbuseLimits;
}

/** What became of a verification e-mail. */
export type VerificationSent = 'sent' | 'verified already' | 'no smtp' | { readonly retryAfterS: number };

/** Where a new token comes from, for the messages of a bad one. */
export const NEW_VERIFICATION = 'ask for a new e-mail: POST /api/accounts/verify/resend (signed in)';

/**
 * Sends `address` a verification e-mail for account `userId`, unless it is verified already, the
 * node has no SMTP server, or the account had its verification e-mails for the hour.
 *
 * @example await sendVerification(services, userId, 'ada@example.com') // → 'sent'
 */
export async function sendVerification(services: VerificationServices, userId: string, address: string): Promise<VerificationSent> {
  if (await isVerified(services.database, userId, address)) return 'verified already';
  if (!services.mailer) return 'no smtp';
  const allowed = await services.limits.verificationEmail(userId);
  if (!allowed.allowed) return { retryAfterS: allowed.retryAfterS };
  const token = await createAccountToken(services.database, 'verify-email', userId, address);
  await services.mailer.sendVerification(address, token);
  return 'sent';
}

/**
 * Uses a verification token (`POST /api/accounts/verify { token }`): its address becomes verified.
 * 400 for an unknown token, 410 for a used or expired one.
 *
 * @example await verifyEmail(database, body.token) // → { userId: '…', address: 'ada@example.com' }
 */
export async function verifyEmail(database: pg.Pool, token: unknown): Promise<{ userId: string; address: string }> {
  const used = await useAccountToken(database, 'verify-email', token, NEW_VERIFICATION);
  await markVerified(database, used.userId, used.address);
  return used;
}

/** Records `address` as verified for `userId` (a password reset by e-mail proves it too). */
export async function markVerified(database: Pick<pg.Pool, 'query'>, userId: string, address: string): Promise<void> {
  await database.query('INSERT INTO verified_emails (user_id, address) VALUES ($1, lower($2)) ON CONFLICT DO NOTHING', [userId, address]);
}

/** Whether `userId` has verified `address`. */
export async function isVerified(database: pg.Pool, userId: string, address: string): Promise<boolean> {
  const { rows } = await database.query('SELECT 1 FROM verified_emails WHERE user_id = $1 AND address = lower($2)', [userId, address]);
  return rows.length > 0;
}
