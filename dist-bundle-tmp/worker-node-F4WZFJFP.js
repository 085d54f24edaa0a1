import {
  NOTIFY_JOB_OPTIONS,
  QUEUE_NAMES,
  UPLOAD_PATH_PREFIX,
  WORKER_LOCKS,
  checkpointKey,
  checkpointUploadKey,
  createMailer,
  createObjectStorage,
  deliver,
  emailOf,
  migrateAtStart,
  openDatabase,
  previewKey,
  queueNotifications,
  redisConnection,
  resultKey,
  uploadKey,
  visualizationGridKey,
  visualizationUnitsKey,
  waitForRedis
} from "./chunk-ROOGOE62.js";
import {
  runInWorker
} from "./chunk-LL4W252U.js";
import "./chunk-Y7CRH5CI.js";
import "./chunk-SXACJSYC.js";
import "./chunk-FR6KWIII.js";
import "./chunk-RLZ7CLXZ.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import "./chunk-ELBWPZQG.js";

// dist/src/server/hosted/worker-node.js
import { mkdtemp as mkdtemp2, rm as rm2 } from "node:fs/promises";
import { hostname, tmpdir as tmpdir2 } from "node:os";
import { join as join4 } from "node:path";
import { Queue, WaitingError, Worker } from "bullmq";

