import {
  JOB_FILE,
  MAX_SIZE_PX,
  PRIOR_MS_PER_COST,
  RESULT_FILE,
  SETTINGS_FILE,
  THUMBNAIL_FILE,
  UPLOAD_TRANSFER_LIMITS,
  UploadReceiver,
  attachmentHeader,
  cardImage,
  downloadImage,
  fallbackSources,
  itemSchema,
  jobEventStream,
  jsonRequestBody,
  jsonRequestLimit,
  loadStudioAssets,
  paceKeyOf,
  parseDownloadName,
  parseDownloadQuery,
  resolveJob,
  studioConfig,
  studioPageResponse,
  titleOf,
  visualizeRoutes
} from "./chunk-E6BPELNH.js";
import {
  SampleLibrary,
  allowedHostNames,
  hostHeaderName,
  isLoopback,
  isWildcard,
  requestGuards
} from "./chunk-AIOI3ZY6.js";
import {
  defaultDataDir,
  serverOptionsSchema
} from "./chunk-DCTALWFM.js";
import {
  runInWorker
} from "./chunk-LL4W252U.js";
import {
  HttpError,
  IMAGE_TYPES,
  UploadStore,
  encodeJpegThumbnail,
  errorResponse,
  isId,
  newId,
  notFound,
  renderSvgPng
} from "./chunk-Y7CRH5CI.js";
import {
  readCheckpoint,
  runFingerprint
} from "./chunk-BVQ6QT43.js";
import {
  RemainingTimeEstimator,
  estimateRunMs
} from "./chunk-AE3KFWGY.js";
import {
  HOST_NAME,
  PROCESS_STARTED_MS,
  isCached,
  isOwnerGone,
  isThisProcess
} from "./chunk-ZXF4SHAO.js";
import {
  errnoCode,
  removeStaleTempFiles,
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import {
  presetOptionsSchema
} from "./chunk-YGESDE6G.js";
import {
  FAST_STYLE_PRESETS
} from "./chunk-CD6T25GO.js";
import {
  chooseNetwork,
  parseOptions
} from "./chunk-RLZ7CLXZ.js";
import {
  PainterlyError,
  isPainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/server/start-server.js
import { join as join7 } from "node:path";
import { serve } from "@hono/node-server";

// dist/src/server/app.js
import { Hono as Hono4 } from "hono";

// dist/src/server/routes/gallery.js
import fs from "node:fs/promises";
import { Hono } from "hono";
import { join } from "node:path";
var IMMUTABLE = "private, max-age=31536000, immutable";
function galleryRoutes(services) {
  const { gallery, paintings } = services;
  const app = new Hono();
  app.get("/gallery", (c) => c.json({ items: gallery.list().map((item) => paintings.view(item.id)) }));
  app.get("/gallery/:id", (c) => c.json(paintings.view(c.req.param("id"))));
  const finished = (id) => {
    const item = gallery.get(id);
    if (item.status !== "done")
      throw new HttpError(409, "CONFLICT", `This item has no image: its job is ${item.status}.`);
    return item;
  };
  app.get("/gallery/:id/image", async (c) => {
    const item = finished(c.req.param("id"));
    const body = await fs.readFile(gallery.resultPath(item.id));
    const headers = { "Content-Type": "image/png", "Cache-Control": IMMUTABLE };
    if (c.req.query("download") !== void 0)
      headers["Content-Disposition"] = attachmentHeader(paintings.view(item.id).title, "png");
    return c.body(body, 200, headers);
  });
  app.get("/gallery/:id/thumbnail", async (c) => {
    const item = finished(c.req.param("id"));
    const body = await cardImage(gallery.resultPath(item.id), join(gallery.folder(item.id), THUMBNAIL_FILE));
    return c.body(new Uint8Array(body), 200, { "Content-Type": "image/jpeg", "Cache-Control": IMMUTABLE });
  });
  app.get("/gallery/:id/download", async (c) => {
    const item = finished(c.req.param("id"));
    const request = parseDownloadQuery(c.req.query("format"), c.req.query("longSidePx"));
    const name = parseDownloadName(c.req.query("name")) ?? paintings.view(item.id).title;
    const body = await downloadImage(gallery.resultPath(item.id), request);
    const extension = request.format === "jpeg" ? "jpg" : "png";
    return c.body(new Uint8Array(body), 200, { "Content-Type": `image/${request.format}`, "Content-Disposition": attachmentHeader(name, extension), "Cache-Control": "private, no-cache" });
  });
  app.delete("/gallery/:id", async (c) => {
    const id = gallery.get(c.req.param("id")).id;
    await paintings.stop(id);
    await gallery.delete(id);
    return c.body(null, 204);
  });
  return app;
}

// dist/src/server/routes/jobs.js
import { Hono as Hono2 } from "hono";
function jobRoutes(services) {
  const { paintings: jobs } = services;
  const app = new Hono2();
  const limit = jsonRequestLimit("job request");
  app.post("/jobs", limit, async (c) => {
    const job = await resolveJob(await jsonRequestBody(c, "job request"), services);
    return c.json(await jobs.submit(job), 202);
  });
  app.post("/estimate", limit, async (c) => {
    const job = await resolveJob(await jsonRequestBody(c, "job request"), services);
    const response = { etaMs: jobs.estimate(job) };
    return c.json(response);
  });
  app.get("/jobs", (c) => c.json({ jobs: jobs.activeJobs(), counts: services.jobs.counts() }));
  app.get("/jobs/:id", (c) => c.json(jobs.view(c.req.param("id"))));
  app.get("/jobs/:id/events", (c) => {
    const id = c.req.param("id");
    jobs.view(id);
    return jobEventStream(c, jobs, id);
  });
  app.get("/jobs/:id/preview", (c) => {
    const id = c.req.param("id");
    jobs.view(id);
    const jpeg = jobs.preview(id);
    if (!jpeg)
      throw notFound("preview for job", id);
    return c.body(new Uint8Array(jpeg), 200, { "Content-Type": "image/jpeg", "Cache-Control": "no-store" });
  });
  app.post("/jobs/:id/cancel", limit, async (c) => {
    const text = await c.req.text();
    let keep = false;
    if (text.trim() !== "") {
      const body = await Promise.resolve().then(() => JSON.parse(text)).catch(() => {
        throw new HttpError(400, "BAD_REQUEST", 'The request body is not valid JSON. Send nothing, or { "keep": true } to stop and keep the current image.');
      });
      const value = body !== null && typeof body === "object" ? body.keep : void 0;
      if (value !== void 0 && typeof value !== "boolean")
        throw new HttpError(400, "INVALID_OPTION", `Expected true or false for keep but received ${JSON.stringify(value)}.`, "keep");
      keep = value === true;
    }
    return c.json(await jobs.cancel(c.req.param("id"), keep));
  });
  app.post("/jobs/:id/resume", async (c) => c.json(await jobs.resume(c.req.param("id")), 202));
  return app;
}

// dist/src/server/routes/library.js
import fs2 from "node:fs/promises";
import { Hono as Hono3 } from "hono";
function libraryRoutes(services) {
  const { options, uploads, uploadReceiver, samples, presetSamples } = services;
  const app = new Hono3();
  app.get("/config", async (c) => c.json(await studioConfig({ options, samples, uploadLimits: uploads.limits })));
  app.post("/uploads", async (c) => {
    const bytes = await uploadReceiver.read(c.req.raw);
    const info = await uploads.save(bytes, c.req.query("name") ?? "image");
    return c.json(info, 201);
  });
  app.get("/uploads/:id", async (c) => c.json(await uploads.info(c.req.param("id"))));
  app.get("/uploads/:id/image", async (c) => {
    const info = await uploads.info(c.req.param("id"));
    const body = await fs2.readFile(await uploads.imagePath(info.id));
    return c.body(body, 200, { "Content-Type": IMAGE_TYPES[info.format] ?? "application/octet-stream", "Cache-Control": "private, max-age=31536000, immutable" });
  });
  app.get("/uploads/:id/thumbnail", async (c) => {
    const body = await fs2.readFile(await uploads.thumbnailPath(c.req.param("id")));
    return c.body(body, 200, { "Content-Type": "image/jpeg", "Cache-Control": "private, max-age=31536000, immutable" });
  });
  app.get("/samples/:name/thumbnail", async (c) => {
    const body = await samples.thumbnail(c.req.param("name"));
    return c.body(new Uint8Array(body), 200, { "Content-Type": "image/jpeg", "Cache-Control": "private, max-age=3600" });
  });
  app.get("/presets/:name/sample", async (c) => {
    const body = await presetSamples.sample(c.req.param("name"));
    return c.body(new Uint8Array(body), 200, { "Content-Type": "image/jpeg", "Cache-Control": "private, max-age=3600" });
  });
  return app;
}

// dist/src/server/app.js
function createApp(services) {
  const app = new Hono4();
  app.onError((error, c) => sendError(c, error, services.log));
  app.notFound((c) => sendError(c, new HttpError(404, "NOT_FOUND", `No such page or API route: ${c.req.method} ${c.req.path}.`), services.log));
  app.use("*", requestGuards(services.hosts));
  app.get("/api/health", (c) => {
    const gc = globalThis.gc;
    if (c.req.query("gc") !== void 0 && gc)
      gc();
    const memory = process.memoryUsage();
    return c.json({ ok: true, pid: process.pid, counts: services.jobs.counts(), uploadsReceiving: services.uploadReceiver.receiving, memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, externalBytes: memory.external } });
  });
  app.route("/api", libraryRoutes(services));
  app.route("/api", jobRoutes(services));
  app.route("/api", galleryRoutes(services));
  app.route("/api", visualizeRoutes(services));
  app.get("*", (c) => studioPageResponse(c, services.assets));
  return app;
}
function sendError(c, error, log) {
  const { status, body } = errorResponse(error, log);
  c.header("X-Content-Type-Options", "nosniff");
  return c.json(body, status);
}

// dist/src/server/data-dir.js
import { constants } from "node:fs";
import fs3 from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
var KERNEL_ROOTS = ["/proc", "/sys"];
var KERNEL_FS_TYPES = /* @__PURE__ */ new Set([
  40864,
  1650812274,
  1684170528,
  2613483,
  1667723888
  /* cgroup2 */
]);
async function prepareDataDir(path, name) {
  const target = resolve(path);
  const refuse = (problem, fix = `Pass --data with a folder of your own, e.g. --data ~/painterly-studio.`) => new PainterlyError("INVALID_OPTION", `The studio's data folder ${path} (${name}) ${problem}. ${fix}`);
  const existing = await nearestExisting(target).catch((error) => {
    throw refuse(`cannot be reached (${errnoCode(error) ?? String(error)})`, "Check the path and its permissions, or pass --data with another folder.");
  });
  if (existing.danglingTo !== void 0) {
    const where = existing.path === target ? "is" : `lies below ${existing.path}, which is`;
    throw refuse(`${where} a symbolic link to ${existing.danglingTo}, which does not exist`, `Create ${existing.danglingTo}, or pass --data with another folder.`);
  }
  if (existing.path === target && !existing.stats.isDirectory())
    throw refuse(`is ${kindOf(existing.stats)}, not a folder`);
  if (existing.path !== target && !existing.stats.isDirectory())
    throw refuse(`lies below ${existing.path}, which is ${kindOf(existing.stats)}, not a folder`);
  const real = await fs3.realpath(existing.path);
  const kernelRoot = KERNEL_ROOTS.find((root) => real === root || real.startsWith(`${root}${sep}`));
  if (kernelRoot !== void 0 || await isKernelFileSystem(real)) {
    throw refuse(`is in ${kernelRoot ?? real}, a kernel file system where no files can be kept`);
  }
  try {
    await fs3.access(existing.path, constants.W_OK | constants.X_OK);
    await fs3.mkdir(target, { recursive: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code === "EROFS")
      throw refuse(`is on a read-only file system (${existing.path})`);
    if (code === "EACCES" || code === "EPERM")
      throw refuse(`cannot be written: no permission in ${existing.path}`, "Pass --data with a folder you can write to, or change its permissions.");
    if (code === "ENOSPC" || code === "EDQUOT")
      throw refuse(`cannot be created: the disk is full`, "Free some space or pass --data with a folder on another disk.");
    throw error;
  }
}
async function nearestExisting(target) {
  for (let candidate = target; ; candidate = dirname(candidate)) {
    try {
      return { path: candidate, stats: await fs3.stat(candidate) };
    } catch (error) {
      const code = errnoCode(error);
      if (code !== "ENOENT" && code !== "ENOTDIR" || dirname(candidate) === candidate)
        throw error;
      const link = await fs3.readlink(candidate).catch(() => void 0);
      if (link !== void 0)
        return { path: candidate, stats: await fs3.lstat(candidate), danglingTo: resolve(dirname(candidate), link) };
    }
  }
}
async function isKernelFileSystem(path) {
  const stats = await fs3.statfs(path).catch(() => void 0);
  return stats !== void 0 && KERNEL_FS_TYPES.has(stats.type);
}
function kindOf(stats) {
  if (stats.isFile())
    return "a file";
  if (stats.isFIFO())
    return "a named pipe";
  if (stats.isSocket())
    return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice())
    return "a device";
  return "not a regular folder";
}

// dist/src/server/data-lock.js
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import fs4 from "node:fs/promises";
import { join as join2 } from "node:path";
var DATA_LOCK_NAME = "studio.lock";
var DATA_LOCK_STALE_MS = 3e4;
async function lockDataDir(dataDir, staleMs = DATA_LOCK_STALE_MS) {
  const path = join2(dataDir, DATA_LOCK_NAME);
  let holder = { pid: process.pid, host: HOST_NAME, token: randomBytes(8).toString("hex"), processStartedMs: PROCESS_STARTED_MS, since: (/* @__PURE__ */ new Date()).toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, holder))
      break;
    const touchedMs = await fs4.stat(path).then((stats) => stats.mtimeMs, () => void 0);
    if (touchedMs === void 0)
      continue;
    const current = await readHolder(path);
    if (attempt < 3 && isStale(current, touchedMs, staleMs)) {
      const aside = `${path}.stale-${randomBytes(4).toString("hex")}`;
      if (await fs4.rename(path, aside).then(() => true, () => false))
        await fs4.rm(aside, { force: true });
      continue;
    }
    throw inUse(dataDir, path, current);
  }
  const touch = setInterval(() => {
    const now = /* @__PURE__ */ new Date();
    fs4.utimes(path, now, now).catch(() => void 0);
  }, staleMs / 6);
  touch.unref();
  const onExit = () => {
    try {
      if (JSON.parse(readFileSync(path, "utf8")).token === holder.token)
        unlinkSync(path);
    } catch {
    }
  };
  process.once("exit", onExit);
  let released = false;
  return {
    path,
    async setUrl(url) {
      if (released || (await readHolder(path))?.token !== holder.token)
        return;
      holder = { ...holder, url };
      await writeFileAtomic(path, Buffer.from(JSON.stringify(holder))).catch(() => void 0);
    },
    async release() {
      if (released)
        return;
      released = true;
      clearInterval(touch);
      process.off("exit", onExit);
      if ((await readHolder(path))?.token === holder.token)
        await fs4.rm(path, { force: true });
    }
  };
}
async function tryCreate(path, holder) {
  let handle;
  try {
    handle = await fs4.open(path, "wx");
  } catch (error) {
    if (errnoCode(error) === "EEXIST")
      return false;
    throw new PainterlyError("INVALID_OPTION", `Cannot create the lock ${path} of the studio's data folder (${errnoCode(error) ?? String(error)}). Make the folder writable, or pass --data with another folder.`, { cause: error });
  }
  try {
    await handle.writeFile(JSON.stringify(holder));
  } finally {
    await handle.close();
  }
  return true;
}
async function readHolder(path) {
  try {
    const holder = JSON.parse(await fs4.readFile(path, "utf8"));
    return typeof holder.pid === "number" && typeof holder.host === "string" && typeof holder.token === "string" ? holder : void 0;
  } catch {
    return void 0;
  }
}
function isStale(holder, touchedMs, staleMs) {
  if (Date.now() - touchedMs > staleMs)
    return true;
  if (holder === void 0 || holder.host !== HOST_NAME)
    return false;
  if (holder.pid === process.pid)
    return !isThisProcess(holder.pid, holder.processStartedMs);
  return isOwnerGone(holder.pid);
}
function inUse(dataDir, path, holder) {
  const who = holder ? `another studio server (pid ${holder.pid} on ${holder.host === HOST_NAME ? "this machine" : `host ${holder.host}`}, since ${holder.since}${holder.url ? `, at ${holder.url}` : ""})` : `another studio server (its lock ${path} is being written or unreadable)`;
  const stop = holder && holder.host === HOST_NAME ? `Stop that server (kill ${holder.pid})` : "Stop that server";
  return new PainterlyError("INVALID_OPTION", `The studio's data folder ${dataDir} is in use by ${who}: two servers on one folder would both run every job. ${stop}, or pass --data with another folder.`);
}

