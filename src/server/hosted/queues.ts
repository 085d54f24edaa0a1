/**
 * The BullMQ queues of a hosted deployment (Redis 7): `quality` and `fast` paintings, `visualize` runs
 * ("What the network sees"), `notify` for webhook deliveries. Every worker uses the same `WORKER_LOCKS`: a worker whose lock settings differ
 * from the others delays the recovery of a stalled job (measured: past 20 s with one differing worker).
 */
import type { JobsOptions } from 'bullmq';
import { PainterlyError } from '../../engine/errors.js';
import { Redis } from 'ioredis';
import type { Lane } from '../jobs/queue.js';

/** The queue names, one per lane, and the notifications queue. */
export const QUEUE_NAMES = { quality: 'painterly-quality', fast: 'painterly-fast', visualize: 'painterly-visualize', notify: 'painterly-notify' } as const;

/**
 * Lock settings of every worker, on every machine. A worker holds a lock on its job and renews it
 * every `lockDuration / 2`; a machine that dies stops renewing, and within `lockDuration +
 * stalledInterval` (12 s) another worker's stalled-job check puts the job back in its queue, where the
 * next worker resumes it from its checkpoint. `maxStalledCount` such recoveries are allowed per job.
 * The lock is renewed by the worker node's event loop, not the job's process (which may be busy), so
 * an 8 s lock does not expire under a long optimization step.
 */
export const WORKER_LOCKS = { lockDuration: 8_000, stalledInterval: 4_000, maxStalledCount: 2 } as const;

/** Queue options of a painting: no automatic retries of failures (an engine error fails again); kept briefly for the metrics. */
export const PAINTING_JOB_OPTIONS: JobsOptions = { attempts: 1, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600 } };

/** Queue options of a visualize run: those of a painting (an engine error fails again; kept briefly for the metrics). */
export const VISUALIZE_JOB_OPTIONS: JobsOptions = PAINTING_JOB_OPTIONS;

/** A webhook delivery: retried with exponential back-off (1 s, 2 s, 4 s, …) when the receiver fails. */
export const NOTIFY_JOB_OPTIONS: JobsOptions = { attempts: 6, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };

/**
 * What a painting's queue entry carries: the job's id (its row in `jobs` has everything else). The
 * queue job id is the painting's id, so a job is queued at most once.
 */
export interface PaintingQueueData {
  readonly jobId: string;
}

/** A notification: a webhook delivery, or an e-mail (`email` set) to the job's owner. */
export type NotifyQueueData = WebhookDelivery | EmailDelivery;

/** What a visualize run's queue entry carries: its id (its row in `visualizations` has everything else; the queue job id is the same). */
export interface VisualizeQueueData {
  readonly visualizationId: string;
}

/** An e-mail about a finished job, to the address the owner gave (`PUT /api/me/email`). */
export interface EmailDelivery {
  readonly email: string;
  readonly payload: WebhookPayload;
}

/** A webhook delivery. */
export interface WebhookDelivery {
  readonly email?: undefined;
  readonly webhookId: string;
  /** The Standard Webhooks message id: the same on every retry, so receivers can drop duplicates. */
  readonly messageId: string;
  readonly payload: WebhookPayload;
}

/** The body of every webhook: `job.done`, `job.failed` or `job.cancelled`. */
export interface WebhookPayload {
  readonly type: 'job.done' | 'job.failed' | 'job.cancelled';
  readonly timestamp: string;
  readonly data: { readonly jobId: string; readonly status: string; readonly result?: { readonly width: number; readonly height: number }; readonly error?: { readonly code: string; readonly message: string } };
}

/** The queue of `lane`. */
export function queueNameOf(lane: Lane): string {
  return lane === 'quality' ? QUEUE_NAMES.quality : QUEUE_NAMES.fast;
}

/**
 * A Redis client (ioredis) for `--redis URL` (`redis://[:password@]host:port[/db]`), shared by a
 * node's queues and workers (BullMQ makes its own blocking connections from it). Workers need
 * `maxRetriesPerRequest: null` (they block on Redis); an API node's commands fail at once while Redis
 * is away. Either way a lost Redis is reconnected until it is back, without a restart.
 * Close it with `quit()` after the queues and workers that use it.
 *
 * @example
 * new Queue(QUEUE_NAMES.fast, { connection: redisConnection('redis://127.0.0.1:6379') })
 */
export function redisConnection(url: string, use: 'worker' | 'api' = 'worker'): Redis {
  // An API node fails fast while Redis is away (its requests answer 503 at once); a worker waits for it.
  const failFast = use === 'api' ? { maxRetriesPerRequest: 1, enableOfflineQueue: false } : { maxRetriesPerRequest: null };
  const client = new Redis(url, { ...failFast, retryStrategy: (times: number) => Math.min(times * 200, 2_000) });
  // Connection errors are retried (retryStrategy); readiness reports them.
  client.on('error', () => undefined);
  return client;
}

/** How long a node waits for Redis at start before it gives up with a message. */
export const REDIS_START_TIMEOUT_MS = 15_000;

/** Resolves once `client` is connected (ready); a PainterlyError naming --redis after `REDIS_START_TIMEOUT_MS`. */
export async function waitForRedis(client: Redis, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PainterlyError('INVALID_OPTION', `Cannot reach Redis at --redis ${url.replace(/\/\/[^@/]*@/, '//…@')} (no answer in ${REDIS_START_TIMEOUT_MS / 1000} s). Start redis-server, or pass the URL of a running one.`)), REDIS_START_TIMEOUT_MS);
  });
  try {
    if (client.status !== 'ready') await Promise.race([new Promise((resolve) => client.once('ready', resolve)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
