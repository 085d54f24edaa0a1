/**
 * Who sent a request to a hosted API node: `Authorization: Bearer pk_…` (an API key), else the
 * `painterly_session` cookie (a signed-in browser). A browser sends cookies with requests other
 * sites make it send, so a cookie-authenticated request that changes something (POST, PUT, PATCH,
 * DELETE) must also carry `X-CSRF-Token` (which another site cannot read) and, when it has an
 * `Origin`, come from this node's own host. A key travels in a header no other site can set, so
 * keyed requests need neither.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import { authenticate, type Caller } from './accounts.js';
import { CSRF_HEADER, isCsrfTokenOf, SESSION_COOKIE, sessionCaller } from './sessions.js';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/** The Hono environment of authenticated routes: the caller, once checked. */
export type HostedEnv = { Variables: { caller: Caller } };

/**
 * The caller of request `c`; 401 without credentials, 403 for a cookie-authenticated change
 * without the CSRF header or from another site.
 *
 * @example
 * app.use('/api/*', async (c, next) => { c.set('caller', await authenticateRequest(c, database)); await next(); });
 */
export async function authenticateRequest(c: Context, database: pg.Pool): Promise<Caller> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) return authenticate(database, authorization);
  const token = getCookie(c, SESSION_COOKIE);
  if (token === undefined) throw new HttpError(401, 'UNAUTHORIZED', 'This API needs a key or a session: send `Authorization: Bearer pk_…` (POST /api/guests makes a guest account with a key), or sign in (POST /api/sessions) and send its cookie.');
  const caller = await sessionCaller(database, token);
  if (!SAFE_METHOD.test(c.req.method)) {
    checkOrigin(c);
    if (!isCsrfTokenOf(token, c.req.header(CSRF_HEADER))) {
      throw new HttpError(403, 'FORBIDDEN', `A request signed in by the session cookie that changes something needs the header ${CSRF_HEADER} with the session's CSRF token (from sign-in, POST /api/sessions, or GET /api/me). Send it, or use an API key (Authorization: Bearer pk_…) instead.`);
    }
  }
  return caller;
}

/** The session cookie of request `c`, if any (for sign-out and `GET /api/me`). */
export function sessionTokenOf(c: Context): string | undefined {
  return c.req.header('authorization') === undefined ? getCookie(c, SESSION_COOKIE) : undefined;
}

/**
 * 403 when request `c` has an `Origin` header naming another host than the one it was sent to
 * (`Host`): a page of another site made the browser send it. Requests without `Origin` (programs,
 * same-origin GETs) pass.
 */
export function checkOrigin(c: Context): void {
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  const host = c.req.header('host');
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (!host || originHost?.toLowerCase() !== host.toLowerCase()) {
    throw new HttpError(403, 'FORBIDDEN', `This request came from another site (Origin ${JSON.stringify(origin.slice(0, 200))}, but this node is ${JSON.stringify(host ?? '')}). A signed-in browser may only change things from this node's own pages; programs should send an API key instead of a cookie.`);
  }
}

/** Whether request `c` reached the deployment over HTTPS (directly, or through a proxy that says so in `X-Forwarded-Proto`). */
export function cameOverHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0].trim().toLowerCase() === 'https';
}