// dist/src/server/gallery/store.js
import fs5 from "node:fs/promises";
import { join as join3 } from "node:path";
var GalleryStore = class _GalleryStore {
  dir;
  items = /* @__PURE__ */ new Map();
  /** Per item, the last pending write, so writes of one item land in order. */
  writes = /* @__PURE__ */ new Map();
  constructor(dir) {
    this.dir = dir;
  }
  /** Reads every item in `dir` (skipping folders that are not items), removes stale temp files, and records the jobs that were running as stopped. */
  static async open(dir, log = () => void 0) {
    await fs5.mkdir(dir, { recursive: true });
    const store = new _GalleryStore(dir);
    for (const entry of await fs5.readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !isId(entry.name))
        continue;
      const item = await readItem(join3(dir, entry.name, SETTINGS_FILE));
      if (!item || item.id !== entry.name) {
        log(`Skipping ${join3(dir, entry.name)}: no readable ${SETTINGS_FILE}.`);
        continue;
      }
      store.items.set(item.id, item);
      await removeStaleTempFiles(join3(dir, entry.name), () => true);
      if (item.status === "running")
        await store.update(item.id, stoppedWhileRunning(item.mode));
    }
    return store;
  }
  /** Every item, newest first. */
  list() {
    return [...this.items.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
  /** Item `id`, or undefined. */
  find(id) {
    return isId(id) ? this.items.get(id) : void 0;
  }
  /** Item `id`; 404 when there is none. */
  get(id) {
    const item = this.find(id);
    if (!item)
      throw notFound("gallery item", id);
    return item;
  }
  /** The folder of item `id` (made by `create`). */
  folder(id) {
    return join3(this.dir, this.get(id).id);
  }
  /** Where item `id`'s image is (or will be) written. */
  resultPath(id) {
    return join3(this.folder(id), RESULT_FILE);
  }
  /** Adds an item and writes its folder and record. */
  async create(item) {
    if (!isId(item.id))
      throw new Error(`not an id: ${item.id}`);
    await fs5.mkdir(join3(this.dir, item.id), { recursive: true });
    this.items.set(item.id, item);
    await this.persist(item.id);
    return item;
  }
  /** Changes item `id` and writes its record; returns the new item. */
  async update(id, patch) {
    const updated = { ...this.get(id), ...patch, updatedAt: (/* @__PURE__ */ new Date()).toISOString() };
    this.items.set(id, updated);
    await this.persist(id);
    return updated;
  }
  /** Removes item `id` and its folder; 404 when there is none. */
  async delete(id) {
    const folder = this.folder(id);
    this.items.delete(id);
    await (this.writes.get(id) ?? Promise.resolve()).catch(() => void 0);
    await fs5.rm(folder, { recursive: true, force: true });
  }
  /** Writes the current record of `id` after any pending write of it. */
  persist(id) {
    const previous = this.writes.get(id) ?? Promise.resolve();
    const next = previous.catch(() => void 0).then(async () => {
      const item = this.items.get(id);
      if (item)
        await writeFileAtomic(join3(this.dir, id, SETTINGS_FILE), Buffer.from(`${JSON.stringify(item, null, 2)}
`));
    });
    this.writes.set(id, next);
    next.finally(() => {
      if (this.writes.get(id) === next)
        this.writes.delete(id);
    }).catch(() => void 0);
    return next;
  }
};
function stoppedWhileRunning(mode, elapsedMs) {
  if (mode === "fast")
    return { status: "queued", error: void 0, startedAt: void 0, elapsedMs: void 0 };
  return {
    status: "interrupted",
    error: { code: "INTERRUPTED", message: "The server stopped while this job was running; it continues from its checkpoint when the server starts again." },
    resumeOnStart: true,
    ...elapsedMs === void 0 ? {} : { elapsedMs }
  };
}
async function readItem(path) {
  try {
    const parsed = itemSchema.safeParse(JSON.parse(await fs5.readFile(path, "utf8")));
    return parsed.success ? parsed.data : void 0;
  } catch {
    return void 0;
  }
}

// dist/src/server/jobs/job-outcome.js
function progressOf(message, eta) {
  const step = message.type === "tile" ? { unit: "tile", iteration: message.index, iterations: message.count } : { unit: "iteration", iteration: message.iteration, iterations: message.iterations, loss: message.loss };
  const etaMs = eta?.observe(step.iteration, message.elapsedMs);
  return { ...step, elapsedMs: message.elapsedMs, ...etaMs === void 0 ? {} : { etaMs } };
}
function outcomePatch(final, shuttingDown, mode, elapsedMs) {
  const ran = elapsedMs === void 0 ? {} : { elapsedMs: Math.round(elapsedMs) };
  if (final.type === "done") {
    return {
      status: "done",
      result: { width: final.width, height: final.height, ...final.painted ? { painted: final.painted } : {} },
      ...ran,
      ...final.loss === void 0 ? {} : { loss: final.loss },
      ...final.unfinished ? { unfinished: true } : {},
      error: void 0,
      resumeOnStart: void 0
    };
  }
  if (final.type === "failed")
    return { status: "failed", error: { code: final.code, message: final.message, ...final.field ? { field: final.field } : {} }, ...ran };
  if (shuttingDown)
    return stoppedWhileRunning(mode, ran.elapsedMs);
  return { status: "cancelled", ...ran };
}

// dist/src/server/jobs/queue.js
var LANES = ["quality", "fast", "visualize"];
var JobQueue = class {
  limits;
  waiting = [];
  running = /* @__PURE__ */ new Map();
  idleListeners = [];
  constructor(limits) {
    this.limits = limits;
  }
  /** Adds a task at the back of its lane and starts it when the lane has room. */
  enqueue(id, lane, run) {
    this.waiting.push({ id, lane, run });
    this.pump();
  }
  /** Takes a task out before it started; false when it is not waiting (running or unknown). */
  remove(id) {
    const index = this.waiting.findIndex((task) => task.id === id);
    if (index < 0)
      return false;
    this.waiting.splice(index, 1);
    this.pump();
    return true;
  }
  /** 1-based place of a waiting task in its lane, or undefined when it is not waiting. */
  position(id) {
    const task = this.waiting.find((candidate) => candidate.id === id);
    if (!task)
      return void 0;
    return this.waiting.filter((candidate) => candidate.lane === task.lane).indexOf(task) + 1;
  }
  /** Ids of the tasks waiting in order. */
  waitingIds() {
    return this.waiting.map((task) => task.id);
  }
  /** Counts per lane. */
  counts() {
    const count = (lane) => ({
      running: [...this.running.values()].filter((candidate) => candidate === lane).length,
      waiting: this.waiting.filter((task) => task.lane === lane).length
    });
    return { fast: count("fast"), quality: count("quality"), visualize: count("visualize") };
  }
  /** Resolves when nothing runs or waits. */
  idle() {
    if (this.running.size === 0 && this.waiting.length === 0)
      return Promise.resolve();
    return new Promise((resolve2) => this.idleListeners.push(resolve2));
  }
  pump() {
    for (const lane of LANES) {
      while (this.counts()[lane].running < (this.limits[lane] ?? 1)) {
        const index = this.waiting.findIndex((task2) => task2.lane === lane);
        if (index < 0)
          break;
        const [task] = this.waiting.splice(index, 1);
        this.running.set(task.id, lane);
        void task.run().catch(() => void 0).finally(() => {
          this.running.delete(task.id);
          this.pump();
        });
      }
    }
    if (this.running.size === 0 && this.waiting.length === 0) {
      for (const listener of this.idleListeners.splice(0))
        listener();
    }
  }
};

// dist/src/server/jobs/job-manager.js
var JobManager = class {
  queue;
  active = /* @__PURE__ */ new Map();
  /** Measured time per unit of cost of the latest finished job, per lane and weights. */
  paces = /* @__PURE__ */ new Map();
  constructor(limits) {
    this.queue = new JobQueue(limits);
  }
  /** Queues `job`; it starts when its lane has room. */
  enqueue(job) {
    let end = () => void 0;
    const ended = new Promise((resolve2) => end = resolve2);
    const plannedMs = job.segments ? this.estimateMs(job.segments, job.paceKey ?? job.lane) : void 0;
    this.active.set(job.id, { stage: "waiting", plannedMs, cancelRequested: false, keepRequested: false, shuttingDown: false, job, ended, end });
    this.queue.enqueue(job.id, job.lane, () => this.execute(job.id));
  }
  /** The live state of active job `id`, with its place in the queue; undefined once it ended. */
  live(id) {
    const active = this.active.get(id);
    return active && { active, queuePosition: this.queue.position(id) };
  }
  /** Ids of every active job of `lanes`, oldest first. */
  activeIds(lanes = ["fast", "quality"]) {
    return [...this.active.entries()].filter(([, active]) => lanes.includes(active.job.lane)).map(([id]) => id);
  }
  /** Counts per lane. */
  counts() {
    return this.queue.counts();
  }
  /**
   * The time per unit of cost (ms) that jobs of `paceKey` are expected to take: as a running one
   * measures it now, else as measured on the latest finished one, else the measured default
   * (`PRIOR_MS_PER_COST`). Estimates before a job starts and a running job's first estimate both
   * start from it, so they agree, and both follow what this machine does now.
   */
  pace(paceKey) {
    const running = [...this.active.values()].filter((active) => (active.job.paceKey ?? active.job.lane) === paceKey).map((active) => active.eta?.measuredMsPerCostSoFar()).filter((pace) => pace !== void 0);
    return running.at(-1) ?? this.paces.get(paceKey) ?? PRIOR_MS_PER_COST[paceKey] ?? PRIOR_MS_PER_COST["quality:vgg19"];
  }
  /**
   * The time a run of `segments` should take, at `pace(paceKey)`: what `POST /api/estimate` answers
   * and what a job's card shows until its first step.
   *
   * @example
   * jobs.estimateMs([{ steps: 100, costPerStep: 65_536 }], 'quality:vgg19') // → 52429 (at the default pace)
   */
  estimateMs(segments, paceKey) {
    return estimateRunMs(segments, this.pace(paceKey));
  }
  /**
   * Stops job `id`: a waiting job at once, a running one as soon as its worker stops. With `keep`, a
   * running quality job keeps its latest image as an unfinished result. False when it is not active.
   */
  async cancel(id, keep = false) {
    const active = this.active.get(id);
    if (!active)
      return false;
    active.cancelRequested = true;
    if (this.queue.remove(id)) {
      await this.finish(id, { type: "cancelled" });
      return true;
    }
    active.keepRequested = keep && active.job.lane === "quality";
    active.stage = "cancelling";
    active.run?.cancel(active.keepRequested);
    active.job.record.emit?.("status");
    return true;
  }
  /** Resolves when job `id` is no longer active. */
  async settled(id) {
    await this.active.get(id)?.ended;
  }
  /** Stops everything: running jobs stop with `shuttingDown` for their records (quality jobs write their checkpoint); waiting ones stay waiting in their records. */
  async shutdown() {
    const ids = [...this.active.keys()];
    for (const id of ids) {
      const active = this.active.get(id);
      if (!active)
        continue;
      active.shuttingDown = true;
      active.cancelRequested = true;
      if (this.queue.remove(id)) {
        this.forget(id);
        active.job.record.onClosed?.();
      } else
        active.run?.cancel();
    }
    await Promise.all(ids.map((id) => this.settled(id)));
  }
  async execute(id) {
    const active = this.active.get(id);
    if (!active)
      return;
    active.stage = "loading";
    await active.job.record.onStart().catch(() => void 0);
    active.job.record.emit?.("status");
    if (active.cancelRequested)
      return this.finish(id, { type: "cancelled" });
    const run = runInWorker(active.job.workerJob, (message) => this.onProgress(id, message));
    active.run = run;
    await this.finish(id, await run.finished);
  }
  onProgress(id, message) {
    const active = this.active.get(id);
    if (!active || active.stage === "cancelling")
      return;
    const { record } = active.job;
    if (message.type === "load") {
      active.stage = active.job.lane === "fast" ? "stylizing" : "optimizing";
      active.pixels = message.width * message.height;
      active.eta = message.segments ? new RemainingTimeEstimator(message.segments, this.pace(active.job.paceKey ?? active.job.lane)) : void 0;
      void record.onLoad(message).catch(() => void 0).then(() => record.emit?.("load"));
      return;
    }
    if (message.type === "preview") {
      active.preview = { iteration: message.iteration, jpeg: message.jpeg };
      record.emit?.("preview");
      return;
    }
    if (message.type === "tile")
      active.eta ??= new RemainingTimeEstimator([{ steps: message.count, costPerStep: (active.pixels ?? message.count) / message.count }], this.pace(active.job.paceKey ?? active.job.lane));
    if (message.type !== "image") {
      active.progress = progressOf(message, active.eta);
      if (active.progress.iteration >= active.progress.iterations)
        active.stage = "finishing";
    }
    record.onStep?.(message);
    record.emit?.("iteration");
  }
  /** Records how job `id` ended, learns its pace, tells its listeners, and forgets its live state. */
  async finish(id, final) {
    const active = this.active.get(id);
    if (!active)
      return;
    const pace = active.eta?.msPerCost();
    if (final.type === "done" && pace !== void 0 && !final.unfinished)
      this.paces.set(active.job.paceKey ?? active.job.lane, pace);
    const { record } = active.job;
    await record.onEnd(final, active.shuttingDown).catch(() => void 0);
    this.forget(id);
    record.emit?.("status");
    record.onClosed?.();
  }
  forget(id) {
    const active = this.active.get(id);
    this.active.delete(id);
    active?.end();
  }
};

// dist/src/server/visualize/visualization-runs.js
import fs6 from "node:fs/promises";
import { extname, join as join4 } from "node:path";
var MAX_KEPT_RUNS = 20;
var GRID_FILE = "grid.png";
var VisualizationRuns = class _VisualizationRuns {
  dir;
  jobs;
  runs = /* @__PURE__ */ new Map();
  constructor(dir, jobs) {
    this.dir = dir;
    this.jobs = jobs;
  }
  /** Empties (or makes) `dir`: grids of an earlier server are not kept. */
  static async open(dir, jobs) {
    await fs6.rm(dir, { recursive: true, force: true });
    await fs6.mkdir(dir, { recursive: true });
    return new _VisualizationRuns(dir, jobs);
  }
  /** Queues a run; it starts when the runs before it ended. */
  async submit(spec) {
    const network = chooseNetwork(void 0, spec.weights);
    const id = newId();
    const folder = join4(this.dir, id);
    const inputs = join4(folder, "inputs");
    await fs6.mkdir(inputs, { recursive: true });
    const linked = await Promise.all(spec.imagePaths.map(async (path, index) => {
      const target = join4(inputs, `${String(index).padStart(4, "0")}${extname(path).toLowerCase()}`);
      return fs6.link(path, target).catch(() => fs6.copyFile(path, target)).then(() => true, () => false);
    }));
    const imageCount = linked.filter(Boolean).length;
    if (imageCount === 0) {
      await fs6.rm(folder, { recursive: true, force: true });
      throw new HttpError(409, "CONFLICT", "The images just went away (deleted?): paint something first.", "images");
    }
    const view = {
      id,
      status: "queued",
      createdAt: (/* @__PURE__ */ new Date()).toISOString(),
      layer: spec.layer,
      ...spec.unitsText === void 0 ? {} : { units: spec.unitsText },
      ...spec.topUnits === void 0 ? {} : { topUnits: spec.topUnits },
      source: spec.source,
      size: spec.size,
      images: imageCount,
      weights: { requested: spec.weightsRequested }
    };
    const run = { view };
    this.runs.set(id, run);
    const job = {
      kind: "visualize",
      images: inputs,
      layer: spec.layer,
      ...spec.units === void 0 ? {} : { units: spec.units },
      ...spec.topUnits === void 0 ? {} : { topUnits: spec.topUnits },
      sizePx: spec.size,
      network,
      ...spec.threads === void 0 ? {} : { threads: spec.threads },
      ...spec.device === void 0 ? {} : { device: spec.device },
      outputPath: join4(folder, GRID_FILE)
    };
    this.jobs.enqueue({ id, lane: "visualize", workerJob: job, record: this.record(run) });
    void this.prune();
    return view;
  }
  /** Run `id`; 404 when there is none (or `id` is not an id). */
  view(id) {
    return this.get(id).view;
  }
  /** Every run, newest first. */
  list() {
    return [...this.runs.values()].map((run) => run.view).reverse();
  }
  /** The grid of run `id`; 409 until it is done. */
  gridPath(id) {
    const { view } = this.get(id);
    if (view.status !== "done")
      throw new HttpError(409, "CONFLICT", `This visualization has no grid: it is ${view.status}.`);
    return join4(this.dir, view.id, GRID_FILE);
  }
  /** Cancels run `id`: a queued one at once, a running one when its worker stops. 409 when it already ended. */
  async cancel(id) {
    const run = this.get(id);
    if (!await this.jobs.cancel(id)) {
      throw new HttpError(409, "CONFLICT", `This visualization already ended (${run.view.status}); there is nothing to cancel.`);
    }
    return run.view;
  }
  get(id) {
    const run = isId(id) ? this.runs.get(id) : void 0;
    if (!run)
      throw notFound("visualization", id);
    return run;
  }
  /** How the manager records run `run`: in its view, in memory. */
  record(run) {
    let startedMs = 0;
    return {
      onStart: async () => {
        startedMs = performance.now();
        run.view = { ...run.view, status: "running" };
      },
      onLoad: async (message) => {
        run.view = { ...run.view, weights: { ...run.view.weights, name: message.weights, pretrained: message.pretrained, ...message.network ? { network: message.network } : {} } };
      },
      onStep: (message) => {
        if (message.type === "image")
          run.view = { ...run.view, progress: { image: message.index, images: message.images, elapsedMs: Math.round(performance.now() - startedMs) } };
      },
      onEnd: (final, shuttingDown) => this.finish(run, final, shuttingDown)
    };
  }
  async finish(run, final, shuttingDown) {
    const { id } = run.view;
    if (final.type === "done") {
      run.view = {
        ...run.view,
        status: "done",
        result: { width: final.width, height: final.height, imageUrl: `/api/visualize/${id}/image` },
        elapsedMs: Math.round(final.elapsedMs)
      };
    } else if (final.type === "failed") {
      run.view = { ...run.view, status: "failed", error: { code: final.code, message: final.message } };
    } else if (shuttingDown) {
      run.view = { ...run.view, status: "interrupted", error: { code: "INTERRUPTED", message: "The server stopped before this visualization finished." } };
    } else {
      run.view = { ...run.view, status: "cancelled" };
    }
    await fs6.rm(join4(this.dir, id, "inputs"), { recursive: true, force: true }).catch(() => void 0);
  }
  /** Forgets (and deletes) the oldest finished runs beyond `MAX_KEPT_RUNS`. */
  async prune() {
    const finished = [...this.runs.values()].filter((run) => !["queued", "running"].includes(run.view.status));
    for (const run of finished.slice(0, Math.max(0, this.runs.size - MAX_KEPT_RUNS))) {
      this.runs.delete(run.view.id);
      await fs6.rm(join4(this.dir, run.view.id), { recursive: true, force: true }).catch(() => void 0);
    }
  }
};

// dist/src/server/jobs/painting-jobs.js
import { existsSync } from "node:fs";
import fs8 from "node:fs/promises";
import { join as join5 } from "node:path";

// dist/src/server/jobs/resume-check.js
import fs7 from "node:fs/promises";
var START_OVER = "Start over instead: reopen the job and run it again.";
async function checkResumable(jobPath, checkpointPath) {
  const job = await fs7.readFile(jobPath, "utf8").then((text) => JSON.parse(text), () => void 0);
  if (!job || job.kind !== "quality")
    throw new HttpError(400, "CHECKPOINT_MISSING", `This job has no record of its run to continue. ${START_OVER}`);
  const exists = await fs7.stat(checkpointPath).then((stats) => stats.isFile(), () => false);
  if (!exists)
    throw new HttpError(400, "CHECKPOINT_MISSING", `This job has no checkpoint to continue from: it stopped before its first checkpoint was written. ${START_OVER}`);
  try {
    await readCheckpoint(checkpointPath, await runFingerprint(job.options));
  } catch (error) {
    const reason = !isPainterlyError(error) ? "its photo or painting is no longer there" : error.code === "INVALID_OPTION" ? "it belongs to another run (its photo or painting changed)" : "it is damaged";
    throw new HttpError(400, "CHECKPOINT_INVALID", `This job's checkpoint cannot be used: ${reason}. ${START_OVER}`);
  }
  return { ...job, options: { ...job.options, resume: true } };
}

// dist/src/server/jobs/run-clock.js
var ELAPSED_WRITE_MS = 2e3;
var RunClock = class {
  earlierMs;
  startedMs;
  writtenMs;
  /** Starts now; `earlierMs`: what the runs this one continues took (0 for a run from the start). */
  constructor(earlierMs, nowMs = performance.now()) {
    this.earlierMs = earlierMs;
    this.startedMs = nowMs;
    this.writtenMs = nowMs;
  }
  /** The time run in all so far, whole ms. */
  elapsedMs(nowMs = performance.now()) {
    return Math.round(this.earlierMs + Math.max(0, nowMs - this.startedMs));
  }
  /** Whether the total is due to be written again (every `ELAPSED_WRITE_MS`); true marks it written. */
  writeDue(nowMs = performance.now()) {
    if (nowMs - this.writtenMs < ELAPSED_WRITE_MS)
      return false;
    this.writtenMs = nowMs;
    return true;
  }
};

// dist/src/server/jobs/job-view.js
function jobView(item, live, resumable = false) {
  const { resumeOnStart: _resumeOnStart, seq: _seq, ...stored } = item;
  const sources = item.sources ?? fallbackSources(item);
  const done = item.status === "done" ? { imageUrl: `/api/gallery/${item.id}/image`, thumbnailUrl: `/api/gallery/${item.id}/thumbnail` } : {};
  const base = { ...stored, title: item.title ?? titleOf(sources), sources, ...done, ...resumable ? { resumable } : {} };
  if (!live)
    return base;
  return {
    ...base,
    stage: live.stage,
    ...live.queuePosition === void 0 ? {} : { queuePosition: live.queuePosition },
    ...live.elapsedMs === void 0 ? {} : { elapsedMs: live.elapsedMs },
    ...live.progress ? { progress: live.progress } : live.etaMs === void 0 ? {} : { etaMs: live.etaMs },
    ...live.previewIteration === void 0 ? {} : { preview: { iteration: live.previewIteration, url: `/api/jobs/${item.id}/preview?iteration=${live.previewIteration}` } }
  };
}

// dist/src/server/jobs/painting-jobs.js
var CHECKPOINT_FILE = "result.png.checkpoint";
var PaintingJobs = class {
  gallery;
  jobs;
  listeners = /* @__PURE__ */ new Map();
  /** The clock of every running painting. */
  clocks = /* @__PURE__ */ new Map();
  seq = 0;
  constructor(gallery, jobs) {
    this.gallery = gallery;
    this.jobs = jobs;
    this.seq = Math.max(0, ...gallery.list().map((item) => item.seq ?? 0));
  }
  /** Creates the job's gallery item, keeps its worker job and queues it. */
  async submit(job) {
    const id = newId();
    const now = (/* @__PURE__ */ new Date()).toISOString();
    const { settings, title, sources } = job;
    await this.gallery.create({ id, mode: settings.mode, status: "queued", createdAt: now, updatedAt: now, settings, title, sources, seq: ++this.seq });
    const folder = this.gallery.folder(id);
    const workerJob = job.workerJob({ outputPath: this.gallery.resultPath(id), checkpointPath: join5(folder, CHECKPOINT_FILE) });
    await writeFileAtomic(join5(folder, JOB_FILE), Buffer.from(JSON.stringify(workerJob)));
    this.run(id, workerJob, job.segments);
    return this.view(id);
  }
  /** Queues again, in submission order, the jobs that waited when the server stopped (fast jobs it stopped among them) and the quality jobs it interrupted. */
  async restore() {
    const items = this.gallery.list().sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.createdAt.localeCompare(b.createdAt));
    for (const item of items) {
      if (item.status === "queued")
        await this.requeue(item, false);
      else if (item.status === "interrupted" && item.resumeOnStart)
        await this.requeue(item, true);
    }
  }
  /**
   * The time job `job` should take, from the pace of the latest finished job of its kind (or a
   * measured default): the same number its card starts from once submitted (`JobManager.estimateMs`).
   */
  estimate(job) {
    return this.jobs.estimateMs(job.segments, paceKeyOf(job.workerJob({ outputPath: "", checkpointPath: "" })));
  }
  /** Continues interrupted quality job `id` from its checkpoint. 400 (CHECKPOINT_MISSING, CHECKPOINT_INVALID) when it cannot. */
  async resume(id) {
    const item = this.gallery.get(id);
    if (item.mode !== "quality" || item.status !== "interrupted" && item.status !== "failed") {
      throw new HttpError(409, "CONFLICT", `Only an interrupted quality job can be resumed; this one is a ${item.mode} job and ${item.status}. Reopen it to run it again.`);
    }
    const job = await checkResumable(join5(this.gallery.folder(id), JOB_FILE), join5(this.gallery.folder(id), CHECKPOINT_FILE));
    await this.gallery.update(id, { status: "queued", error: void 0, resumeOnStart: void 0 });
    this.run(id, job);
    return this.view(id);
  }
  /** The view of job or gallery item `id` (404 when there is none). */
  view(id) {
    const item = this.gallery.get(id);
    const live = this.jobs.live(id);
    const resumable = item.status === "interrupted" && item.mode === "quality" && existsSync(join5(this.gallery.folder(id), CHECKPOINT_FILE));
    if (!live)
      return jobView(item, void 0, resumable);
    const { active, queuePosition } = live;
    return jobView(item, { stage: active.stage, queuePosition, progress: active.progress, etaMs: active.plannedMs, previewIteration: active.preview?.iteration, elapsedMs: this.clocks.get(id)?.elapsedMs() });
  }
  /** Every active painting, newest first (as before issue 14). */
  activeJobs() {
    return this.jobs.activeIds().filter((id) => this.gallery.find(id)).map((id) => this.view(id)).reverse();
  }
  /** The latest preview JPEG of active job `id`, if it has one. */
  preview(id) {
    return this.jobs.live(id)?.active.preview?.jpeg;
  }
  /** Listens to job `id`'s events; returns the function that stops listening. */
  subscribe(id, listener) {
    const set = this.listeners.get(id) ?? /* @__PURE__ */ new Set();
    set.add(listener);
    this.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0)
        this.listeners.delete(id);
    };
  }
  /** Stops job `id` (with `keep`: stop and keep its latest image). 409 when it already ended. */
  async cancel(id, keep = false) {
    const item = this.gallery.get(id);
    if (!await this.jobs.cancel(id, keep))
      throw new HttpError(409, "CONFLICT", `This job already ended (${item.status}); there is nothing to cancel.`);
    return this.view(id);
  }
  /** Cancels job `id` if it is active and waits until it stopped. */
  async stop(id) {
    if (await this.jobs.cancel(id))
      await this.jobs.settled(id);
  }
  async requeue(item, resume) {
    const folder = this.gallery.folder(item.id);
    const job = await fs8.readFile(join5(folder, JOB_FILE), "utf8").then((text) => JSON.parse(text), () => void 0);
    const checkpoint = existsSync(join5(folder, CHECKPOINT_FILE));
    resume ||= job?.kind === "quality" && checkpoint;
    if (!job || resume && (!checkpoint || job.kind !== "quality")) {
      const message = resume ? "The server stopped before this job finished, and it has no checkpoint to continue from. Reopen it to run it again." : "This job waited when the server stopped and cannot be queued again. Reopen it to run it again.";
      await this.gallery.update(item.id, { status: "interrupted", error: { code: "INTERRUPTED", message }, resumeOnStart: void 0 });
      return;
    }
    let resumed = job;
    if (resume) {
      const checked = await checkResumable(join5(folder, JOB_FILE), join5(folder, CHECKPOINT_FILE)).catch((error) => error);
      if (checked instanceof Error) {
        await this.gallery.update(item.id, { status: "interrupted", error: { code: "INTERRUPTED", message: `The server stopped before this job finished, and it cannot continue: ${checked.message}` }, resumeOnStart: void 0 });
        return;
      }
      resumed = checked;
    }
    await this.gallery.update(item.id, { status: "queued", error: void 0, resumeOnStart: void 0, ...resume ? {} : { elapsedMs: void 0 } });
    this.run(item.id, resumed);
  }
  /** Queues job `id`; `segments`: its planned steps, when known (a new job), for its time estimate from the start. */
  run(id, workerJob, segments) {
    const item = this.gallery.get(id);
    const resumes = workerJob.kind === "quality" && workerJob.options.resume === true;
    this.jobs.enqueue({ id, lane: item.mode, workerJob, record: this.record(id, resumes), paceKey: paceKeyOf(workerJob), ...segments ? { segments } : {} });
  }
  /** How job `id` is recorded in the gallery and streamed; `resumes`: its run continues the earlier ones (and their time). */
  record(id, resumes) {
    const gallery = this.gallery;
    const mode = gallery.get(id).mode;
    const clocks = this.clocks;
    return {
      onStart: async () => {
        clocks.set(id, new RunClock(resumes ? gallery.get(id).elapsedMs ?? 0 : 0));
        await gallery.update(id, { status: "running", startedAt: (/* @__PURE__ */ new Date()).toISOString() });
      },
      onLoad: async (message) => void await gallery.update(id, { weights: { name: message.weights, pretrained: message.pretrained } }),
      // A quality job resumes after a crash with the time it had run, as last written.
      onStep: () => {
        const clock = clocks.get(id);
        if (mode === "quality" && clock?.writeDue() && gallery.find(id))
          void gallery.update(id, { elapsedMs: clock.elapsedMs() }).catch(() => void 0);
      },
      onEnd: async (final, shuttingDown) => {
        const elapsedMs = clocks.get(id)?.elapsedMs();
        clocks.delete(id);
        if (gallery.find(id))
          await gallery.update(id, outcomePatch(final, shuttingDown, mode, elapsedMs));
        if (final.type === "cancelled" && !shuttingDown)
          await fs8.rm(join5(gallery.folder(id), CHECKPOINT_FILE), { force: true }).catch(() => void 0);
      },
      emit: (type) => {
        if (!gallery.find(id))
          return;
        const event = { type, job: this.view(id) };
        for (const listener of this.listeners.get(id) ?? [])
          listener(event);
      },
      onClosed: () => void this.listeners.delete(id)
    };
  }
};

