/**
 * Request guards of the studio server:
 * - on a loopback address, only requests whose `Host` is that loopback address are served (a web page
 *   elsewhere cannot reach the studio through DNS rebinding);
 * - a state-changing request from another origin (`Origin` ≠ `Host`) is refused (no cross-site
 *   requests against the studio);
 * - every response says `nosniff`, no framing, no referrer; the page gets a strict CSP.
 */
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-errors.js';

/** The page's Content-Security-Policy: only its own scripts, styles, images and API. */
export const STUDIO_CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Whether `host` (a bind address) is a loopback address.
 *
 * @example
 * isLoopback('127.0.0.1') // → true
 */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

/**
 * The guards, for a server bound to `bindHost`.
 *
 * @example
 * app.use('*', requestGuards('127.0.0.1'));
 */
export function requestGuards(bindHost: string): MiddlewareHandler {
  const loopback = isLoopback(bindHost);
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (loopback && !isLoopback(hostName(host))) {
      throw new HttpError(403, 'BAD_REQUEST', `This studio only answers on ${bindHost}; the request was addressed to ${JSON.stringify(host)}.`);
    }
    const origin = c.req.header('origin');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && origin !== undefined && originHost(origin) !== host) {
      throw new HttpError(403, 'BAD_REQUEST', 'Cross-origin requests are not accepted. Use the studio page itself.');
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
  };
}

/** The host name of a `Host` header value (`127.0.0.1:8787` → `127.0.0.1`, `[::1]:80` → `[::1]`). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0];
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
