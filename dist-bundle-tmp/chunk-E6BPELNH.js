import {
  STUDIO_CSP,
  effectiveDefaultWeights
} from "./chunk-AIOI3ZY6.js";
import {
  HttpError,
  encodeImageFile,
  encodeJpegThumbnail,
  requestField,
  tooManyBytes
} from "./chunk-Y7CRH5CI.js";
import {
  segmentsOfSchedule
} from "./chunk-AE3KFWGY.js";
import {
  isCached
} from "./chunk-ZXF4SHAO.js";
import {
  DEFAULT_VISUALIZE_SIZE_PX
} from "./chunk-KVEV2N3B.js";
import {
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import {
  presetOptionsSchema
} from "./chunk-YGESDE6G.js";
import {
  FAST_STYLE_PRESETS,
  PRESET_DESCRIPTIONS
} from "./chunk-CD6T25GO.js";
import {
  STYLIZE_DEFAULTS,
  chooseNetwork,
  describeIssue,
  fitLongSide,
  networkEntryOf,
  planScales,
  stylizeOptionsSchema
} from "./chunk-RLZ7CLXZ.js";
import {
  DARKNET_TINY,
  NETWORK_IDS
} from "./chunk-YB37QKVG.js";
import {
  VGG16,
  VGG19,
  describeLayerNames
} from "./chunk-GYDWO5CP.js";

// dist/src/server/jobs/job-request.js
import { z } from "zod";
var MAX_SIZE_PX = 2048;
var MAX_STYLES = 8;
var FAST_SIZE_PX = 512;
var DEFAULT_STYLE_STRENGTH = 1;
var MAX_STYLE_STRENGTH = 100;
var styleRefSchema = z.object({
  source: z.enum(["sample", "upload"]),
  id: z.string().min(1).max(255),
  weight: z.number().finite().positive().max(1e3).default(1)
});
var WEIGHTS_CHOICES = ["default", ...NETWORK_IDS, "random"];
var commonFields = {
  content: z.string().min(1).max(64),
  originalColors: presetOptionsSchema.shape.originalColors,
  strength: presetOptionsSchema.shape.strength
};
var fastRequestSchema = z.object({
  mode: z.literal("fast"),
  preset: z.enum(FAST_STYLE_PRESETS),
  size: z.number().int().min(16).max(MAX_SIZE_PX).default(FAST_SIZE_PX),
  ...commonFields
});
var qualityRequestSchema = z.object({
  mode: z.literal("quality"),
  styles: z.array(styleRefSchema).min(1).max(MAX_STYLES),
  weights: z.enum(WEIGHTS_CHOICES).default("default"),
  size: z.unknown().optional(),
  iterations: z.unknown().optional(),
  styleWeight: z.unknown().optional(),
  /**
   * The style weight relative to the network's own (β = the network's default × styleStrength), so
   * one number means the same on every network. Either this or an exact `styleWeight`, not both.
   */
  styleStrength: z.number().finite().positive().max(MAX_STYLE_STRENGTH).optional(),
  contentWeight: z.unknown().optional(),
  tvWeight: z.unknown().optional(),
  seed: z.unknown().optional(),
  ...commonFields
});
var jobRequestSchema = z.discriminatedUnion("mode", [fastRequestSchema, qualityRequestSchema]);

// dist/src/server/studio-assets.js
import fs from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
var CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2"
};
function studioSourceDir() {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    if (existsSync(join(dir, "studio", "index.html")))
      return join(dir, "studio");
    dir = dirname(dir);
  }
  return void 0;
}
async function loadStudioAssets(buildDir, log) {
  const source = studioSourceDir();
  if (!source)
    throw new Error("The studio page is missing from this installation (no studio/index.html). Reinstall painterly.");
  let dist = join(source, "dist");
  const built = existsSync(join(dist, "index.html"));
  if (!built || await isStale(source, dist)) {
    try {
      await buildWithVite(source, buildDir);
      dist = buildDir;
    } catch (error) {
      if (!built)
        throw error;
      log(`Serving studio/dist, which is older than the page's sources (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  const assets = /* @__PURE__ */ new Map();
  for (const file of await listFiles(dist)) {
    const path = `/${relative(dist, file).split(sep).join("/")}`;
    const asset = { body: await fs.readFile(file), contentType: CONTENT_TYPES[extname(file)] ?? "application/octet-stream", immutable: path.startsWith("/assets/") };
    assets.set(path === "/index.html" ? "/" : path, asset);
  }
  return assets;
}
async function isStale(source, dist) {
  const builtMs = (await fs.stat(join(dist, "index.html"))).mtimeMs;
  const sources = [join(source, "index.html"), join(source, "vite.config.ts")];
  for (const folder of ["src", "public"]) {
    if (existsSync(join(source, folder)))
      sources.push(...await listFiles(join(source, folder)));
  }
  for (const file of sources) {
    const stats = await fs.stat(file).catch(() => void 0);
    if (stats && stats.mtimeMs > builtMs)
      return true;
  }
  return false;
}
async function buildWithVite(source, outDir) {
  let vite;
  try {
    vite = import.meta.resolve("vite");
  } catch {
    throw new Error("The studio page is not built and Vite is not installed to build it. Run `npm run build:studio` in the painterly folder.");
  }
  const config = { configFile: join(source, "vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } };
  const code = `const { build } = await import(${JSON.stringify(vite)}); await build(${JSON.stringify(config)});`;
  await new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    worker.once("error", (error) => reject(new Error(`Building the studio page failed: ${error.message}`)));
    worker.once("exit", (exitCode) => exitCode === 0 ? resolve() : reject(new Error(`Building the studio page failed (exit code ${exitCode}).`)));
  });
}
async function listFiles(dir) {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => entry.isDirectory() ? listFiles(join(dir, entry.name)) : Promise.resolve(entry.isFile() ? [join(dir, entry.name)] : [])));
  return nested.flat();
}

// dist/src/server/upload-body.js
var UPLOAD_TRANSFER_LIMITS = {
  /** Uploads received at once; one more gets a 429. */
  maxConcurrent: 4,
  /** Below this many bytes per second over `windowMs`, an upload is cut off (408): 32 kB/s sends 25 MB in 13 minutes. */
  minBytesPerS: 32e3,
  windowMs: 1e4
};
var UploadReceiver = class {
  limits;
  active = 0;
  constructor(limits) {
    this.limits = limits;
  }
  /** Uploads being received now. */
  get receiving() {
    return this.active;
  }
  /** The whole body of `request`, or an HttpError (408 too slow, 413 too large, 429 too many at once). */
  async read(request) {
    const { maxBytes, maxConcurrent } = this.limits;
    const declared = Number(request.headers.get("content-length") ?? NaN);
    if (declared > maxBytes)
      throw tooManyBytes(void 0, maxBytes);
    if (this.active >= maxConcurrent) {
      throw new HttpError(429, "TOO_MANY_UPLOADS", `This studio is already receiving ${maxConcurrent} uploads. Wait until one of them has arrived, then send this one again.`);
    }
    this.active += 1;
    try {
      return await this.receive(request, Number.isSafeInteger(declared) && declared >= 0 ? declared : void 0);
    } finally {
      this.active -= 1;
    }
  }
  async receive(request, declared) {
    const { maxBytes, minBytesPerS, windowMs } = this.limits;
    if (!request.body)
      return new Uint8Array(0);
    const reader = request.body.getReader();
    let buffer = Buffer.allocUnsafe(Math.min(declared ?? 64 * 1024, maxBytes));
    let received = 0;
    let failure;
    const stop = (error) => {
      failure ??= error;
      void reader.cancel(error).catch(() => void 0);
    };
    const samples = [{ atMs: Date.now(), bytes: 0 }];
    const stepMs = Math.max(50, Math.floor(windowMs / 10));
    const timer = setInterval(() => {
      const now = Date.now();
      samples.push({ atMs: now, bytes: received });
      while (samples.length > 1 && now - samples[1].atMs >= windowMs)
        samples.shift();
      const oldest = samples[0];
      if (now - oldest.atMs < windowMs)
        return;
      const rate = (received - oldest.bytes) * 1e3 / (now - oldest.atMs);
      if (rate < minBytesPerS)
        stop(tooSlow(rate, this.limits, received, declared));
    }, stepMs);
    timer.unref();
    try {
      for (; ; ) {
        const { done, value } = await reader.read();
        if (failure)
          throw failure;
        if (done)
          break;
        if (received + value.byteLength > maxBytes) {
          stop(tooManyBytes(void 0, maxBytes));
          throw failure;
        }
        if (received + value.byteLength > buffer.length) {
          const grown = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(buffer.length * 2, received + value.byteLength)));
          buffer.copy(grown, 0, 0, received);
          buffer = grown;
        }
        buffer.set(value, received);
        received += value.byteLength;
      }
      if (failure)
        throw failure;
      return buffer.subarray(0, received);
    } finally {
      clearInterval(timer);
    }
  }
};
function tooSlow(rate, limits, received, declared) {
  const kB = (n) => `${Math.round(n / 1e3).toLocaleString("en-US")} kB`;
  const of = declared === void 0 ? "" : ` of ${kB(declared)}`;
  return new HttpError(408, "UPLOAD_TOO_SLOW", `The upload stopped arriving: ${kB(rate)}/s over the last ${limits.windowMs / 1e3} s (after ${kB(received)}${of}), below this studio's minimum of ${kB(limits.minBytesPerS)}/s. Check the connection and send the file again.`);
}

// dist/src/server/gallery/item.js
import { z as z2 } from "zod";
var JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled", "interrupted"];
var FINAL_STATUSES = /* @__PURE__ */ new Set(["done", "failed", "cancelled", "interrupted"]);
var RESULT_FILE = "result.png";
var THUMBNAIL_FILE = "thumbnail.jpg";
var JOB_FILE = "job.json";
var SETTINGS_FILE = "settings.json";
var itemSchema = z2.object({
  id: z2.string(),
  mode: z2.enum(["fast", "quality"]),
  status: z2.enum(JOB_STATUSES),
  createdAt: z2.string(),
  updatedAt: z2.string(),
  /** The job's settings, enough to reopen and re-run it. */
  settings: z2.custom((value) => value !== null && typeof value === "object" && !Array.isArray(value)),
  /** The network weights the job used, e.g. `{ name: 'random', pretrained: false }` or the preset. */
  weights: z2.object({ name: z2.string(), pretrained: z2.boolean() }).optional(),
  /** `painted`: a stop-and-keep result from an earlier, smaller scale was painted at this size (the file is enlarged). */
  result: z2.object({ width: z2.number().int(), height: z2.number().int(), painted: z2.object({ width: z2.number().int(), height: z2.number().int() }).optional() }).optional(),
  error: z2.object({ code: z2.string(), message: z2.string(), field: z2.string().optional() }).optional(),
  /**
   * How long the job ran in all, ms (`RunClock`): across the runs a resumed quality job continues,
   * without the time the server was down. Of a running job, as last written (every few seconds).
   */
  elapsedMs: z2.number().optional(),
  loss: z2.number().optional(),
  /** Share-ready name and what the job is made from (absent on items of older versions: derived from the settings). */
  title: z2.string().optional(),
  sources: z2.custom((value) => value !== null && typeof value === "object").optional(),
  /** Order of submission: waiting jobs are queued again in this order after a restart. */
  seq: z2.number().int().optional(),
  /** When the job's latest run started (a resume starts a run). */
  startedAt: z2.string().optional(),
  /** A "stop and keep" result. */
  unfinished: z2.boolean().optional(),
  /** Interrupted by a stop of the server: resumed from its checkpoint when the server starts again. */
  resumeOnStart: z2.boolean().optional()
});

// dist/src/server/jobs/job-work.js
var PRIOR_MS_PER_COST = { "quality:vgg19": 8e-3, "quality:darknet-tiny": 7e-4, fast: 36e-4, visualize: 36e-4 };
function paceKeyOf(job) {
  return job.kind === "quality" ? `quality:${job.options.networkChoice.family}` : job.kind;
}
function megapixelIterations(input) {
  const { width, height } = fitLongSide(input.contentWidthPx, input.contentHeightPx, input.sizePx);
  return input.iterations * width * height / 1e6;
}
function assertJobWithinLimit(input, maxMegapixelIterations) {
  const work = megapixelIterations(input);
  if (work <= maxMegapixelIterations)
    return;
  const { width, height } = fitLongSide(input.contentWidthPx, input.contentHeightPx, input.sizePx);
  const count = (n) => n >= 100 || Number.isInteger(n) ? Math.floor(n).toLocaleString("en-US") : n.toPrecision(2);
  const mostIterations = Math.floor(maxMegapixelIterations * 1e6 / (width * height));
  throw new HttpError(400, "INVALID_OPTION", `This quality job is too large for this studio: ${count(input.iterations)} iterations at ${width}\xD7${height} px is ${count(work)} megapixel-iterations, over the limit of ${count(maxMegapixelIterations)} (one job would hold the quality queue for hours or days). Use at most ${count(mostIterations)} iterations at this size, or a smaller size (or start the server with a larger --max-megapixel-iterations).`, "iterations");
}

// dist/src/server/validate.js
var jsonFieldName = (field) => field;
var MAX_LINES = 5;
function validateRequest(schema, input, nameOf = jsonFieldName) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new HttpError(400, "INVALID_OPTION", `Expected a JSON object for the request body but received ${Array.isArray(input) ? "an array" : showValue(input)}.`);
  }
  const result = schema.safeParse(input);
  if (result.success)
    return result.data;
  const { issues } = result.error;
  const lines = issues.slice(0, MAX_LINES).map((issue) => `Expected ${describeIssue(issue)} for ${fieldPath(issue.path, nameOf)} but received ${showValue(valueAt(input, issue.path))}.`);
  if (issues.length > MAX_LINES)
    lines.push(`(and ${issues.length - MAX_LINES} more problems)`);
  const field = issues[0]?.path[0];
  throw new HttpError(400, "INVALID_OPTION", lines.join("\n"), field === void 0 ? void 0 : nameOf(String(field)));
}
function showValue(value) {
  if (value === void 0)
    return "nothing";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}\u2026` : text;
}
function fieldPath(path, nameOf) {
  if (path.length === 0)
    return "the request body";
  const [first, ...rest] = path;
  return rest.reduce((shown, key) => typeof key === "number" ? `${shown}[${key}]` : `${shown}.${String(key)}`, nameOf(String(first)));
}
function valueAt(input, path) {
  return path.reduce((value, key) => value !== null && typeof value === "object" ? value[key] : void 0, input);
}

// dist/src/server/jobs/job-title.js
var TITLE_SEPARATOR = " \xD7 ";
var STYLE_SEPARATOR = " + ";
function namePart(fileName) {
  const base = fileName.replace(/\.[a-z0-9]{1,5}$/i, "");
  return base.toLowerCase().trim().replace(/[\s_]+/g, "-").replace(/-{2,}/g, "-") || "image";
}
function titleOf(sources) {
  return `${sources.content.title}${TITLE_SEPARATOR}${sources.styles.map((style) => style.title).join(STYLE_SEPARATOR)}`;
}
function fallbackSources(item) {
  const { settings } = item;
  const content = { title: "photo", imageUrl: `/api/uploads/${settings.content}/image` };
  if (settings.mode === "fast")
    return { content, styles: [{ title: namePart(settings.preset), imageUrl: `/api/presets/${settings.preset}/sample` }] };
  return {
    content,
    styles: settings.styles.map((style) => style.source === "sample" ? { title: namePart(style.id), imageUrl: `/api/samples/${encodeURIComponent(style.id)}/thumbnail`, weight: style.weight } : { title: "painting", imageUrl: `/api/uploads/${style.id}/image`, weight: style.weight })
  };
}
function attachmentHeader(title, extension) {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "-").slice(0, 150).replace(/^[.\s]+|[.\s]+$/g, "");
  const name = `${base || "painterly"}.${extension}`;
  const ascii = name.replace(/×/g, "x").normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "-") || `painterly.${extension}`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// dist/src/server/jobs/resolve-job.js
async function resolveJob(body, resources) {
  const request = validateRequest(jobRequestSchema, body);
  const { options } = resources;
  const content = await inField("content", () => resources.uploads.info(request.content));
  const contentPath = await resources.uploads.imagePath(content.id);
  const contentSource = { title: namePart(content.name), imageUrl: `/api/uploads/${content.id}/image` };
  if (request.mode === "fast") {
    const { originalColors, strength, preset, size } = request;
    const presetInput = { content: contentPath, model: preset, size, strength, originalColors, maxPixels: options.maxPixels, device: options.device, ...options.threads === void 0 ? {} : { threads: options.threads } };
    const presetOptions = validateRequest(presetOptionsSchema, presetInput);
    const sources2 = { content: contentSource, styles: [{ title: namePart(preset), imageUrl: `/api/presets/${preset}/sample` }] };
    const output2 = fitLongSide(content.width, content.height, size);
    return {
      settings: request,
      title: titleOf(sources2),
      sources: sources2,
      lane: "fast",
      segments: [{ steps: 1, costPerStep: output2.width * output2.height }],
      workerJob: ({ outputPath }) => ({ kind: "fast", options: presetOptions, outputPath })
    };
  }
  if (request.styleStrength !== void 0 && request.styleWeight !== void 0) {
    throw new HttpError(400, "INVALID_OPTION", `Expected styleStrength (\xD7 the network's own style weight) or an exact styleWeight, not both, for styleStrength but received styleStrength ${request.styleStrength} with styleWeight ${showValue(request.styleWeight)}. Leave one out.`, "styleStrength");
  }
  const stylePaths = await inField("styles", () => Promise.all(request.styles.map((style) => stylePath(style, resources))));
  const styleSources = await inField("styles", () => Promise.all(request.styles.map((style) => styleSource(style, resources))));
  const weights = request.weights === "default" ? await effectiveDefaultWeights(options.weights) : request.weights;
  await assertWeightsAvailable(weights);
  const styleStrength = request.styleWeight === void 0 ? request.styleStrength ?? DEFAULT_STYLE_STRENGTH : void 0;
  const input = {
    content: contentPath,
    styles: stylePaths,
    styleBlendWeights: request.styles.map((style) => style.weight),
    size: request.size,
    iterations: request.iterations,
    styleWeight: styleStrength === void 0 ? request.styleWeight : defaultStyleWeight(weights) * styleStrength,
    contentWeight: request.contentWeight,
    tvWeight: request.tvWeight,
    seed: request.seed,
    originalColors: request.originalColors,
    strength: request.strength,
    weights,
    maxPixels: options.maxPixels,
    threads: options.threads,
    device: options.device,
    saveEvery: options.previewEvery
  };
  for (const key of Object.keys(input))
    if (input[key] === void 0)
      delete input[key];
  const stylizeOptions = validateRequest(stylizeOptionsSchema, input, (field) => requestField(field) ?? field);
  if (stylizeOptions.size > MAX_SIZE_PX) {
    throw new HttpError(400, "INVALID_OPTION", `Expected a number \u2264 ${MAX_SIZE_PX} for size but received ${stylizeOptions.size}.`, "size");
  }
  assertJobWithinLimit({ contentWidthPx: content.width, contentHeightPx: content.height, sizePx: stylizeOptions.size, iterations: stylizeOptions.iterations }, options.maxMegapixelIterations);
  const settings = {
    mode: "quality",
    content: request.content,
    styles: request.styles,
    weights: request.weights,
    size: stylizeOptions.size,
    iterations: stylizeOptions.iterations,
    ...styleStrength === void 0 ? {} : { styleStrength },
    styleWeight: stylizeOptions.styleWeight,
    contentWeight: stylizeOptions.contentWeight,
    tvWeight: stylizeOptions.tvWeight,
    seed: stylizeOptions.seed,
    originalColors: stylizeOptions.originalColors,
    strength: request.strength
  };
  const sources = { content: contentSource, styles: styleSources };
  const output = fitLongSide(content.width, content.height, stylizeOptions.size);
  const schedule = planScales({ ...output, iterations: stylizeOptions.iterations, mode: stylizeOptions.scales, minScale: stylizeOptions.minScale, minShortSide: 16 });
  return {
    settings,
    title: titleOf(sources),
    sources,
    lane: "quality",
    segments: segmentsOfSchedule(schedule),
    workerJob: ({ outputPath, checkpointPath }) => ({ kind: "quality", options: { ...stylizeOptions, checkpoint: checkpointPath, checkpointEvery: options.checkpointEvery }, outputPath })
  };
}
function defaultStyleWeight(weights) {
  return networkEntryOf(chooseNetwork(void 0, weights)).defaults.styleWeight;
}
async function styleSource(style, resources) {
  if (style.source === "sample")
    return { title: namePart(style.id), imageUrl: `/api/samples/${encodeURIComponent(style.id)}/thumbnail`, weight: style.weight };
  const info = await resources.uploads.info(style.id);
  return { title: namePart(info.name), imageUrl: `/api/uploads/${info.id}/image`, weight: style.weight };
}
function stylePath(style, resources) {
  return style.source === "sample" ? resources.samples.path(style.id) : resources.uploads.imagePath(style.id);
}
async function inField(field, resolve) {
  try {
    return await resolve();
  } catch (error) {
    if (error instanceof HttpError && error.status === 404)
      throw new HttpError(400, "INVALID_OPTION", error.message, field);
    throw error;
  }
}
async function assertWeightsAvailable(weights) {
  if (weights !== "vgg19" || await isCached("vgg19"))
    return;
  throw new HttpError(409, "WEIGHTS_NOT_FOUND", "The pretrained VGG19 weights are not downloaded on this machine. Run `painterly models download vgg19` (80 MB, once), or choose the random weights (offline, clearly lower quality).", "weights");
}