// dist/src/server/preset-samples.js
import fs9 from "node:fs/promises";
import { join as join6 } from "node:path";
var PRESET_SAMPLE_PX = 256;
var SCENE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="192">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4a7fc1"/><stop offset="1" stop-color="#f3d9a4"/></linearGradient></defs>
<rect width="256" height="192" fill="url(#sky)"/><circle cx="190" cy="52" r="22" fill="#ffd35a"/>
<path d="M0 120 Q60 70 120 112 T256 100 V192 H0Z" fill="#4f7d3a"/><path d="M0 150 Q90 125 256 150 V192 H0Z" fill="#2f6f8f"/>
<rect x="52" y="96" width="40" height="30" fill="#c8553d"/><path d="M46 98 L72 76 L98 98Z" fill="#6b2e1f"/><rect x="66" y="108" width="10" height="18" fill="#3b2a20"/>
</svg>`;
var PresetSamples = class {
  dir;
  jobs;
  options;
  making = /* @__PURE__ */ new Map();
  constructor(dir, jobs, options) {
    this.dir = dir;
    this.jobs = jobs;
    this.options = options;
  }
  /** The sample JPEG of preset `name`; 404 when it is no preset or not downloaded. */
  async sample(name) {
    if (!FAST_STYLE_PRESETS.includes(name))
      throw notFound("preset", name);
    const preset = name;
    const path = join6(this.dir, `${preset}.jpg`);
    const cached = await fs9.readFile(path).catch(() => void 0);
    if (cached)
      return cached;
    if (!await isCached(preset))
      throw new HttpError(404, "NOT_FOUND", `The preset ${preset} is not downloaded, so it has no sample yet. Run \`painterly models download ${preset}\`, or use it once.`);
    let making = this.making.get(preset);
    if (!making) {
      making = this.make(preset, path).finally(() => this.making.delete(preset));
      this.making.set(preset, making);
    }
    return making;
  }
  async make(preset, path) {
    await fs9.mkdir(this.dir, { recursive: true });
    const scene = join6(this.dir, "scene.png");
    await writeFileAtomic(scene, await renderSvgPng(SCENE_SVG));
    const outputPath = join6(this.dir, `${preset}.png`);
    const options = presetOptionsSchema.parse({ content: scene, model: preset, size: PRESET_SAMPLE_PX, maxPixels: this.options.maxPixels, device: this.options.device, ...this.options.threads ? { threads: this.options.threads } : {} });
    const final = await new Promise((resolve2) => {
      this.jobs.enqueue({ id: newId(), lane: "fast", workerJob: { kind: "fast", options, outputPath }, record: { onStart: async () => void 0, onLoad: async () => void 0, onEnd: async (message) => resolve2(message) } });
    });
    if (final.type !== "done")
      throw new HttpError(500, "ENGINE_FAILED", `The sample of ${preset} could not be painted (${final.type === "failed" ? final.message : "stopped"}). Try again.`);
    const jpeg = await encodeJpegThumbnail(outputPath, { quality: 82 });
    await writeFileAtomic(path, jpeg);
    await fs9.rm(outputPath, { force: true });
    return jpeg;
  }
};

