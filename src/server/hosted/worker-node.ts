/**
 * A worker node of a hosted deployment (`painterly worker`): takes paintings from the BullMQ queues
 * and runs each with the studio's own job runner (`runInWorker`: one child process per job, the same
 * typed `WorkerMessage`s), so local and hosted jobs share one engine path and one event vocabulary.
 * Around the run it downloads the job's uploads, uploads previews and every new checkpoint to object
 * storage, and on the end writes the result, the gallery item and the job's row. A quality job that
 * another worker was running when its machine died resumes here from that worker's last checkpoint.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import type pg from 'pg';
import { runInWorker, type WorkerRun } from '../jobs/worker-host.js';
import type { FinalMessage, ProgressMessage, WorkerJob } from '../jobs/protocol.js';
import { migrateAtStart, openDatabase } from './database.js';
import { checkpointKey, previewKey, resultKey, type JobRow } from './hosted-jobs.js';
import { UPLOAD_PATH_PREFIX, uploadKey } from './hosted-uploads.js';
import { NOTIFY_JOB_OPTIONS, QUEUE_NAMES, redisConnection, waitForRedis, WORKER_LOCKS, type NotifyQueueData, type PaintingQueueData, type WebhookPayload } from './queues.js';
import { createObjectStorage, type ObjectStorage } from './storage.js';
import type { HostedProgress } from './types.js';
import { createMailer, emailOf, type Mailer } from './email.js';
import { deliver, queueNotifications } from './webhooks.js';

/** How often a running job's worker looks for a cancel request. */
const CANCEL_POLL_MS = 300;
/** At most one progress write to the database per this many ms (the final state is always written). */
const PROGRESS_WRITE_MS = 200;

/** What `startWorkerNode` needs. */
export interface WorkerNodeOptions {
  readonly redis: string;
  readonly database: string;
  readonly storage: string;
  /** Quality jobs this node runs at once. */
  readonly qualityJobs: number;
  /** Fast jobs this node runs at once. */
  readonly fastJobs: number;
  /** Threads per job (default: the engine's). */
  readonly threads?: number;
  /** SMTP server for job e-mails (`smtp://HOST:PORT`); none: no e-mails. Give every worker the same. */
  readonly smtp?: string;
  /** The sender of job e-mails. */
  readonly mailFrom: string;
}

/** A running worker node. */
export interface WorkerNode {
  /** `host:pid`, as job views show it. */
  readonly name: string;
  /**
   * Drains the node: stops taking jobs, lets fast jobs finish, stops quality jobs at their next step
   * with a checkpoint (uploaded) and hands them back to the queue, where another worker continues
   * them; then disconnects.
   */
  close(): Promise<void>;
}

/**
 * Connects, brings the database schema up to date and starts taking jobs.
 *
 * @example
 * const node = await startWorkerNode({ redis, database, storage, qualityJobs: 1, fastJobs: 2 }, console.error);
 */
export async function startWorkerNode(options: WorkerNodeOptions, log: (message: string) => void): Promise<WorkerNode> {
  const name = `${hostname()}:${process.pid}`;
  const database = openDatabase(options.database);
  await migrateAtStart(database, options.database);
  const storage = createObjectStorage(options.storage);
  const connection = redisConnection(options.redis);
  await waitForRedis(connection, options.redis).catch((error: unknown) => {
    connection.disconnect();
    throw error;
  });
  const notify = new Queue<NotifyQueueData>(QUEUE_NAMES.notify, { connection });
  const mailer = options.smtp ? createMailer(options.smtp, options.mailFrom) : undefined;
  const context: RunContext = { name, database, storage, notify, mailer, threads: options.threads, log, draining: false, qualityRuns: new Set() };
  const sendNotification = async (job: Job<NotifyQueueData>): Promise<void> => {
    if (job.data.email === undefined) return deliver(database, job.data);
    // Thrown, the e-mail is retried, on a worker with --smtp.
    if (!mailer) throw new Error('this worker has no --smtp server for e-mails');
    await mailer.send(job.data);
  };
  const paint = (job: Job<PaintingQueueData>, token?: string): Promise<void> => runPainting(job, token, context);
  const workers = [
    new Worker<PaintingQueueData>(QUEUE_NAMES.quality, paint, { connection, concurrency: options.qualityJobs, ...WORKER_LOCKS }),
    new Worker<PaintingQueueData>(QUEUE_NAMES.fast, paint, { connection, concurrency: options.fastJobs, ...WORKER_LOCKS }),
    new Worker<NotifyQueueData>(QUEUE_NAMES.notify, sendNotification, { connection, concurrency: 4, ...WORKER_LOCKS }),
  ];
  for (const worker of workers) worker.on('error', (error) => log(`worker: ${error.message}`));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    name,
    async close() {
      context.draining = true;
      const closing = Promise.all(workers.map((worker) => worker.close()));
      for (const run of context.qualityRuns) run.cancel();
      await closing;
      await notify.close();
      await connection.quit().catch(() => undefined);
      mailer?.close();
      storage.close();
      await database.end();
    },
  };
}