// dist/src/server/visualize/visualize-request.js
import { z as z3 } from "zod";
var MAX_VISUALIZE_UNITS = 64;
var VISUALIZE_SIZE = { default: DEFAULT_VISUALIZE_SIZE_PX, min: 32, max: 512 };
var VISUALIZE_SOURCES = ["results", "photos", "both"];
var visualizeRequestSchema = z3.object({
  layer: z3.string().min(1).max(16),
  units: z3.string().max(200).optional(),
  topUnits: z3.number().int().min(1).max(MAX_VISUALIZE_UNITS).optional(),
  weights: z3.enum(WEIGHTS_CHOICES).default("default"),
  images: z3.enum(VISUALIZE_SOURCES).default("results"),
  size: z3.number().int().min(VISUALIZE_SIZE.min).max(VISUALIZE_SIZE.max).default(VISUALIZE_SIZE.default)
}).strict();
function visualizedNetwork(weights) {
  if (weights === "darknet-tiny" || weights.endsWith(".json"))
    return DARKNET_TINY;
  return weights === "vgg16" ? VGG16 : VGG19;
}
function layerWidth(network, layer) {
  return network.layers.find((candidate) => candidate.name === layer)?.outChannels;
}
function parseVisualizeRequest(body, defaultWeights) {
  const request = validateRequest(visualizeRequestSchema, body);
  const effectiveWeights = request.weights === "default" ? defaultWeights : request.weights;
  const network = visualizedNetwork(effectiveWeights);
  const width = layerWidth(network, request.layer);
  if (width === void 0) {
    throw new HttpError(400, "INVALID_OPTION", `Expected a ${network.displayName} layer (${describeLayerNames(network)}) for layer but received ${JSON.stringify(request.layer)}.`, "layer");
  }
  const unitsText = request.units?.trim() || void 0;
  if (unitsText !== void 0 && request.topUnits !== void 0) {
    throw new HttpError(400, "INVALID_OPTION", "Expected either units or topUnits but received both. Pick units (e.g. 0-7) or the most active ones.", "units");
  }
  if (request.topUnits !== void 0 && request.topUnits > width) {
    throw new HttpError(400, "INVALID_OPTION", `Expected a whole number from 1 to ${width} for topUnits (${request.layer} has ${width} units) but received ${request.topUnits}.`, "topUnits");
  }
  const units = unitsText === void 0 ? void 0 : parseUnits(unitsText, request.layer, width);
  return { layer: request.layer, unitsText, units, topUnits: request.topUnits, weights: request.weights, effectiveWeights, images: request.images, size: request.size };
}
function parseUnits(text, layer, width) {
  const bad = (why) => new HttpError(400, "INVALID_OPTION", `Expected unit numbers and ranges such as 0-7 or 3,7,9-11 (${why}) for units but received ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}\u2026` : text)}.`, "units");
  const units = /* @__PURE__ */ new Set();
  for (const part of text.split(",")) {
    const match = /^\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?$/.exec(part);
    if (!match)
      throw bad("whole numbers, separated by commas");
    const first = Number(match[1]);
    const last = Number(match[2] ?? match[1]);
    if (last < first)
      throw bad(`a range goes up, e.g. ${last}-${first}`);
    if (last >= width)
      throw bad(`${layer} has units 0\u2013${width - 1}`);
    for (let unit = first; unit <= last; unit++) {
      units.add(unit);
      if (units.size > MAX_VISUALIZE_UNITS)
        throw bad(`at most ${MAX_VISUALIZE_UNITS} units at once`);
    }
  }
  return [...units].sort((a, b) => a - b);
}

// dist/src/server/visualize/resolve-visualize-request.js
async function resolveVisualizeRequest(body, serverWeights, missingVgg19Fix) {
  const request = parseVisualizeRequest(body, await effectiveDefaultWeights(serverWeights));
  if (request.effectiveWeights === "vgg19" && !await isCached("vgg19")) {
    throw new HttpError(409, "WEIGHTS_NOT_FOUND", missingVgg19Fix, "weights");
  }
  return request;
}

// dist/src/server/routes/visualize.js
import fs2 from "node:fs/promises";
import { Hono } from "hono";

// dist/src/server/routes/json-request.js
import { bodyLimit } from "hono/body-limit";
var MAX_JOB_REQUEST_BYTES = 64 * 1024;
function jsonRequestLimit(what) {
  return bodyLimit({
    maxSize: MAX_JOB_REQUEST_BYTES,
    onError: () => {
      throw new HttpError(413, "PAYLOAD_TOO_LARGE", `A ${what} is at most ${MAX_JOB_REQUEST_BYTES} bytes of JSON.`);
    }
  });
}
async function jsonRequestBody(c, what) {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, "UNSUPPORTED_MEDIA", `Expected Content-Type: application/json for a ${what} but received ${JSON.stringify(type || "none")}.`);
  }
  return c.req.json().catch(() => {
    throw new HttpError(400, "BAD_REQUEST", "The request body is not valid JSON.");
  });
}

// dist/src/server/routes/visualize.js
var MAX_VISUALIZE_IMAGES = 100;
function visualizeRoutes(services) {
  const { visualizations, options } = services;
  const app = new Hono();
  app.post("/visualize", jsonRequestLimit("visualize request"), async (c) => {
    const body = await jsonRequestBody(c, "visualize request");
    const request = await resolveVisualizeRequest(body, options.weights, "The pretrained VGG19 weights are not downloaded on this machine. Run `painterly models download vgg19` (80 MB, once), or choose the random weights (untrained: they show what a random network responds to).");
    const weights = request.effectiveWeights;
    const imagePaths = await studioImages(request.images, services);
    if (imagePaths.length === 0)
      throw new HttpError(409, "CONFLICT", emptyMessage(request.images), "images");
    const view = await visualizations.submit({
      layer: request.layer,
      unitsText: request.unitsText,
      units: request.units,
      topUnits: request.topUnits,
      source: request.images,
      size: request.size,
      weightsRequested: request.weights,
      weights,
      imagePaths,
      threads: options.threads,
      device: options.device
    });
    return c.json(view, 202);
  });
  app.get("/visualize", (c) => c.json({ runs: visualizations.list() }));
  app.get("/visualize/:id", (c) => c.json(visualizations.view(c.req.param("id"))));
  app.get("/visualize/:id/image", async (c) => {
    const body = await fs2.readFile(visualizations.gridPath(c.req.param("id")));
    return c.body(body, 200, { "Content-Type": "image/png", "Cache-Control": "private, max-age=31536000, immutable" });
  });
  app.post("/visualize/:id/cancel", async (c) => c.json(await visualizations.cancel(c.req.param("id"))));
  return app;
}
async function studioImages(source, services) {
  const { gallery, uploads } = services;
  const paths = [];
  const seen = /* @__PURE__ */ new Set();
  const add = (path) => {
    if (seen.has(path) || paths.length >= MAX_VISUALIZE_IMAGES)
      return;
    seen.add(path);
    paths.push(path);
  };
  for (const item of gallery.list()) {
    if (source !== "photos" && item.status === "done") {
      const path = gallery.resultPath(item.id);
      if (await exists(path))
        add(path);
    }
    if (source !== "results") {
      const content = item.settings.content;
      const path = await uploads.imagePath(content).catch(() => void 0);
      if (path && await exists(path))
        add(path);
    }
  }
  return paths;
}
function emptyMessage(source) {
  if (source === "photos")
    return "No photos to look at yet: paint something first (the photos of the gallery\u2019s paintings are used).";
  return "The gallery has no images yet: paint something first.";
}
async function exists(path) {
  return fs2.stat(path).then((stats) => stats.isFile(), () => false);
}

// dist/src/server/studio-page.js
function studioPageResponse(c, assets) {
  if (c.req.path.startsWith("/api/"))
    throw new HttpError(404, "NOT_FOUND", `No such API route: GET ${c.req.path}.`);
  const asset = assets.get(c.req.path);
  if (!asset)
    throw new HttpError(404, "NOT_FOUND", `No such page: ${c.req.path}.`);
  const headers = {
    "Content-Type": asset.contentType,
    "Cache-Control": asset.immutable ? "public, max-age=31536000, immutable" : "no-cache"
  };
  if (asset.contentType.startsWith("text/html"))
    headers["Content-Security-Policy"] = STUDIO_CSP;
  return c.body(new Uint8Array(asset.body), 200, headers);
}

// dist/src/server/gallery/result-images.js
import fs3 from "node:fs/promises";
var CARD_IMAGE_PX = 480;
var CARD_IMAGE_QUALITY = 78;
var DOWNLOAD_FORMATS = ["png", "jpeg"];
async function cardImage(resultPath, cachePath) {
  const cached = await fs3.readFile(cachePath).catch(() => void 0);
  if (cached)
    return cached;
  const jpeg = await encodeCardImage(resultPath);
  await writeFileAtomic(cachePath, jpeg);
  return jpeg;
}
function encodeCardImage(result) {
  return encodeJpegThumbnail(result, { longSidePx: CARD_IMAGE_PX, quality: CARD_IMAGE_QUALITY, mozjpeg: true });
}
function parseDownloadQuery(format, longSide) {
  const chosen = (format ?? "png").toLowerCase().replace(/^jpg$/, "jpeg");
  if (!DOWNLOAD_FORMATS.includes(chosen)) {
    throw new HttpError(400, "INVALID_OPTION", `Expected png or jpeg for format but received ${JSON.stringify(format)}.`, "format");
  }
  if (longSide === void 0 || longSide === "")
    return { format: chosen };
  const longSidePx = Number(longSide);
  if (!Number.isInteger(longSidePx) || longSidePx < 16 || longSidePx > 65536) {
    throw new HttpError(400, "INVALID_OPTION", `Expected a whole number of pixels from 16 up for longSidePx but received ${JSON.stringify(longSide)}.`, "longSidePx");
  }
  return { format: chosen, longSidePx };
}
var MAX_DOWNLOAD_NAME_CHARS = 150;
function parseDownloadName(name) {
  if (name === void 0)
    return void 0;
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > MAX_DOWNLOAD_NAME_CHARS) {
    throw new HttpError(400, "INVALID_OPTION", `Expected a file name of 1 to ${MAX_DOWNLOAD_NAME_CHARS} characters for name but received ${JSON.stringify(name.slice(0, 40))}${name.length > 40 ? "\u2026" : ""}; leave it out to name the file after the work.`, "name");
  }
  return trimmed;
}
async function downloadImage(result, request) {
  if (request.format === "png" && request.longSidePx === void 0)
    return typeof result === "string" ? fs3.readFile(result) : Buffer.from(result);
  return encodeImageFile(result, request);
}

// dist/src/server/sse.js
import { streamSSE } from "hono/streaming";
var KEEP_ALIVE_MS = 15e3;
function jobEventStream(c, jobs, id) {
  return streamSSE(c, async (stream) => {
    const pending = [];
    let wake;
    let closed = false;
    const unsubscribe = jobs.subscribe(id, (event) => {
      const last = pending.at(-1);
      if (last && last.type === "iteration" && event.type === "iteration")
        pending[pending.length - 1] = event;
      else
        pending.push(event);
      wake?.();
    });
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => void 0), KEEP_ALIVE_MS);
    try {
      const initial = jobs.view(id);
      await stream.writeSSE({ event: "status", data: JSON.stringify(initial) });
      if (isFinal(initial))
        return;
      while (!closed) {
        const event = pending.shift();
        if (!event) {
          await new Promise((resolve) => wake = resolve);
          wake = void 0;
          continue;
        }
        await stream.writeSSE({ event: event.type, data: JSON.stringify(event.job) });
        if (isFinal(event.job))
          break;
      }
    } finally {
      clearInterval(keepAlive);
      unsubscribe();
    }
  });
}
function isFinal(job) {
  return FINAL_STATUSES.has(job.status);
}

// dist/src/server/studio-config.js
async function studioConfig({ options, samples, uploadLimits }) {
  const presets = await Promise.all(FAST_STYLE_PRESETS.map(async (name) => ({ name, description: PRESET_DESCRIPTIONS[name], cached: await isCached(name) })));
  return {
    presets,
    samples: await samples.list(),
    weights: { default: options.weights, effective: await effectiveDefaultWeights(options.weights), vgg19Cached: await isCached("vgg19"), darknetTinyCached: await isCached("darknet-tiny") },
    limits: { maxUploadBytes: uploadLimits.maxBytes, maxPixels: uploadLimits.maxPixels, maxSizePx: MAX_SIZE_PX, maxStyles: MAX_STYLES, maxMegapixelIterations: options.maxMegapixelIterations, maxStyleStrength: MAX_STYLE_STRENGTH },
    queue: { qualityJobs: options.qualityJobs, fastJobs: options.fastJobs },
    defaults: {
      fast: { size: FAST_SIZE_PX },
      quality: { size: STYLIZE_DEFAULTS.size, iterations: STYLIZE_DEFAULTS.iterations, styleStrength: DEFAULT_STYLE_STRENGTH }
    }
  };
}

export {
  RESULT_FILE,
  THUMBNAIL_FILE,
  JOB_FILE,
  SETTINGS_FILE,
  itemSchema,
  cardImage,
  encodeCardImage,
  parseDownloadQuery,
  parseDownloadName,
  downloadImage,
  TITLE_SEPARATOR,
  titleOf,
  fallbackSources,
  attachmentHeader,
  MAX_SIZE_PX,
  jobRequestSchema,
  PRIOR_MS_PER_COST,
  paceKeyOf,
  resolveJob,
  KEEP_ALIVE_MS,
  jobEventStream,
  jsonRequestLimit,
  jsonRequestBody,
  studioConfig,
  visualizeRequestSchema,
  resolveVisualizeRequest,
  MAX_VISUALIZE_IMAGES,
  visualizeRoutes,
  studioPageResponse,
  studioSourceDir,
  loadStudioAssets,
  UPLOAD_TRANSFER_LIMITS,
  UploadReceiver
};
