/**
 * Signed webhooks (Standard Webhooks, via the `standardwebhooks` library): a user registers a URL and
 * gets a `whsec_…` secret; when one of their jobs ends, every worker that finishes it queues one
 * delivery per webhook on the `notify` queue, retried with back-off until the receiver answers 2xx.
 * Receivers verify `webhook-id`, `webhook-timestamp` and `webhook-signature` with the secret.
 */
import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { HttpError } from '../http-errors.js';
import { isId, newId } from '../ids.js';
import { NOTIFY_JOB_OPTIONS, type NotifyQueueData, type WebhookDelivery, type WebhookPayload } from './queues.js';

/** How long a receiver may take to answer one delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** A webhook as its owner sees it (the secret only when made). */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly createdAt: string;
  readonly secret?: string;
}

/** Registers `url` for `userId`; 400 unless it is an http(s) URL. */
export async function createWebhook(database: pg.Pool, userId: string, url: unknown): Promise<WebhookView> {
  const text = typeof url === 'string' ? url : '';
  if (!/^https?:\/\/[^\s]+$/.test(text) || !URL.canParse(text)) throw new HttpError(400, 'INVALID_OPTION', `Expected an http(s) URL for url but received ${JSON.stringify(url)}.`, 'url');
  const id = newId();
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const { rows } = await database.query<{ created_at: Date }>('INSERT INTO webhooks (id, user_id, url, secret) VALUES ($1, $2, $3, $4) RETURNING created_at', [id, userId, text, secret]);
  return { id, url: text, createdAt: rows[0].created_at.toISOString(), secret };
}

/** Removes webhook `id` of `userId`; 404 when there is none. */
export async function deleteWebhook(database: pg.Pool, userId: string, id: string): Promise<void> {
  const { rowCount } = isId(id) ? await database.query('DELETE FROM webhooks WHERE id = $1 AND user_id = $2', [id, userId]) : { rowCount: 0 };
  if (!rowCount) throw new HttpError(404, 'NOT_FOUND', `No webhook ${JSON.stringify(id.slice(0, 80))}.`);
}

/** Queues one delivery of `payload` per webhook of `userId` (a retried finish queues nothing twice: ids are per job and webhook). */
export async function queueNotifications(database: pg.Pool, notify: Queue<NotifyQueueData>, userId: string, payload: WebhookPayload): Promise<void> {
  const { rows } = await database.query<{ id: string }>('SELECT id FROM webhooks WHERE user_id = $1', [userId]);
  for (const { id } of rows) {
    const messageId = `msg_${payload.data.jobId}_${id}`;
    await notify.add(payload.type, { webhookId: id, messageId, payload }, { ...NOTIFY_JOB_OPTIONS, jobId: messageId });
  }
}

/** Delivers one notification: signed POST; throws (so the queue retries) unless the receiver answers 2xx. A deleted webhook is skipped. */
export async function deliver(database: pg.Pool, data: WebhookDelivery): Promise<void> {
  const { rows } = await database.query<{ url: string; secret: string }>('SELECT url, secret FROM webhooks WHERE id = $1', [data.webhookId]);
  const webhook = rows[0];
  if (!webhook) return;
  const body = JSON.stringify(data.payload);
  const timestamp = new Date();
  const signature = new Webhook(webhook.secret).sign(data.messageId, timestamp, body);
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'webhook-id': data.messageId, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature },
    body,
    signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the receiver answered ${response.status}`);
}