// dist/src/server/hosted/job-finish.js
import { readFile } from "node:fs/promises";
import { join } from "node:path";
async function finish(context, row, final, dir) {
  const { database, storage } = context;
  let status;
  let result;
  let error;
  if (final.type === "done" && dir) {
    result = { width: final.width, height: final.height };
    await storage.put(resultKey(row.id), await readFile(join(dir, "result.png")), "image/png");
    await database.query("INSERT INTO gallery_items (job_id, user_id, result_key, width, height) SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM jobs WHERE id = $1) ON CONFLICT (job_id) DO NOTHING", [row.id, row.user_id, resultKey(row.id), final.width, final.height]);
    status = "done";
  } else if (final.type === "failed") {
    status = "failed";
    error = { code: final.code, message: final.message };
  } else {
    status = "cancelled";
  }
  const { rowCount } = await database.query(`UPDATE jobs SET status = $2, result = $3, error = $4, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [row.id, status, result ? JSON.stringify(result) : null, error ? JSON.stringify(error) : null]);
  await storage.delete(checkpointKey(row.id)).catch(() => void 0);
  await storage.delete(checkpointUploadKey(row.id)).catch(() => void 0);
  if (!rowCount) {
    const { rows } = await database.query("SELECT 1 FROM jobs WHERE id = $1", [row.id]);
    if (rows.length === 0)
      for (const key of [resultKey(row.id), previewKey(row.id)])
        await storage.delete(key).catch(() => void 0);
    return;
  }
  const payload = { type: `job.${status}`, timestamp: (/* @__PURE__ */ new Date()).toISOString(), data: { jobId: row.id, status, ...result ? { result } : {}, ...error ? { error } : {} } };
  await queueNotifications(database, context.notify, row.user_id, payload);
  const email = context.mailer ? await emailOf(database, row.user_id) : void 0;
  if (email)
    await context.notify.add("email", { email, payload }, { ...NOTIFY_JOB_OPTIONS, jobId: `mail_${row.id}` });
}

// dist/src/server/hosted/job-run.js
import { readFile as readFile2, stat, writeFile } from "node:fs/promises";
import { join as join2 } from "node:path";
var CANCEL_POLL_MS = 300;
var PROGRESS_WRITE_MS = 200;
async function runInFolder(row, dir, context) {
  const { database, storage } = context;
  const local = (path) => path.startsWith(UPLOAD_PATH_PREFIX) ? join2(dir, path.slice(UPLOAD_PATH_PREFIX.length)) : path;
  for (const id of row.uploads) {
    const bytes = await storage.get(uploadKey(id));
    if (!bytes)
      throw new Error(`upload ${id} is missing from object storage`);
    const stored2 = row.worker_job.kind === "visualize" ? void 0 : [row.worker_job.options.content, ...row.worker_job.kind === "quality" ? row.worker_job.options.styles : []].find((path) => path.startsWith(`${UPLOAD_PATH_PREFIX}${id}.`));
    await writeFile(local(stored2 ?? `${UPLOAD_PATH_PREFIX}${id}`), bytes);
  }
  const outputPath = join2(dir, "result.png");
  let checkpointMtimeMs = 0;
  const checkpointPath = join2(dir, "result.png.checkpoint");
  let job;
  let resuming = false;
  const stored = row.worker_job;
  if (stored.kind === "quality") {
    const checkpoint = await storage.get(checkpointKey(row.id));
    if (checkpoint)
      await writeFile(checkpointPath, checkpoint);
    if (checkpoint)
      checkpointMtimeMs = (await stat(checkpointPath)).mtimeMs;
    resuming = checkpoint !== void 0;
    const threads = context.threads ?? stored.options.threads;
    job = { kind: "quality", outputPath, options: { ...stored.options, content: local(stored.options.content), styles: stored.options.styles.map(local), checkpoint: checkpointPath, resume: resuming, ...threads === void 0 ? {} : { threads } } };
  } else if (stored.kind === "fast") {
    const threads = context.threads ?? stored.options.threads;
    job = { kind: "fast", outputPath, options: { ...stored.options, content: local(stored.options.content), ...threads === void 0 ? {} : { threads } } };
  } else {
    throw new Error("visualize runs have a queue and a runner of their own (visualize-run.ts)");
  }
  await database.query(`UPDATE jobs SET status = 'running', worker = $2, runs = runs + 1, started_at = coalesce(started_at, now()), progress = NULL, resumed_from_iteration = NULL WHERE id = $1`, [row.id, context.name]);
  let lastWriteMs = 0;
  let pending;
  let lastIteration = 0;
  let firstIteration;
  let uploads = Promise.resolve();
  const writeProgress = (progress, force = false) => {
    pending = progress;
    if (!force && performance.now() - lastWriteMs < PROGRESS_WRITE_MS)
      return;
    lastWriteMs = performance.now();
    pending = void 0;
    void database.query(`UPDATE jobs SET progress = $2 WHERE id = $1 AND status = 'running'`, [row.id, JSON.stringify(progress)]).catch(() => void 0);
  };
  const syncCheckpoint = (iteration) => {
    uploads = uploads.then(async () => {
      const stats = await stat(checkpointPath).catch(() => void 0);
      if (!stats || stats.mtimeMs === checkpointMtimeMs)
        return;
      checkpointMtimeMs = stats.mtimeMs;
      await storage.put(checkpointUploadKey(row.id), await readFile2(checkpointPath));
      await storage.copy(checkpointUploadKey(row.id), checkpointKey(row.id));
      await database.query("UPDATE jobs SET checkpoint_iteration = $2 WHERE id = $1", [row.id, iteration]);
    }).catch((error) => context.log(`job ${row.id}: checkpoint upload failed (${error instanceof Error ? error.message : String(error)})`));
  };
  const onProgress = (message) => {
    if (message.type === "preview") {
      uploads = uploads.then(() => storage.put(previewKey(row.id), message.jpeg, "image/jpeg")).catch(() => void 0);
      writeProgress({ type: "preview", iteration: message.iteration });
      return;
    }
    if (message.type === "iteration") {
      if (firstIteration === void 0) {
        firstIteration = message.iteration;
        if (resuming)
          void database.query("UPDATE jobs SET resumed_from_iteration = $2 WHERE id = $1", [row.id, message.iteration]).catch(() => void 0);
      } else {
        syncCheckpoint(lastIteration);
      }
      lastIteration = message.iteration;
    }
    writeProgress(message, message.type === "load");
  };
  const run = runInWorker(job, onProgress);
  let cancelledByOwner = false;
  const cancelPoll = setInterval(() => {
    void database.query("SELECT cancel_requested FROM jobs WHERE id = $1", [row.id]).then(({ rows }) => {
      if (rows[0]?.cancel_requested === false)
        return;
      cancelledByOwner = true;
      run.cancel();
    }).catch(() => void 0);
  }, CANCEL_POLL_MS);
  if (job.kind === "quality")
    context.qualityRuns.add(run);
  if (job.kind === "quality" && context.draining)
    run.cancel();
  try {
    const final = await run.finished;
    clearInterval(cancelPoll);
    syncCheckpoint(lastIteration);
    await uploads;
    if (pending)
      writeProgress(pending, true);
    if (final.type === "cancelled" && context.draining && !cancelledByOwner)
      return { type: "handed-back" };
    return final;
  } finally {
    clearInterval(cancelPoll);
    context.qualityRuns.delete(run);
  }
}

// dist/src/server/hosted/visualize-run.js
import { mkdir, mkdtemp, readFile as readFile3, rm, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";
var CANCEL_POLL_MS2 = 300;
var GRID_FILE = "grid.png";
var UNITS_FILE = "units.json";
async function runVisualizeQueueJob(id, context) {
  const { database } = context;
  const { rows } = await database.query("SELECT * FROM visualizations WHERE id = $1", [id]);
  const row = rows[0];
  if (!row || row.status !== "queued" && row.status !== "running")
    return;
  if (row.cancel_requested)
    return finishVisualization(context, row, { type: "cancelled" });
  const dir = await mkdtemp(join3(tmpdir(), "painterly-visualize-"));
  try {
    await runVisualization(row, dir, context);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    context.log(`visualization ${row.id}: ${detail}`);
    await finishVisualization(context, row, { type: "failed", code: "ENGINE_FAILED", message: `The visualization could not be run or stored (${detail}). Try again later.` }).catch(() => void 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
async function runVisualization(row, dir, context) {
  const { database, storage } = context;
  const images = join3(dir, "images");
  await mkdir(images, { recursive: true });
  for (const image of row.images) {
    const bytes = await storage.get(image.key);
    if (bytes)
      await writeFile2(join3(images, image.file), bytes);
  }
  const threads = context.threads ?? row.worker_job.threads;
  const job = { ...row.worker_job, images, outputPath: join3(dir, GRID_FILE), unitsPath: join3(dir, UNITS_FILE), ...threads === void 0 ? {} : { threads } };
  await database.query(`UPDATE visualizations SET status = 'running', worker = $2, runs = runs + 1, started_at = coalesce(started_at, now()), progress = NULL WHERE id = $1`, [row.id, context.name]);
  const startedMs = performance.now();
  const onProgress = (message) => {
    if (message.type === "load") {
      const weights = { name: shownWeightsName(message.weights, row.worker_job.network), pretrained: message.pretrained, ...message.network ? { network: message.network } : {} };
      void database.query("UPDATE visualizations SET weights = $2 WHERE id = $1", [row.id, JSON.stringify(weights)]).catch(() => void 0);
    } else if (message.type === "image") {
      const progress = { image: message.index, images: message.images, elapsedMs: Math.round(performance.now() - startedMs) };
      void database.query(`UPDATE visualizations SET progress = $2 WHERE id = $1 AND status = 'running'`, [row.id, JSON.stringify(progress)]).catch(() => void 0);
    }
  };
  const run = runInWorker(job, onProgress);
  const cancelPoll = setInterval(() => {
    void database.query("SELECT cancel_requested FROM visualizations WHERE id = $1", [row.id]).then(({ rows }) => {
      if (rows[0]?.cancel_requested !== false)
        run.cancel();
    }).catch(() => void 0);
  }, CANCEL_POLL_MS2);
  let final;
  try {
    final = await run.finished;
  } finally {
    clearInterval(cancelPoll);
  }
  await finishVisualization(context, row, final, dir);
}
async function finishVisualization(context, row, final, dir) {
  const { database, storage } = context;
  let status;
  let result;
  let error;
  let elapsedMs;
  if (final.type === "done" && dir) {
    const units = JSON.parse(await readFile3(join3(dir, UNITS_FILE), "utf8"));
    await storage.put(visualizationGridKey(row.id), await readFile3(join3(dir, GRID_FILE)), "image/png");
    await storage.put(visualizationUnitsKey(row.id), new TextEncoder().encode(JSON.stringify(hostedUnits(units, row.images))), "application/json");
    result = { width: final.width, height: final.height };
    elapsedMs = Math.round(final.elapsedMs);
    status = "done";
  } else if (final.type === "failed") {
    status = "failed";
    error = { code: final.code, message: final.message };
  } else {
    status = "cancelled";
  }
  const { rowCount } = await database.query(`UPDATE visualizations SET status = $2, result = $3, error = $4, elapsed_ms = $5, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [row.id, status, result ? JSON.stringify(result) : null, error ? JSON.stringify(error) : null, elapsedMs ?? null]);
  if (rowCount)
    return;
  const { rows } = await database.query("SELECT 1 FROM visualizations WHERE id = $1", [row.id]);
  if (rows.length === 0)
    for (const key of [visualizationGridKey(row.id), visualizationUnitsKey(row.id)])
      await storage.delete(key).catch(() => void 0);
}
function hostedUnits(file, images) {
  const byFile = new Map(images.map((image) => [image.file, { kind: image.kind, id: image.id }]));
  return {
    layer: file.layer,
    sizePx: file.sizePx,
    units: file.units.map((unit) => ({
      unit: unit.unit,
      maxActivation: unit.maxActivation,
      records: unit.records.map((record) => {
        const image = byFile.get(record.image);
        if (!image)
          throw new Error(`the engine named an image this run did not download (${record.image})`);
        return { ...record, image };
      })
    }))
  };
}
function shownWeightsName(name, choice) {
  return choice.kind === "store" && /[\\/]/.test(name) ? choice.family : name;
}

