/**
 * Limits on the account routes anyone may call, against password guessing and e-mail floods:
 * failed sign-ins per address and client IP and per IP, sign-ups and password-reset requests per
 * IP (and resets per address), verification e-mails per account. The counters live in Redis
 * (`rate-limiter-flexible`'s `RateLimiterRedis`, atomic per key), so every API node counts the same
 * attempts and a node restart forgets nothing. Over a limit, a request answers 429 with
 * `Retry-After` and a message saying when to try again.
 */
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { HttpError } from '../http-errors.js';

/** One limit: at most `points` counted events per `durationS` seconds (a fixed window from the first). */
export interface Limit {
  readonly points: number;
  readonly durationS: number;
}

/** The limits of every API node. Change them here only (docs/service.md links this constant). */
export const ABUSE_LIMITS = {
  /** Failed sign-ins (and wrong current passwords) per address from one IP; a success clears it. */
  signInFailuresPerAccountAndIp: { points: 5, durationS: 15 * 60 },
  /** Failed sign-ins per IP, whatever the address. */
  signInFailuresPerIp: { points: 100, durationS: 3600 },
  /** Sign-up requests per IP. */
  signUpsPerIp: { points: 20, durationS: 3600 },
  /** Password-reset requests per IP. */
  passwordResetsPerIp: { points: 10, durationS: 3600 },
  /** Password-reset requests per address (an address is not flooded with reset e-mails). */
  passwordResetsPerAddress: { points: 3, durationS: 3600 },
  /** Verification e-mails per account (sign-up's, a new job e-mail address's and resends). */
  verificationEmailsPerUser: { points: 3, durationS: 3600 },
} as const satisfies Record<string, Limit>;

type LimitName = keyof typeof ABUSE_LIMITS;

/** A request over a limit: 429, with `retryAfterS` for the Retry-After header. */
export class TooManyAttempts extends HttpError {
  constructor(
    readonly retryAfterS: number,
    what: string,
    instead = '',
  ) {
    const at = new Date(Date.now() + retryAfterS * 1000).toISOString().slice(11, 16);
    super(429, 'TOO_MANY_ATTEMPTS', `${what} Try again in ${duration(retryAfterS)} (after ${at} UTC; the Retry-After header has the seconds)${instead}.`);
  }
}

/** The limits, counted in one Redis. */
export interface AbuseLimits {
  /** 429 when `address` from `ip` (or `ip` alone) has failed to sign in too often. */
  checkSignIn(address: string, ip: string): Promise<void>;
  /** Counts a failed sign-in (or a wrong current password). */
  signInFailed(address: string, ip: string): Promise<void>;
  /** Clears the failures of `address` from `ip` after a sign-in that worked. */
  signInSucceeded(address: string, ip: string): Promise<void>;
  /** Counts a sign-up from `ip`; 429 over the limit. */
  signUp(ip: string): Promise<void>;
  /** Counts a password-reset request for `address` from `ip`; 429 over either limit. */
  passwordReset(address: string, ip: string): Promise<void>;
  /** Counts a verification e-mail to account `userId`; resolves false over the limit (the caller decides whether that is an error). */
  verificationEmail(userId: string): Promise<{ allowed: true } | { allowed: false; retryAfterS: number }>;
}

/**
 * The limits of `ABUSE_LIMITS`, counted in `redis` (the API node's own connection: ioredis, as BullMQ uses).
 *
 * @example
 * const limits = createAbuseLimits(connection);
 * await limits.checkSignIn('ada@example.com', '203.0.113.7'); // throws TooManyAttempts after 5 failures
 */
export function createAbuseLimits(redis: Redis): AbuseLimits {
  const limiters = Object.fromEntries(
    Object.entries(ABUSE_LIMITS).map(([name, limit]) => [name, new RateLimiterRedis({ storeClient: redis, keyPrefix: `painterly:limit:${name}`, points: limit.points, duration: limit.durationS })]),
  ) as Record<LimitName, RateLimiterRedis>;
  const accountKey = (address: string, ip: string): string => `${ip}|${address.toLowerCase()}`;
  const tooManySignIns = (retryAfterS: number): TooManyAttempts =>
    new TooManyAttempts(retryAfterS, 'Too many failed sign-ins for this address from your network.', ', or set a new password by e-mail (POST /api/password-resets)');
  return {
    async checkSignIn(address, ip) {
      const [perAccount, perIp] = await Promise.all([limiters.signInFailuresPerAccountAndIp.get(accountKey(address, ip)), limiters.signInFailuresPerIp.get(ip)]);
      const over = [
        [perAccount, ABUSE_LIMITS.signInFailuresPerAccountAndIp],
        [perIp, ABUSE_LIMITS.signInFailuresPerIp],
      ] as const;
      const waits = over.filter(([res, limit]) => res !== null && res.consumedPoints >= limit.points).map(([res]) => retryAfterOf(res!));
      if (waits.length > 0) throw tooManySignIns(Math.max(...waits));
    },
    async signInFailed(address, ip) {
      await Promise.all([counted(limiters.signInFailuresPerAccountAndIp.consume(accountKey(address, ip))), counted(limiters.signInFailuresPerIp.consume(ip))]);
    },
    async signInSucceeded(address, ip) {
      await limiters.signInFailuresPerAccountAndIp.delete(accountKey(address, ip));
    },
    async signUp(ip) {
      const over = await counted(limiters.signUpsPerIp.consume(ip));
      if (over) throw new TooManyAttempts(over, `Too many sign-ups from your network (at most ${ABUSE_LIMITS.signUpsPerIp.points} an hour).`);
    },
    async passwordReset(address, ip) {
      const over = Math.max(await counted(limiters.passwordResetsPerIp.consume(ip)), await counted(limiters.passwordResetsPerAddress.consume(address.toLowerCase())));
      if (over) throw new TooManyAttempts(over, 'Too many password-reset requests for this address or from your network; the e-mails sent already still work.');
    },
    async verificationEmail(userId) {
      const over = await counted(limiters.verificationEmailsPerUser.consume(userId));
      return over ? { allowed: false, retryAfterS: over } : { allowed: true };
    },
  };
}

/** Seconds until the window of `res` ends (at least 1). */
function retryAfterOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Resolves 0 when the point was counted within the limit, else the seconds to wait; Redis errors pass through (503). */
async function counted(consumed: Promise<RateLimiterRes>): Promise<number> {
  try {
    await consumed;
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return retryAfterOf(error);
    throw error;
  }
}

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}
