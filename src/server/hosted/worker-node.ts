/**
 * A worker node of a hosted deployment (`painterly worker`): takes paintings and visualize runs
 * ("What the network sees", `visualize-run.ts`) from the BullMQ queues and runs each with the
 * studio's own job runner (`job-run.ts`: one child process per job, the same typed `WorkerMessage`s), so local and hosted jobs share one engine path and one event vocabulary;
 * `job-finish.ts` stores the outcome. A quality job that another worker was running when its machine
 * died resumes here from that worker's last checkpoint. `close()` drains the node.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import { migrateAtStart, openDatabase } from './database.js';
import { createMailer } from './email.js';
import { finish } from './job-finish.js';
import { runInFolder, type RunnableRow } from './job-run.js';
import { QUEUE_NAMES, redisConnection, waitForRedis, WORKER_LOCKS, type NotifyQueueData, type PaintingQueueData, type VisualizeQueueData } from './queues.js';
import { createObjectStorage } from './storage.js';
import { deliver } from './webhooks.js';
import type { RunContext } from './worker-context.js';
import { runVisualizeQueueJob } from './visualize-run.js';

/** Visualize runs a worker node makes at once: one, as in the local studio (a run reads every image once; it is short, and one at a time keeps memory predictable). */
export const VISUALIZE_JOBS_PER_WORKER = 1;

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
  const visualize = (job: Job<VisualizeQueueData>): Promise<void> => runVisualizeQueueJob(job.data.visualizationId, context);
  const visualizeWorker = new Worker<VisualizeQueueData>(QUEUE_NAMES.visualize, visualize, { connection, concurrency: VISUALIZE_JOBS_PER_WORKER, ...WORKER_LOCKS });
  const workers = [
    new Worker<PaintingQueueData>(QUEUE_NAMES.quality, paint, { connection, concurrency: options.qualityJobs, ...WORKER_LOCKS }),
    new Worker<PaintingQueueData>(QUEUE_NAMES.fast, paint, { connection, concurrency: options.fastJobs, ...WORKER_LOCKS }),
    new Worker<NotifyQueueData>(QUEUE_NAMES.notify, sendNotification, { connection, concurrency: 4, ...WORKER_LOCKS }),
    visualizeWorker,
  ];
  for (const worker of workers) worker.on('error', (error) => log(`worker: ${error.message}`));
  // A painting BullMQ gave up on (stalled more often than `maxStalledCount`) fails with a message, never stays "running".
  for (const worker of workers.slice(0, 2)) {
    worker.on('failed', (job, error) => {
      const data = job?.data as PaintingQueueData | undefined;
      if (!data?.jobId) return;
      const message = `The job stopped on its worker too often (${error.message}). Try again; if it keeps failing, try a smaller size.`;
      void database.query(`UPDATE jobs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [data.jobId, JSON.stringify({ code: 'ENGINE_FAILED', message })]).catch(() => undefined);
    });
  }
  visualizeWorker.on('failed', (job, error) => {
    if (!job?.data.visualizationId) return;
    const message = `The visualization stopped on its worker too often (${error.message}). Try again; if it keeps failing, try a smaller size or fewer units.`;
    void database.query(`UPDATE visualizations SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [job.data.visualizationId, JSON.stringify({ code: 'ENGINE_FAILED', message })]).catch(() => undefined);
  });
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

/** Runs painting `job` to its end; a storage or database failure fails the job with a message. */
async function runPainting(job: Job<PaintingQueueData>, token: string | undefined, context: RunContext): Promise<void> {
  const { database } = context;
  const { rows } = await database.query<RunnableRow>('SELECT * FROM jobs WHERE id = $1', [job.data.jobId]);
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
