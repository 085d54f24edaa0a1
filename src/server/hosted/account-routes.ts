/**
 * The account routes of a hosted API node: sign-up, sign-in (the session cookie), sign-out and
 * `GET /api/me`. Sign-up and sign-in need no credentials but refuse another site's `Origin` (so no
 * page elsewhere can sign a browser in to an account of its choosing); sign-out and `/api/me` are
 * authenticated like every other route.
 *
 * POST   /accounts { email, password }  → 201 account               (with a guest's key or guest session: that guest upgrades)
 * POST   /sessions { email, password }  → account + csrfToken, Set-Cookie painterly_session
 * DELETE /sessions/current              → 204                       the cookie's session ends
 * GET    /me                            → account (+ csrfToken when signed in by cookie)
 * … and the routes of verification and recovery (`recovery-routes.ts`).
 *
 * Sign-up (per IP) and failed sign-ins (per address and IP, and per IP) are limited (`abuse-limits.ts`):
 * over a limit they answer 429 with Retry-After. With `--smtp`, sign-up sends a verification e-mail.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import { sessionGuest } from './guest-sessions.js';
import { jsonBody } from './json-body.js';
import { authenticateRequest, cameOverHttps, checkOrigin, sessionTokenOf, type HostedEnv } from './request-auth.js';
import { createSession, csrfTokenOf, endSession, SESSION_COOKIE, SESSION_LIFETIME_S } from './sessions.js';
import { accountOf, dummyPasswordHash, signIn, signUp } from './user-accounts.js';
import { clientAddress } from './client-address.js';
import { sendVerification } from './email-verification.js';
import { createRecoveryRoutes, rateLimited, type RecoveryServices } from './recovery-routes.js';

/** What the account routes need. */
export interface AccountRouteOptions {
  readonly database: pg.Pool;
  /** `--admin-email`: the account signed up with it is an admin. */
  readonly adminEmail?: string;
  /** `--cookie-secure`: the session cookie is `Secure` on every request, not only on HTTPS ones. */
  readonly cookieSecure: boolean;
  /** The abuse limits, the node's mailer and where client addresses come from. */
  readonly recovery: RecoveryServices;
  readonly log: (error: unknown) => void;
}

/**
 * The routes, to mount at `/api` before the catch-all authentication; `authenticated` sets the caller.
 *
 * @example
 * app.route('/api', createAccountRoutes(services, authenticated));
 */
export function createAccountRoutes(options: AccountRouteOptions, authenticated: MiddlewareHandler<HostedEnv>): Hono<HostedEnv> {
  const { database, recovery } = options;
  const { limits } = recovery;
  const routes = new Hono<HostedEnv>();
  // Made now, so the first unknown address costs what the others do.
  void dummyPasswordHash().catch(options.log);
  const secure = (c: Parameters<typeof cameOverHttps>[0]): boolean => options.cookieSecure || cameOverHttps(c);

  routes.post('/accounts', async (c) => {
    checkOrigin(c);
    const body = await jsonBody(c);
    // A guest's key or a guest's session (the studio page's guest, `guest-sessions.ts`) upgrades; a stale or member's cookie does not stand in the way of a new account.
    const upgrade = c.req.header('authorization') !== undefined ? await authenticateRequest(c, database) : await sessionGuest(c, database);
    await rateLimited(c, limits.signUp(clientAddress(c, recovery.trustProxy)));
    const account = await signUp(database, body, { adminEmail: options.adminEmail, upgrade });
    // Sent after the answer: a slow or failing SMTP server does not hold up (or undo) the sign-up.
    if (account.accountEmail) void sendVerification({ database, mailer: recovery.mailer, limits }, account.userId, account.accountEmail).catch(options.log);
    return c.json(account, 201);
  });
  routes.post('/sessions', async (c) => {
    checkOrigin(c);
    const body = await jsonBody(c);
    const ip = clientAddress(c, recovery.trustProxy);
    const address = typeof (body as { email?: unknown } | null)?.email === 'string' ? String((body as { email: string }).email).slice(0, 254) : '';
    await rateLimited(c, limits.checkSignIn(address, ip));
    const account = await signIn(database, body).catch(async (error: unknown) => {
      if (error instanceof HttpError && error.status === 401) await limits.signInFailed(address, ip);
      throw error;
    });
    await limits.signInSucceeded(address, ip);
    const previous = sessionTokenOf(c);
    if (previous !== undefined) await endSession(database, previous);
    const session = await createSession(database, account.userId);
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_LIFETIME_S, secure: secure(c) });
    return c.json({ ...account, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() });
  });
  routes.delete('/sessions/current', authenticated, async (c) => {
    const token = sessionTokenOf(c);
    if (token === undefined) throw new HttpError(400, 'BAD_REQUEST', 'Sign-out ends the session of the cookie, and this request has none (it used an API key). To stop using a key, revoke it: DELETE /api/keys/:id.');
    await endSession(database, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
    return c.body(null, 204);
  });
  routes.get('/me', authenticated, async (c) => {
    const token = sessionTokenOf(c);
    return c.json({ ...(await accountOf(database, c.get('caller').userId)), ...(token === undefined ? {} : { csrfToken: csrfTokenOf(token) }) });
  });
  routes.route('/', createRecoveryRoutes(database, recovery, authenticated, options.log));
  return routes;
}
