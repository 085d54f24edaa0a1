/**
 * One run of a hosted job on a worker, in a folder of its own: the job's uploads (and, for a quality
 * job that ran before, its latest checkpoint) downloaded from object storage, the job run with the
 * studio's job runner (`runInWorker`, one child process), its progress written to the job's row,
 * previews and every new checkpoint uploaded, and a cancel request (a flag in the row) obeyed.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInWorker } from '../jobs/worker-host.js';
import type { ProgressMessage, WorkerJob } from '../jobs/protocol.js';
import { UPLOAD_PATH_PREFIX } from './hosted-uploads.js';
import { checkpointKey, checkpointUploadKey, previewKey, uploadKey } from './object-keys.js';
import type { HostedProgress, JobRow } from './types.js';
import type { RunContext, RunEnd } from './worker-context.js';

/** How often a running job's worker looks for a cancel request. */
const CANCEL_POLL_MS = 300;
/** At most one progress write to the database per this many ms (the final state is always written). */
const PROGRESS_WRITE_MS = 200;

/** A job's row as a worker reads it. */
export type RunnableRow = JobRow & { cancel_requested: boolean; worker_job: WorkerJob; uploads: string[] };

/** Downloads the inputs (and the checkpoint of a recovered run) into `dir`, runs the job there and keeps its checkpoint in object storage. */
export async function runInFolder(row: RunnableRow, dir: string, context: RunContext): Promise<RunEnd> {
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
    throw new Error('visualize runs have a queue and a runner of their own (visualize-run.ts)');
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
      await storage.put(checkpointUploadKey(row.id), await readFile(checkpointPath));
      await storage.copy(checkpointUploadKey(row.id), checkpointKey(row.id));
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