// dist/src/server/hosted/worker-node.js
var VISUALIZE_JOBS_PER_WORKER = 1;
async function startWorkerNode(options, log) {
  const name = `${hostname()}:${process.pid}`;
  const database = openDatabase(options.database);
  await migrateAtStart(database, options.database);
  const storage = createObjectStorage(options.storage);
  const connection = redisConnection(options.redis);
  await waitForRedis(connection, options.redis).catch((error) => {
    connection.disconnect();
    throw error;
  });
  const notify = new Queue(QUEUE_NAMES.notify, { connection });
  const mailer = options.smtp ? createMailer(options.smtp, options.mailFrom) : void 0;
  const context = { name, database, storage, notify, mailer, threads: options.threads, log, draining: false, qualityRuns: /* @__PURE__ */ new Set() };
  const sendNotification = async (job) => {
    if (job.data.email === void 0)
      return deliver(database, job.data);
    if (!mailer)
      throw new Error("this worker has no --smtp server for e-mails");
    await mailer.send(job.data);
  };
  const paint = (job, token) => runPainting(job, token, context);
  const visualize = (job) => runVisualizeQueueJob(job.data.visualizationId, context);
  const visualizeWorker = new Worker(QUEUE_NAMES.visualize, visualize, { connection, concurrency: VISUALIZE_JOBS_PER_WORKER, ...WORKER_LOCKS });
  const workers = [
    new Worker(QUEUE_NAMES.quality, paint, { connection, concurrency: options.qualityJobs, ...WORKER_LOCKS }),
    new Worker(QUEUE_NAMES.fast, paint, { connection, concurrency: options.fastJobs, ...WORKER_LOCKS }),
    new Worker(QUEUE_NAMES.notify, sendNotification, { connection, concurrency: 4, ...WORKER_LOCKS }),
    visualizeWorker
  ];
  for (const worker of workers)
    worker.on("error", (error) => log(`worker: ${error.message}`));
  for (const worker of workers.slice(0, 2)) {
    worker.on("failed", (job, error) => {
      const data = job?.data;
      if (!data?.jobId)
        return;
      const message = `The job stopped on its worker too often (${error.message}). Try again; if it keeps failing, try a smaller size.`;
      void database.query(`UPDATE jobs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [data.jobId, JSON.stringify({ code: "ENGINE_FAILED", message })]).catch(() => void 0);
    });
  }
  visualizeWorker.on("failed", (job, error) => {
    if (!job?.data.visualizationId)
      return;
    const message = `The visualization stopped on its worker too often (${error.message}). Try again; if it keeps failing, try a smaller size or fewer units.`;
    void database.query(`UPDATE visualizations SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [job.data.visualizationId, JSON.stringify({ code: "ENGINE_FAILED", message })]).catch(() => void 0);
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    name,
    async close() {
      context.draining = true;
      const closing = Promise.all(workers.map((worker) => worker.close()));
      for (const run of context.qualityRuns)
        run.cancel();
      await closing;
      await notify.close();
      await connection.quit().catch(() => void 0);
      mailer?.close();
      storage.close();
      await database.end();
    }
  };
}
async function runPainting(job, token, context) {
  const { database } = context;
  const { rows } = await database.query("SELECT * FROM jobs WHERE id = $1", [job.data.jobId]);
  const row = rows[0];
  if (!row || row.status !== "queued" && row.status !== "running")
    return;
  if (row.cancel_requested)
    return finish(context, row, { type: "cancelled" });
  const dir = await mkdtemp2(join4(tmpdir2(), "painterly-job-"));
  let handedBack = false;
  try {
    const end = await runInFolder(row, dir, context);
    if (end.type === "handed-back") {
      await database.query(`UPDATE jobs SET status = 'queued', progress = NULL WHERE id = $1 AND status = 'running'`, [row.id]);
      await job.moveToWait(token);
      handedBack = true;
    } else {
      await finish(context, row, end, dir);
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    context.log(`job ${row.id}: ${detail}`);
    await finish(context, row, { type: "failed", code: "ENGINE_FAILED", message: `The job could not be run or stored (${detail}). Try again later.` }).catch(() => void 0);
  } finally {
    await rm2(dir, { recursive: true, force: true });
  }
  if (handedBack)
    throw new WaitingError();
}
export {
  VISUALIZE_JOBS_PER_WORKER,
  startWorkerNode
};