// dist/src/server/start-server.js
async function startStudioServer(input, log = (message) => process.stderr.write(`${message}
`)) {
  const parsed = parseOptions(serverOptionsSchema, input);
  const options = { ...parsed, data: parsed.data ?? defaultDataDir() };
  assertBindAllowed(options);
  await prepareDataDir(options.data, parsed.data === void 0 ? "the default, under PAINTERLY_HOME or the cache folder" : "--data");
  const lock = await lockDataDir(options.data);
  try {
    return await startOnLockedData(options, lock, log);
  } catch (error) {
    await lock.release();
    throw error;
  }
}
async function startOnLockedData(options, lock, log) {
  const logError = (error) => log(`painterly serve: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  const gallery = await GalleryStore.open(join7(options.data, "gallery"), log);
  const uploads = await UploadStore.open(join7(options.data, "uploads"), { maxBytes: Math.round(options.maxUploadMb * 1e6), maxPixels: options.maxPixels, maxSizePx: MAX_SIZE_PX });
  const uploadReceiver = new UploadReceiver({ maxBytes: uploads.limits.maxBytes, ...UPLOAD_TRANSFER_LIMITS });
  const samples = new SampleLibrary(options.samples, options.maxPixels);
  const assets = await loadStudioAssets(join7(options.data, "studio-build"), log);
  const jobs = new JobManager({ fast: options.fastJobs, quality: options.qualityJobs, visualize: 1 });
  const paintings = new PaintingJobs(gallery, jobs);
  const visualizations = await VisualizationRuns.open(join7(options.data, "visualizations"), jobs);
  const presetSamples = new PresetSamples(join7(options.data, "preset-samples"), jobs, options);
  let port = options.port;
  const hosts = { names: allowedHostNames(options.host, options.allowHosts), port: () => port };
  const app = createApp({ options, hosts, gallery, jobs, paintings, uploads, uploadReceiver, samples, visualizations, presetSamples, assets, log: logError });
  let restored = () => void 0;
  const restoring = new Promise((resolve2) => restored = resolve2);
  const listening = await listen((...request) => restoring.then(() => app.fetch(...request)), options);
  const { server } = listening;
  port = listening.port;
  await paintings.restore().finally(restored);
  const host = isWildcard(options.host) ? options.host === "0.0.0.0" ? "127.0.0.1" : "[::1]" : hostHeaderName(options.host);
  await lock.setUrl(`http://${host}:${port}/`);
  let closing;
  return {
    url: `http://${host}:${port}/`,
    port,
    options,
    hosts: hosts.names,
    close() {
      closing ??= (async () => {
        await jobs.shutdown();
        await new Promise((resolve2) => {
          server.close(() => resolve2());
          if ("closeAllConnections" in server)
            server.closeAllConnections();
        });
        await lock.release();
      })();
      return closing;
    }
  };
}
function assertBindAllowed(options) {
  if (isLoopback(options.host) || options.allowRemote)
    return;
  throw new PainterlyError("INVALID_OPTION", `Listening on ${options.host} lets other machines on the network use this studio (see and delete its photos, run jobs). Pass --allow-remote as well to do that on purpose (the studio then answers only under this machine's names and addresses, plus --allow-host NAME), or leave out --host to listen on 127.0.0.1 only.`);
}
function listenError(error, options) {
  const where = `${options.host}:${options.port}`;
  const reasons = {
    EADDRINUSE: `Port ${options.port} on ${options.host} is already in use (another studio?). Pass --port N, or --port 0 for any free port.`,
    EACCES: `No permission to listen on ${where}. Ports below 1024 need privileges: pass --port 8787 (or any port above 1023).`,
    EADDRNOTAVAIL: `This machine has no address ${options.host}. Pass --host 127.0.0.1 (or an address of this machine).`,
    ENOTFOUND: `Cannot resolve the host ${options.host}. Pass --host 127.0.0.1 (or an address of this machine).`
  };
  const reason = error.code === void 0 ? void 0 : reasons[error.code];
  return reason ? new PainterlyError("INVALID_OPTION", reason, { cause: error }) : error;
}
function listen(fetch, options) {
  return new Promise((resolve2, reject) => {
    const server = serve({ fetch, port: options.port, hostname: options.host }, (info) => resolve2({ server, port: info.port }));
    server.once("error", (error) => reject(listenError(error, options)));
  });
}

export {
  startStudioServer,
  listenError
};