interface RunContext {
  readonly name: string;
  readonly database: pg.Pool;
  readonly storage: ObjectStorage;
  readonly notify: Queue<NotifyQueueData>;
  readonly mailer: Mailer | undefined;
  readonly threads: number | undefined;
  readonly log: (message: string) => void;
  /** Set by `close()`: quality jobs stop with a checkpoint and go back to the queue. */
  draining: boolean;
  /** The quality jobs running on this node. */
  readonly qualityRuns: Set<WorkerRun>;
}

/** What a run came to: its final message, or handed back to the queue (the node is draining). */
type RunEnd = FinalMessage | { readonly type: 'handed-back' };

/** Runs painting `job` to its end; a storage or database failure fails the job with a message. */
async function runPainting(job: Job<PaintingQueueData>, token: string | undefined, context: RunContext): Promise<void> {
  const { database } = context;
  const { rows } = await database.query<JobRow & { cancel_requested: boolean; worker_job: WorkerJob; uploads: string[] }>('SELECT * FROM jobs WHERE id = $1', [job.data.jobId]);
  const row = rows[0];
  // Deleted, or already ended (a finished job is never run twice).
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
  if (row.cancel_requested) return finish(context, row, { type: 'cancelled' });
  const dir = await mkdtemp(join(tmpdir(), 'painterly-job-'));
  let handedBack = false;
  try {
    const end = await runInFolder(row, dir, context);
    if (end.type === 'handed-back') {
      await database.query(`UPDATE jobs SET status = 'queued', progress = NULL WHERE id = $1 AND status = 'running'`, [row.id]);
      await job.moveToWait(token);
      handedBack = true;
    } else {
      await finish(context, row, end, dir);
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    context.log(`job ${row.id}: ${detail}`);
    await finish(context, row, { type: 'failed', code: 'ENGINE_FAILED', message: `The job could not be run or stored (${detail}). Try again later.` }).catch(() => undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // Tells BullMQ the job went back to its queue (it is neither completed nor failed).
  if (handedBack) throw new WaitingError();
}

/** Downloads the inputs (and the checkpoint of a recovered run) into `dir`, runs the job there and keeps its checkpoint in object storage. */
async function runInFolder(row: JobRow & { worker_job: WorkerJob; uploads: string[] }, dir: string, context: RunContext): Promise<RunEnd> {
  const { database, storage } = context;
  const local = (path: string): string => (path.startsWith(UPLOAD_PATH_PREFIX) ? join(dir, path.slice(UPLOAD_PATH_PREFIX.length)) : path);
  for (const id of row.uploads) {
    const bytes = await storage.get(uploadKey(id));
    if (!bytes) throw new Error(`upload ${id} is missing from object storage`);
    const stored = row.worker_job.kind === 'visualize' ? undefined : [row.worker_job.options.content, ...(row.worker_job.kind === 'quality' ? row.worker_job.options.styles : [])].find((path) => path.startsWith(`${UPLOAD_PATH_PREFIX}${id}.`));
    await writeFile(local(stored ?? `${UPLOAD_PATH_PREFIX}${id}`), bytes);
  }
  const outputPath = join(dir, 'result.png');
  let checkpointMtimeMs = 0;
  const checkpointPath = join(dir, 'result.png.checkpoint');
  let job: WorkerJob;
  let resuming = false;
  const stored = row.worker_job;
  if (stored.kind === 'quality') {
    const checkpoint = await storage.get(checkpointKey(row.id));
    if (checkpoint) await writeFile(checkpointPath, checkpoint);
    // Already in object storage: only newer checkpoints are uploaded.
    if (checkpoint) checkpointMtimeMs = (await stat(checkpointPath)).mtimeMs;
    resuming = checkpoint !== undefined;
    const threads = context.threads ?? stored.options.threads;
    job = { kind: 'quality', outputPath, options: { ...stored.options, content: local(stored.options.content), styles: stored.options.styles.map(local), checkpoint: checkpointPath, resume: resuming, ...(threads === undefined ? {} : { threads }) } };
  } else if (stored.kind === 'fast') {
    const threads = context.threads ?? stored.options.threads;
    job = { kind: 'fast', outputPath, options: { ...stored.options, content: local(stored.options.content), ...(threads === undefined ? {} : { threads }) } };
  } else {
    throw new Error('visualize jobs are not run by hosted workers');
  }
  await database.query(`UPDATE jobs SET status = 'running', worker = $2, runs = runs + 1, started_at = coalesce(started_at, now()), progress = NULL, resumed_from_iteration = NULL WHERE id = $1`, [row.id, context.name]);

  let lastWriteMs = 0;
  let pending: HostedProgress | undefined;
  let lastIteration = 0;
  let firstIteration: number | undefined;
  let uploads = Promise.resolve();
  const writeProgress = (progress: HostedProgress, force = false): void => {
    pending = progress;
    if (!force && performance.now() - lastWriteMs < PROGRESS_WRITE_MS) return;
    lastWriteMs = performance.now();
    pending = undefined;
    void database.query(`UPDATE jobs SET progress = $2 WHERE id = $1 AND status = 'running'`, [row.id, JSON.stringify(progress)]).catch(() => undefined);
  };
  /**
   * Uploads the checkpoint when the engine wrote a new one (one upload at a time, in order). The
   * engine writes it right after the iteration event of the iteration it holds, so a new file seen
   * at the next event (or at the end) holds `iteration`, the one before.
   */
  const syncCheckpoint = (iteration: number): void => {
    uploads = uploads.then(async () => {
      const stats = await stat(checkpointPath).catch(() => undefined);
      if (!stats || stats.mtimeMs === checkpointMtimeMs) return;
      checkpointMtimeMs = stats.mtimeMs;
      await storage.put(checkpointKey(row.id), await readFile(checkpointPath));
      await database.query('UPDATE jobs SET checkpoint_iteration = $2 WHERE id = $1', [row.id, iteration]);
    }).catch((error: unknown) => context.log(`job ${row.id}: checkpoint upload failed (${error instanceof Error ? error.message : String(error)})`));
  };
  const onProgress = (message: ProgressMessage): void => {
    if (message.type === 'preview') {
      uploads = uploads.then(() => storage.put(previewKey(row.id), message.jpeg, 'image/jpeg')).catch(() => undefined);
      writeProgress({ type: 'preview', iteration: message.iteration });
      return;
    }
    if (message.type === 'iteration') {
      if (firstIteration === undefined) {
        firstIteration = message.iteration;
        // A resumed run starts with the iteration its checkpoint holds.
        if (resuming) void database.query('UPDATE jobs SET resumed_from_iteration = $2 WHERE id = $1', [row.id, message.iteration]).catch(() => undefined);
      } else {
        syncCheckpoint(lastIteration);
      }
      lastIteration = message.iteration;
    }
    writeProgress(message, message.type === 'load');
  };
  const run = runInWorker(job, onProgress);
  let cancelledByOwner = false;
  const cancelPoll = setInterval(() => {
    void database
      .query<{ cancel_requested: boolean }>('SELECT cancel_requested FROM jobs WHERE id = $1', [row.id])
      .then(({ rows }) => {
        if (rows[0]?.cancel_requested === false) return;
        cancelledByOwner = true;
        run.cancel();
      })
      .catch(() => undefined);
  }, CANCEL_POLL_MS);
  if (job.kind === 'quality') context.qualityRuns.add(run);
  if (job.kind === 'quality' && context.draining) run.cancel();
  try {
    const final = await run.finished;
    clearInterval(cancelPoll);
    // The engine wrote a last checkpoint when it stopped (after its last iteration event): keep it too.
    syncCheckpoint(lastIteration);
    await uploads;
    if (pending) writeProgress(pending, true);
    if (final.type === 'cancelled' && context.draining && !cancelledByOwner) return { type: 'handed-back' };
    return final;
  } finally {
    clearInterval(cancelPoll);
    context.qualityRuns.delete(run);
  }
}

/** Stores the outcome: the result and gallery item (once, whichever worker gets here), the job's row, the webhooks. */
async function finish(context: RunContext, row: JobRow, final: FinalMessage, dir?: string): Promise<void> {
  const { database, storage } = context;
  let status: 'done' | 'failed' | 'cancelled';
  let result: { width: number; height: number } | undefined;
  let error: { code: string; message: string } | undefined;
  if (final.type === 'done' && dir) {
    result = { width: final.width, height: final.height };
    await storage.put(resultKey(row.id), await readFile(join(dir, 'result.png')), 'image/png');
    await database.query(
      'INSERT INTO gallery_items (job_id, user_id, result_key, width, height) SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM jobs WHERE id = $1) ON CONFLICT (job_id) DO NOTHING',
      [row.id, row.user_id, resultKey(row.id), final.width, final.height],
    );
    status = 'done';
  } else if (final.type === 'failed') {
    status = 'failed';
    error = { code: final.code, message: final.message };
  } else {
    status = 'cancelled';
  }
  const { rowCount } = await database.query(
    `UPDATE jobs SET status = $2, result = $3, error = $4, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
    [row.id, status, result ? JSON.stringify(result) : null, error ? JSON.stringify(error) : null],
  );
  await storage.delete(checkpointKey(row.id)).catch(() => undefined);
  if (!rowCount) {
    // The owner deleted their data meanwhile: delete what this run stored too.
    const { rows } = await database.query('SELECT 1 FROM jobs WHERE id = $1', [row.id]);
    if (rows.length === 0) for (const key of [resultKey(row.id), previewKey(row.id)]) await storage.delete(key).catch(() => undefined);
    return;
  }
  const payload: WebhookPayload = { type: `job.${status}`, timestamp: new Date().toISOString(), data: { jobId: row.id, status, ...(result ? { result } : {}), ...(error ? { error } : {}) } };
  await queueNotifications(database, context.notify, row.user_id, payload);
  const email = context.mailer ? await emailOf(database, row.user_id) : undefined;
  if (email) await context.notify.add('email', { email, payload }, { ...NOTIFY_JOB_OPTIONS, jobId: `mail_${row.id}` });
}
