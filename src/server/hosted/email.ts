/**
 * E-mail when a job ends, via SMTP (`nodemailer`): a worker started with `--smtp URL` queues one
 * e-mail per finished job of a user who gave an address and verified it (`email-verification.ts`),
 * on the `notify` queue (retried like webhooks), and sends it with the job's title, status and
 * where to get the result.
 */
import nodemailer from 'nodemailer';
import type pg from 'pg';
import { HttpError } from '../http-errors.js';
import type { EmailDelivery } from './queues.js';

/** An address as the API accepts it: one `local@domain`, at most 254 characters, no spaces or angle brackets. */
const EMAIL = /^[^\s@<>,;]{1,64}@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** Sets (or, with null, removes) the e-mail address of `userId`; 400 for anything but an address. */
export async function setEmail(database: pg.Pool, userId: string, email: unknown): Promise<{ email: string | null }> {
  if (email !== null && (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email))) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected an e-mail address (or null to stop e-mails) for email but received ${JSON.stringify(email)}.`, 'email');
  }
  await database.query('UPDATE users SET email = $2 WHERE id = $1', [userId, email]);
  return { email };
}

/** The owner's address, if they gave one and verified it (job e-mails go to verified addresses only). */
export async function emailOf(database: pg.Pool, userId: string): Promise<string | undefined> {
  const { rows } = await database.query<{ email: string | null }>('SELECT u.email FROM users u JOIN verified_emails v ON v.user_id = u.id AND v.address = lower(u.email) WHERE u.id = $1', [userId]);
  return rows[0]?.email ?? undefined;
}

/** Sends e-mails through one SMTP server. */
export interface Mailer {
  send(delivery: EmailDelivery): Promise<void>;
  close(): void;
}

/**
 * A mailer for `--smtp smtp(s)://[USER:PASSWORD@]HOST:PORT` sending as `from`.
 *
 * @example
 * const mailer = createMailer('smtp://127.0.0.1:2525', 'Painterly <painterly@example.com>');
 */
export function createMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send({ email, payload }) {
      const { jobId, status, result, error } = payload.data;
      const lines = [
        `Your Painterly job ${jobId} is ${status}.`,
        ...(result ? [`The result (${result.width}×${result.height} px) is at /api/jobs/${jobId}/result.`] : []),
        ...(error ? [`What went wrong: ${error.message}`] : []),
      ];
      await transport.sendMail({ from, to: email, subject: `Painterly: your job is ${status}`, text: `${lines.join('\n')}\n` });
    },
    close() {
      transport.close();
    },
  };
}
