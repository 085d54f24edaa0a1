/**
 * The account routes of e-mail verification and password recovery (mounted by `account-routes.ts`).
 * Verifying and resetting need no credentials (the e-mail's token is the proof) but refuse another
 * site's `Origin`; the others are authenticated like every route (a cookie's change needs CSRF).
 *
 * POST /accounts/verify { token }                → 200 { verified: address }     410 once used or expired
 * POST /accounts/verify/resend                   → 202 { sent: [addresses] }     (signed in) 429 over the limit
 * POST /password-resets { email }                → 202 always (an e-mail only if the address has an account)
 * POST /password-resets/confirm { token, password } → 204: new password, every session ended
 * PUT  /me/password { currentPassword, newPassword } → 204: every other session ended
 * PUT  /me/email { email }                       → { email, verified, verificationSent }
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import type { AccountMailer } from './account-mail.js';
import { TooManyAttempts, type AbuseLimits } from './abuse-limits.js';
import { clientAddress } from './client-address.js';
import { setEmail } from './email.js';
import { isVerified, sendVerification, verifyEmail, type VerificationSent } from './email-verification.js';
import { jsonBody } from './json-body.js';
import { changePassword, confirmPasswordReset, readResetAddress, sendPasswordReset } from './password-reset.js';
import { checkOrigin, sessionTokenOf, type HostedEnv } from './request-auth.js';
import { accountOf } from './user-accounts.js';

/** What an API node's account safety needs: the limits (in Redis), its mailer (`--smtp`) and where client addresses come from (`--trust-proxy`). */
export interface RecoveryServices {
  readonly limits: AbuseLimits;
  readonly mailer?: AccountMailer;
  readonly trustProxy: boolean;
}

const NO_SMTP = 'This deployment sends no e-mails (its API nodes run without --smtp), so this cannot be done by e-mail. Ask its operator.';

/**
 * The routes, to mount at `/api` with the account routes; `authenticated` sets the caller.
 *
 * @example
 * routes.route('/', createRecoveryRoutes(database, recovery, authenticated, log));
 */
export function createRecoveryRoutes(database: pg.Pool, recovery: RecoveryServices, authenticated: MiddlewareHandler<HostedEnv>, log: (error: unknown) => void): Hono<HostedEnv> {
  const { limits, mailer } = recovery;
  const routes = new Hono<HostedEnv>();
  const verification = { database, mailer, limits };

  routes.post('/accounts/verify', async (c) => {
    checkOrigin(c);
    const body = (await jsonBody(c)) as { token?: unknown } | null;
    const { address } = await verifyEmail(database, body?.token);
    return c.json({ verified: address });
  });
  routes.post('/accounts/verify/resend', authenticated, async (c) => {
    if (!mailer) throw new HttpError(503, 'UNAVAILABLE', NO_SMTP);
    const account = await accountOf(database, c.get('caller').userId);
    const addresses = [...new Set([account.accountEmail, account.email].filter((address): address is string => address !== undefined).map((address) => address.toLowerCase()))];
    const sent: string[] = [];
    for (const address of addresses) {
      const outcome = await sendVerification(verification, account.userId, address);
      if (typeof outcome === 'object') throw withRetryAfter(c, new TooManyAttempts(outcome.retryAfterS, 'This account had its verification e-mails for the hour; the ones sent already still work.'));
      if (outcome === 'sent') sent.push(address);
    }
    if (addresses.length === 0) throw new HttpError(409, 'CONFLICT', 'This account has no e-mail address to verify. Sign up (POST /api/accounts), or give one for job e-mails (PUT /api/me/email).');
    if (sent.length === 0) throw new HttpError(409, 'CONFLICT', `Every address of this account is verified already (${addresses.join(', ')}).`);
    return c.json({ sent }, 202);
  });

  routes.post('/password-resets', async (c) => {
    checkOrigin(c);
    const address = readResetAddress(await jsonBody(c));
    if (!mailer) throw new HttpError(503, 'UNAVAILABLE', NO_SMTP);
    await rateLimited(c, limits.passwordReset(address, clientAddress(c, recovery.trustProxy)));
    // Sent after the answer, so its timing does not tell whether the address has an account.
    void sendPasswordReset(database, mailer, address).catch(log);
    return c.json({ accepted: true, message: 'If an account signs in with this address, an e-mail with a reset token is on its way (it works for 1 hour, once).' }, 202);
  });
  routes.post('/password-resets/confirm', async (c) => {
    checkOrigin(c);
    await confirmPasswordReset(database, await jsonBody(c));
    return c.body(null, 204);
  });

  routes.put('/me/password', authenticated, async (c) => {
    const ip = clientAddress(c, recovery.trustProxy);
    const attempts = { check: (address: string) => rateLimited(c, limits.checkSignIn(address, ip)), failed: (address: string) => limits.signInFailed(address, ip) };
    await changePassword(database, c.get('caller'), await jsonBody(c), attempts, sessionTokenOf(c));
    return c.body(null, 204);
  });
  routes.put('/me/email', authenticated, async (c) => {
    const userId = c.get('caller').userId;
    const body = (await jsonBody(c)) as { email?: unknown } | null;
    const { email } = await setEmail(database, userId, body?.email ?? null);
    if (email === null) return c.json({ email });
    // The address is set either way; a verification e-mail that fails is logged (resend: POST /api/accounts/verify/resend).
    const sent: VerificationSent | 'failed' = await sendVerification(verification, userId, email).catch((error: unknown) => {
      log(error);
      return 'failed' as const;
    });
    return c.json({ email, verified: sent === 'verified already' || (await isVerified(database, userId, email)), verificationSent: sent === 'sent' });
  });
  return routes;
}

/**
 * Awaits `check`; a `TooManyAttempts` it throws gets its Retry-After header on `c` first.
 *
 * @example await rateLimited(c, limits.signUp(ip));
 */
export async function rateLimited(c: Context, check: Promise<void>): Promise<void> {
  try {
    await check;
  } catch (error) {
    throw error instanceof TooManyAttempts ? withRetryAfter(c, error) : error;
  }
}

function withRetryAfter(c: Context, error: TooManyAttempts): TooManyAttempts {
  c.header('Retry-After', String(error.retryAfterS));
  return error;
}
