/**
 * Options of the two hosted commands, validated once with zod (each default lives here): the three
 * shared services every node connects to, plus an API node's quota and a worker's lanes.
 */
import { z } from 'zod';
import { serverOptionsSchema } from '../server-options.js';

/** The sender of job e-mails, by default. */
export const DEFAULT_MAIL_FROM = 'Painterly <painterly@localhost>';

/**
 * Whether `text` can be a deployment's public address: an absolute http(s) URL with no query,
 * fragment or credentials (the e-mailed links add their own fragment).
 *
 * @example isPublicUrl('https://painterly.example.com/studio/') // → true
 * @example isPublicUrl('https://painterly.example.com/?a=1') // → false
 */
export function isPublicUrl(text: string): boolean {
  if (/[\s?#]/.test(text) || !URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
}

/**
 * The public address as links start with it: origin and path, without a trailing slash.
 *
 * @example publicUrlBase('https://Painterly.example.com/studio/') // → 'https://painterly.example.com/studio'
 */
export function publicUrlBase(text: string): string {
  const url = new URL(text);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Jobs a user may start per hour, by default. */
export const DEFAULT_JOBS_PER_HOUR = 100;

const redisUrl = z.string().regex(/^rediss?:\/\/\S+$/, 'a Redis URL such as redis://127.0.0.1:6379');
const databaseUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a PostgreSQL URL such as postgres://painterly@127.0.0.1:5432/painterly');
const storageUrl = z.string().regex(/^https?:\/\/\S+\/[^/\s]+\/?(\?\S*)?$/, 'an S3-compatible store as http(s)://ACCESS_KEY:SECRET@HOST:PORT/BUCKET');

/** The shared services, the same on every node. */
export const hostedConnectionSchema = z.object({ redis: redisUrl, database: databaseUrl, storage: storageUrl });

/**
 * `painterly serve --redis … --database … --storage …`: the studio server's options (port, host,
 * limits, default weights) plus the connections and the per-user quota.
 *
 * @example apiNodeOptionsSchema.parse({ redis: 'redis://127.0.0.1:6379', database: 'postgres://p@127.0.0.1/p', storage: 'http://k:s@127.0.0.1:9000/painterly', port: 0 })
 */
export const apiNodeOptionsSchema = serverOptionsSchema.extend({
  ...hostedConnectionSchema.shape,
  jobsPerHour: z.number().int().min(1).max(1_000_000).default(DEFAULT_JOBS_PER_HOUR),
  /** The account with this sign-in address is made an admin at start-up (and when it signs up). */
  adminEmail: z.email().max(254).optional(),
  /** Mark the session cookie `Secure` even on plain-HTTP requests (behind a TLS-terminating proxy that sends no `X-Forwarded-Proto`). */
  cookieSecure: z.boolean().default(false),
  /** SMTP server of the account e-mails (verification, password reset); none: accounts stay unverified and passwords cannot be reset by e-mail. */
  smtp: z.string().regex(/^smtps?:\/\/\S+$/, 'an SMTP server such as smtp://127.0.0.1:25 or smtps://USER:PASSWORD@mail.example.com:465').optional(),
  mailFrom: z.string().min(3).max(254).default(DEFAULT_MAIL_FROM),
  /** Count the abuse limits by the last `X-Forwarded-For` entry (set by a reverse proxy) instead of the connection's address. */
  trustProxy: z.boolean().default(false),
  /** Where people open the studio (`https://painterly.example.com`): the account e-mails link to `URL/#verify=TOKEN` and `URL/#reset=TOKEN`; none: they carry the token alone. */
  publicUrl: z
    .string()
    .max(2000)
    .refine(isPublicUrl, 'an http(s) URL without a query, fragment or password, such as https://painterly.example.com')
    .transform(publicUrlBase)
    .optional(),
});
export type ApiNodeOptions = z.output<typeof apiNodeOptionsSchema>;

/** `painterly worker --redis … --database … --storage …`: the connections and how many jobs of each lane run at once. */
export const workerNodeOptionsSchema = hostedConnectionSchema.extend({
  qualityJobs: z.number().int().min(1).max(64).default(1),
  fastJobs: z.number().int().min(1).max(64).default(2),
  threads: z.number().int().min(1).max(1024).optional(),
  smtp: z.string().regex(/^smtps?:\/\/\S+$/, 'an SMTP server such as smtp://127.0.0.1:25 or smtps://USER:PASSWORD@mail.example.com:465').optional(),
  mailFrom: z.string().min(3).max(254).default(DEFAULT_MAIL_FROM),
});
export type WorkerNodeOptionsParsed = z.output<typeof workerNodeOptionsSchema>;

/** Password lengths an account accepts (characters). At most 1024, so a request cannot make the hash work on megabytes. */
export const PASSWORD_LENGTH = { min: 10, max: 1024 } as const;

/**
 * The body of `POST /api/accounts` (sign-up) and `POST /api/sessions` (sign-in).
 *
 * @example credentialsSchema.parse({ email: 'ada@example.com', password: 'correct horse battery' })
 */
export const credentialsSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max),
});
export type Credentials = z.output<typeof credentialsSchema>;
