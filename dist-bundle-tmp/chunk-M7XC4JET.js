import {
  serverOptionsSchema
} from "./chunk-DCTALWFM.js";

// dist/src/server/hosted/hosted-options.js
import { z } from "zod";
var DEFAULT_MAIL_FROM = "Painterly <painterly@localhost>";
function isPublicUrl(text) {
  if (/[\s?#]/.test(text) || !URL.canParse(text))
    return false;
  const url = new URL(text);
  return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
}
function publicUrlBase(text) {
  const url = new URL(text);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
var DEFAULT_JOBS_PER_HOUR = 100;
var redisUrl = z.string().regex(/^rediss?:\/\/\S+$/, "a Redis URL such as redis://127.0.0.1:6379");
var databaseUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, "a PostgreSQL URL such as postgres://painterly@127.0.0.1:5432/painterly");
var storageUrl = z.string().regex(/^https?:\/\/\S+\/[^/\s]+\/?(\?\S*)?$/, "an S3-compatible store as http(s)://ACCESS_KEY:SECRET@HOST:PORT/BUCKET");
var hostedConnectionSchema = z.object({ redis: redisUrl, database: databaseUrl, storage: storageUrl });
var apiNodeOptionsSchema = serverOptionsSchema.extend({
  ...hostedConnectionSchema.shape,
  jobsPerHour: z.number().int().min(1).max(1e6).default(DEFAULT_JOBS_PER_HOUR),
  /** The account with this sign-in address is made an admin at start-up (and when it signs up). */
  adminEmail: z.email().max(254).optional(),
  /** Mark the session cookie `Secure` even on plain-HTTP requests (behind a TLS-terminating proxy that sends no `X-Forwarded-Proto`). */
  cookieSecure: z.boolean().default(false),
  /** SMTP server of the account e-mails (verification, password reset); none: accounts stay unverified and passwords cannot be reset by e-mail. */
  smtp: z.string().regex(/^smtps?:\/\/\S+$/, "an SMTP server such as smtp://127.0.0.1:25 or smtps://USER:PASSWORD@mail.example.com:465").optional(),
  mailFrom: z.string().min(3).max(254).default(DEFAULT_MAIL_FROM),
  /** Count the abuse limits by the last `X-Forwarded-For` entry (set by a reverse proxy) instead of the connection's address. */
  trustProxy: z.boolean().default(false),
  /** Where people open the studio (`https://painterly.example.com`): the account e-mails link to `URL/#verify=TOKEN` and `URL/#reset=TOKEN`; none: they carry the token alone. */
  publicUrl: z.string().max(2e3).refine(isPublicUrl, "an http(s) URL without a query, fragment or password, such as https://painterly.example.com").transform(publicUrlBase).optional()
});
var workerNodeOptionsSchema = hostedConnectionSchema.extend({
  qualityJobs: z.number().int().min(1).max(64).default(1),
  fastJobs: z.number().int().min(1).max(64).default(2),
  threads: z.number().int().min(1).max(1024).optional(),
  smtp: z.string().regex(/^smtps?:\/\/\S+$/, "an SMTP server such as smtp://127.0.0.1:25 or smtps://USER:PASSWORD@mail.example.com:465").optional(),
  mailFrom: z.string().min(3).max(254).default(DEFAULT_MAIL_FROM)
});
var PASSWORD_LENGTH = { min: 10, max: 1024 };
var credentialsSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max)
});

export {
  DEFAULT_MAIL_FROM,
  DEFAULT_JOBS_PER_HOUR,
  apiNodeOptionsSchema,
  workerNodeOptionsSchema,
  PASSWORD_LENGTH,
  credentialsSchema
};
