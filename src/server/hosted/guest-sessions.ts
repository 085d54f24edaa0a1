/**
 * A guest of the studio page, kept in the session cookie: `POST /api/sessions/guest` makes a guest
 * account (no key: a raw key in the page's storage would be readable by any script on it) and signs
 * the browser in to it like a password sign-in does (HttpOnly cookie, CSRF token in the answer).
 * The guest's paintings stay with the account; creating an account later (`POST /api/accounts`
 * with the cookie and its CSRF token) keeps them. Like sign-in, it refuses another site's `Origin`.
 *
 * POST /sessions/guest → 201 account + csrfToken, Set-Cookie painterly_session
 */
import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import { createGuestUser, type Caller } from './accounts.js';
import { cameOverHttps, checkOrigin, sessionTokenOf, type HostedEnv } from './request-auth.js';
import { createSession, CSRF_HEADER, endSession, isCsrfTokenOf, SESSION_COOKIE, SESSION_LIFETIME_S, sessionCaller } from './sessions.js';
import { accountOf } from './user-accounts.js';

/**
 * The route, to mount at `/api` before the catch-all authentication (it needs no credentials).
 *
 * @example
 * app.route('/api', createGuestSessionRoutes({ database, cookieSecure: false }));
 */
export function createGuestSessionRoutes(options: { readonly database: pg.Pool; readonly cookieSecure: boolean }): Hono<HostedEnv> {
  const { database } = options;
  const routes = new Hono<HostedEnv>();
  routes.post('/sessions/guest', async (c) => {
    checkOrigin(c);
    const previous = sessionTokenOf(c);
    if (previous !== undefined) await endSession(database, previous);
    const userId = await createGuestUser(database);
    const session = await createSession(database, userId);
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_LIFETIME_S, secure: options.cookieSecure || cameOverHttps(c) });
    return c.json({ ...(await accountOf(database, userId)), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }, 201);
  });
  return routes;
}

/**
 * The guest whose session cookie request `c` carries, for sign-up to upgrade in place (its CSRF
 * token required, 403 without); undefined without a cookie, for an ended or expired session, and for
 * a member's session (sign-up then makes a new account, as with no cookie).
 *
 * @example
 * const upgrade = c.req.header('authorization') !== undefined ? await authenticateRequest(c, database) : await sessionGuest(c, database);
 */
export async function sessionGuest(c: Context, database: pg.Pool): Promise<Caller | undefined> {
  const token = sessionTokenOf(c);
  if (token === undefined) return undefined;
  const caller = await sessionCaller(database, token).catch(() => undefined);
  if (!caller || (await accountOf(database, caller.userId)).kind !== 'guest') return undefined;
  if (!isCsrfTokenOf(token, c.req.header(CSRF_HEADER))) {
    throw new HttpError(403, 'FORBIDDEN', `Creating an account for the guest signed in by this session cookie needs the header ${CSRF_HEADER} with the session's CSRF token (from POST /api/sessions/guest or GET /api/me).`);
  }
  return caller;
}
