/**
 * Request guards of the studio server:
 * - only requests whose `Host` is exactly one of the studio's names (`allowedHostNames`: the
 *   loopback names on a loopback bind, this machine's names on another bind, plus `allowHosts`)
 *   with the studio's port are served, so a web page elsewhere cannot reach the studio through
 *   DNS rebinding — whatever the name starts with;
 * - an `Origin`, when sent, must pass the same check, and for a state-changing request must be the
 *   `Host` itself (no cross-site requests against the studio);
 * - every response says `nosniff`, no framing, no referrer; the page gets a strict CSP.
 */
import type { MiddlewareHandler } from 'hono';
import { hostMatches, originHost } from './host-names.js';
import { HttpError } from './http-errors.js';

export { isLoopback } from './host-names.js';

/** The page's Content-Security-Policy: only its own scripts, styles, images and API. */
export const STUDIO_CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Who a studio answers: its host names (as sent in `Host`) and its port, known once it listens. */
export interface HostAllowList {
  readonly names: readonly string[];
  readonly port: () => number;
}

/**
 * The guards, for a studio answering `allowList`.
 *
 * @example
 * app.use('*', requestGuards({ names: allowedHostNames('127.0.0.1'), port: () => 8787 }));
 */
export function requestGuards(allowList: HostAllowList): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    const port = allowList.port();
    if (!hostMatches(host, allowList.names, port)) {
      throw new HttpError(
        403,
        'BAD_REQUEST',
        `This studio only answers on ${shownNames(allowList.names)} (port ${port}); the request was addressed to ${JSON.stringify(shorten(host))}. Open the address \`painterly serve\` printed, or restart it with --allow-host NAME to allow another name.`,
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      const fromHost = originHost(origin);
      const sameOrigin = fromHost !== undefined && fromHost.toLowerCase() === host.trim().toLowerCase();
      const ours = fromHost !== undefined && hostMatches(fromHost, allowList.names, port);
      if (!ours || (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && !sameOrigin)) {
        throw new HttpError(403, 'BAD_REQUEST', `Cross-origin requests are not accepted (Origin ${JSON.stringify(shorten(origin))}). Use the studio page itself.`);
      }
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
  };
}

/** `a, b and c`. */
function shownNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function shorten(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
