import {
  assertPreset,
  defaultMaxMemoryBytes,
  finishStylized,
  planStylization,
  readFastStyleCheckpoint
} from "./chunk-PEH34LJU.js";
import {
  decodeArrayFile,
  encodeArrayFile,
  isRecord
} from "./chunk-BVQ6QT43.js";
import {
  DownloadDisplay
} from "./chunk-TQG2MF6O.js";
import {
  describeWeights
} from "./chunk-5XEBBNML.js";
import {
  formatDuration
} from "./chunk-BOZZ3PCZ.js";
import {
  guardOutputs,
  resolveNetworkWeights
} from "./chunk-VG24L7ED.js";
import "./chunk-AE3KFWGY.js";
import {
  fieldNamer,
  formatHelp,
  parseCommandLine
} from "./chunk-TAS2NGCL.js";
import {
  ensureModel
} from "./chunk-ZXF4SHAO.js";
import {
  noticeWriter,
  writeJsonEvent
} from "./chunk-A27SZDAY.js";
import "./chunk-5I24BNVP.js";
import {
  openOrtRuntime
} from "./chunk-LLJ2YMLV.js";
import {
  checkOutputLocation,
  readImage,
  resizeImage
} from "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import {
  errnoCode,
  outputNotWritable,
  tempPathFor,
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import {
  DEFAULT_PRESET_VIDEO_SIZE_PX,
  VIDEO_OPTIONS,
  createPresetFrameStylizer,
  createQualityFrameStylizer,
  parseVideoOptions
} from "./chunk-XZALPO55.js";
import "./chunk-UWTGW7CW.js";
import "./chunk-CFMQO7VZ.js";
import "./chunk-YGESDE6G.js";
import "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import {
  createRgbImage,
  fitLongSide,
  networkEntryOf
} from "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  throwIfAborted
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/commands/video.js
import { basename as basename3, extname as extname2, join as join4 } from "node:path";

// dist/src/node/video/video-formats.js
import { extname } from "node:path";
var H264 = ["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p"];
var VIDEO_FORMATS = {
  ".mp4": { muxer: "mp4", videoCodecArgs: H264, copyableAudio: ["aac", "mp3", "alac"], audioEncoder: ["-c:a", "aac", "-b:a", "192k"], muxerArgs: ["-movflags", "+faststart"] },
  ".m4v": { muxer: "mp4", videoCodecArgs: H264, copyableAudio: ["aac", "mp3", "alac"], audioEncoder: ["-c:a", "aac", "-b:a", "192k"], muxerArgs: ["-movflags", "+faststart"] },
  ".mov": { muxer: "mov", videoCodecArgs: H264, copyableAudio: ["aac", "mp3", "alac", "pcm_s16le"], audioEncoder: ["-c:a", "aac", "-b:a", "192k"], muxerArgs: ["-movflags", "+faststart"] },
  ".mkv": { muxer: "matroska", videoCodecArgs: H264, copyableAudio: ["aac", "mp3", "opus", "vorbis", "flac", "ac3", "alac", "pcm_s16le"], audioEncoder: ["-c:a", "aac", "-b:a", "192k"], muxerArgs: [] },
  ".webm": { muxer: "webm", videoCodecArgs: ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32", "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", "-pix_fmt", "yuv420p"], copyableAudio: ["opus", "vorbis"], audioEncoder: ["-c:a", "libopus", "-b:a", "128k"], muxerArgs: [] }
};
function videoFormatFor(path) {
  const format = VIDEO_FORMATS[extname(path).toLowerCase()];
  if (!format) {
    throw new PainterlyError("INVALID_OPTION", `Expected an output ending in ${Object.keys(VIDEO_FORMATS).join(", ")} for --output but received ${path}. Name the file e.g. ${path.replace(/\.[^./]*$/, "")}.mp4.`);
  }
  return format;
}

// dist/src/node/video/stylize-video.js
import fs4 from "node:fs/promises";
import { join as join3 } from "node:path";

// dist/src/node/video/assemble-video.js
import { spawn as spawn3 } from "node:child_process";
import fs2 from "node:fs/promises";
import { basename, dirname, resolve as resolve2 } from "node:path";

// dist/src/node/video/media-file.js
import fs from "node:fs/promises";
import { resolve } from "node:path";
var LOCAL_FILES_ONLY = ["-protocol_whitelist", "file"];
function ffmpegFile(path) {
  return `file:${resolve(path)}`;
}
async function checkLocalVideo(path, name) {
  const absolute = resolve(path);
  let stats;
  try {
    stats = await fs.stat(absolute);
  } catch (error) {
    const code = errnoCode(error);
    const looksLikeUrl = /^[a-z][a-z0-9+.-]*:/i.test(path);
    if (code === "ENOENT" || code === "ENOTDIR") {
      const hint = looksLikeUrl ? " Only local files are read (never URLs or ffmpeg protocols): download the video first and give its file." : " Check the path.";
      throw new PainterlyError("INVALID_OPTION", `Cannot read the video ${path} (${name}): there is no such file (${absolute}).${hint}`);
    }
    throw new PainterlyError("INVALID_OPTION", `Cannot read the video ${path} (${name}): ${code ?? String(error)}. Check the path and its permissions.`);
  }
  if (!stats.isFile()) {
    const what = stats.isDirectory() ? "a folder" : "not a regular file (a named pipe, device or socket, which ffmpeg would wait on)";
    throw new PainterlyError("INVALID_OPTION", `Cannot read the video ${path} (${name}): it is ${what}. Save the video to a file first and give that file.`);
  }
  return absolute;
}

// dist/src/node/video/segment-encoder.js
import { spawn as spawn2 } from "node:child_process";
import { once } from "node:events";

// dist/src/node/video/frame-decoder.js
import { spawn } from "node:child_process";
var DAMAGE_MESSAGES = /partial file|invalid nal|corrupt|error while decoding|moov atom not found|truncat/i;
async function* decodeFrames(tools, request) {
  const { widthPx: width, heightPx: height } = request;
  const args = ["-v", "error", "-nostdin"];
  if (request.startS)
    args.push("-ss", String(request.startS));
  args.push(...LOCAL_FILES_ONLY, "-i", ffmpegFile(request.path));
  if (request.durationS !== void 0)
    args.push("-t", String(request.durationS));
  args.push("-map", "0:v:0", "-an", "-sn", "-vf", `fps=${request.frameRateText},scale=${width}:${height}:flags=bicubic,format=rgb24`, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
  const child = spawn(tools.ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => stderr = (stderr + chunk).slice(-4e3));
  const exited = new Promise((resolve4, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve4(code ?? (signal ? -1 : 1)));
  });
  const onAbort = () => child.kill("SIGTERM");
  request.signal?.addEventListener("abort", onAbort, { once: true });
  const frameBytes = width * height * 3;
  let pending = Buffer.alloc(0);
  let finished = false;
  let frames = 0;
  try {
    for await (const chunk of child.stdout) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= frameBytes) {
        const frame = pending.subarray(0, frameBytes);
        pending = pending.subarray(frameBytes);
        frames += 1;
        yield planarFromInterleaved(frame, width, height);
      }
    }
    const code = await exited;
    finished = true;
    throwIfAborted(request.signal, "The video was cancelled.");
    if (code !== 0 || DAMAGE_MESSAGES.test(stderr)) {
      const reason = stderr.trim().split("\n").slice(-1).join(" ").replace(/^\[[^\]]*\]\s*/, "").trim();
      const seconds = (frames / request.frameRate).toFixed(2);
      throw new PainterlyError("VIDEO_DAMAGED", `${request.path} is truncated or damaged: ffmpeg stopped after ${frames} frames (${seconds} s) with "${reason || `exit code ${code}`}". Export or download it again, or take the part before the damage with --duration ${Math.max(0, Number(seconds) - 0.5).toFixed(1)}.`);
    }
  } finally {
    request.signal?.removeEventListener("abort", onAbort);
    if (!finished) {
      child.kill("SIGTERM");
      await exited.catch(() => void 0);
    }
  }
}
function planarFromInterleaved(bytes, width, height) {
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    data[p] = bytes[3 * p];
    data[plane + p] = bytes[3 * p + 1];
    data[2 * plane + p] = bytes[3 * p + 2];
  }
  return createRgbImage(width, height, data);
}
function interleavedFromPlanar(image) {
  const plane = image.width * image.height;
  const bytes = Buffer.allocUnsafe(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++)
      bytes[3 * p + c] = Math.min(255, Math.max(0, Math.round(image.data[c * plane + p])));
  }
  return bytes;
}

// dist/src/node/video/segment-encoder.js
function openSegmentEncoder(tools, request) {
  const args = [
    "-v",
    "error",
    "-nostdin",
    "-y",
    "-f",
    "rawvideo",
    "-pix_fmt",
    "rgb24",
    "-s",
    `${request.widthPx}x${request.heightPx}`,
    "-framerate",
    request.frameRateText,
    "-i",
    "pipe:0",
    ...request.format.videoCodecArgs,
    "-an",
    "-f",
    "matroska",
    ffmpegFile(request.path)
  ];
  const child = spawn2(tools.ffmpeg, args, { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => stderr = (stderr + chunk).slice(-4e3));
  const exited = exitOf(child);
  child.stdin.on("error", () => void 0);
  const fail = (code) => new PainterlyError("ENCODE_FAILED", `ffmpeg could not encode the video (${stderr.trim().split("\n").pop() || `exit code ${code}`}). Check the disk space and the output format.`);
  return {
    async write(frame) {
      if (child.exitCode !== null)
        throw fail(child.exitCode);
      if (!child.stdin.write(interleavedFromPlanar(frame)))
        await Promise.race([once(child.stdin, "drain"), exited]);
    },
    async finish() {
      child.stdin.end();
      const code = await exited;
      if (code !== 0)
        throw fail(code);
    },
    async abort() {
      child.kill("SIGKILL");
      await exited;
    }
  };
}
function exitOf(child) {
  return new Promise((resolve4, reject) => {
    if (child.exitCode !== null)
      return resolve4(child.exitCode);
    child.on("error", reject);
    child.on("close", (code, signal) => resolve4(code ?? (signal ? -1 : 1)));
  });
}

// dist/src/node/video/assemble-video.js
async function assembleVideo(tools, request) {
  const target = resolve2(request.outputPath);
  await fs2.writeFile(request.listPath, concatList(request.listPath, request.segmentPaths));
  const args = ["-v", "error", "-nostdin", "-y", "-f", "concat", ...LOCAL_FILES_ONLY, "-i", ffmpegFile(request.listPath)];
  const { audio, format } = request;
  if (audio) {
    if (audio.startS > 0)
      args.push("-ss", String(audio.startS));
    args.push(...LOCAL_FILES_ONLY, "-i", ffmpegFile(audio.inputPath));
  }
  args.push("-map", "0:v:0", "-c:v", "copy");
  if (audio) {
    const copy = !audio.trimmed && format.copyableAudio.includes(audio.codec);
    args.push("-map", "1:a:0", ...copy ? ["-c:a", "copy"] : format.audioEncoder);
  }
  const tempPath = tempPathFor(target);
  args.push("-t", request.durationS.toFixed(6), ...format.muxerArgs, "-f", format.muxer, ffmpegFile(tempPath));
  const child = spawn3(tools.ffmpeg, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => stderr = (stderr + chunk).slice(-4e3));
  try {
    const code = await exitOf(child);
    if (code !== 0)
      throw new PainterlyError("ENCODE_FAILED", `ffmpeg could not write ${request.outputPath} (${stderr.trim().split("\n").pop() || `exit code ${code}`}). Check the disk space; the finished frames are kept, so --resume continues from them.`);
    await fs2.rename(tempPath, target).catch((error) => {
      throw outputNotWritable(target, error);
    });
  } finally {
    await fs2.rm(tempPath, { force: true }).catch(() => void 0);
  }
}
function concatList(listPath, segmentPaths) {
  const folder = dirname(resolve2(listPath));
  return segmentPaths.map((path) => {
    const name = basename(path);
    if (dirname(resolve2(path)) !== folder || !/^[\w.-]+$/.test(name) || name.startsWith("."))
      throw new Error(`concatList: ${path} is not a plain file name in ${folder}`);
    return `file '${name}'
`;
  }).join("");
}

// dist/src/node/video/ffmpeg-tools.js
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";
var FFMPEG_INSTALL_HINT = "Install ffmpeg (it brings ffprobe): `sudo apt-get install ffmpeg` on Debian/Ubuntu, `brew install ffmpeg` on macOS, or `npm install @ffmpeg-installer/ffmpeg @ffprobe-installer/ffprobe` next to Painterly; or point PAINTERLY_FFMPEG and PAINTERLY_FFPROBE at the programs.";
var found;
function findFfmpegTools(env = process.env) {
  if (found && env === process.env)
    return found;
  const tools = { ffmpeg: locate("ffmpeg", env), ffprobe: locate("ffprobe", env) };
  if (env === process.env)
    found = tools;
  return tools;
}
function locate(program, env) {
  const variable = program === "ffmpeg" ? "PAINTERLY_FFMPEG" : "PAINTERLY_FFPROBE";
  const configured = env[variable];
  if (configured !== void 0 && configured !== "") {
    if (!runs(configured)) {
      throw new PainterlyError("FFMPEG_MISSING", `${variable} is set to ${configured}, but that does not run as ${program}. Fix the path or unset ${variable}. ${FFMPEG_INSTALL_HINT}`);
    }
    return configured;
  }
  const candidates = [...onPath(program, env.PATH ?? ""), ...fromPackage(program)];
  const usable = candidates.find(runs);
  if (!usable)
    throw new PainterlyError("FFMPEG_MISSING", `Video needs ${program}, and none was found on this machine. ${FFMPEG_INSTALL_HINT}`);
  return usable;
}
function onPath(program, path) {
  return path.split(delimiter).filter((dir) => dir !== "").map((dir) => join(dir, program)).filter((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
function fromPackage(program) {
  const name = program === "ffmpeg" ? "@ffmpeg-installer/ffmpeg" : "@ffprobe-installer/ffprobe";
  try {
    const module = createRequire(import.meta.url)(name);
    return typeof module.path === "string" ? [module.path] : [];
  } catch {
    return [];
  }
}
function runs(file) {
  const result = spawnSync(file, ["-version"], { stdio: ["ignore", "pipe", "ignore"], timeout: 1e4 });
  return result.status === 0 && /version/i.test(String(result.stdout));
}

// dist/src/node/video/opencv-flow.js
import { createRequire as createRequire2 } from "node:module";

// dist/src/engine/video/flow-field.js
function resizeFlow(flow, width, height) {
  if (flow.width === width && flow.height === height)
    return flow;
  const scaleX = width / flow.width;
  const scaleY = height / flow.height;
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  const columns = samplePositions(width, flow.width);
  const rows = samplePositions(height, flow.height);
  for (let y = 0; y < height; y++) {
    const top = rows.lower[y] * flow.width;
    const bottom = rows.upper[y] * flow.width;
    const fy = rows.fraction[y];
    for (let x = 0; x < width; x++) {
      const left = columns.lower[x];
      const right = columns.upper[x];
      const fx = columns.fraction[x];
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const p = y * width + x;
      dx[p] = scaleX * (w00 * flow.dx[top + left] + w01 * flow.dx[top + right] + w10 * flow.dx[bottom + left] + w11 * flow.dx[bottom + right]);
      dy[p] = scaleY * (w00 * flow.dy[top + left] + w01 * flow.dy[top + right] + w10 * flow.dy[bottom + left] + w11 * flow.dy[bottom + right]);
    }
  }
  return { width, height, dx, dy };
}
function samplePositions(size, sourceSize) {
  const lower = new Int32Array(size);
  const upper = new Int32Array(size);
  const fraction = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const position = Math.min(sourceSize - 1, Math.max(0, (i + 0.5) * sourceSize / size - 0.5));
    lower[i] = Math.floor(position);
    upper[i] = Math.min(sourceSize - 1, lower[i] + 1);
    fraction[i] = position - lower[i];
  }
  return { lower, upper, fraction };
}

// dist/src/node/video/opencv-flow.js
var FARNEBACK_DEFAULTS = { maxSidePx: 320, pyramidScale: 0.5, levels: 4, windowSize: 21, iterations: 3, polyN: 5, polySigma: 1.1 };
var loading;
function loadOpenCv() {
  loading ??= new Promise((resolve4) => {
    const cv = createRequire2(import.meta.url)("@techstark/opencv-js");
    if (typeof cv.calcOpticalFlowFarneback === "function")
      resolve4({ cv });
    else
      cv.onRuntimeInitialized = () => resolve4({ cv });
  });
  return loading;
}
async function createOpencvFlowEstimator(options = {}) {
  const settings = { ...FARNEBACK_DEFAULTS, ...options };
  const { cv } = await loadOpenCv();
  const mats = [];
  const own = (mat) => (mats.push(mat), mat);
  let grey;
  const prepare = (width, height) => {
    if (grey && grey.width === width && grey.height === height)
      return grey;
    for (const mat of mats.splice(0))
      mat.delete();
    const scale = Math.min(1, settings.maxSidePx / Math.max(width, height));
    const small = { width: Math.max(8, Math.round(width * scale)), height: Math.max(8, Math.round(height * scale)) };
    const full = [own(new cv.Mat(height, width, cv.CV_8UC1)), own(new cv.Mat(height, width, cv.CV_8UC1))];
    const reduced = scale === 1 ? full : [own(new cv.Mat(small.height, small.width, cv.CV_8UC1)), own(new cv.Mat(small.height, small.width, cv.CV_8UC1))];
    grey = { full, small: reduced, flow: own(new cv.Mat()), width, height };
    return grey;
  };
  return {
    async estimate(current, previous) {
      const { full, small, flow } = prepare(current.width, current.height);
      writeLuma(current, full[0].data);
      writeLuma(previous, full[1].data);
      if (small[0] !== full[0]) {
        const size = new cv.Size(small[0].cols, small[0].rows);
        cv.resize(full[0], small[0], size, 0, 0, cv.INTER_AREA);
        cv.resize(full[1], small[1], size, 0, 0, cv.INTER_AREA);
      }
      cv.calcOpticalFlowFarneback(small[0], small[1], flow, settings.pyramidScale, settings.levels, settings.windowSize, settings.iterations, settings.polyN, settings.polySigma, 0);
      return resizeFlow(splitFlow(flow.data32F, small[0].cols, small[0].rows), current.width, current.height);
    },
    dispose() {
      for (const mat of mats.splice(0))
        mat.delete();
      grey = void 0;
    }
  };
}
function writeLuma(image, target) {
  const plane = image.width * image.height;
  const { data } = image;
  for (let p = 0; p < plane; p++)
    target[p] = Math.min(255, Math.max(0, Math.round(0.299 * data[p] + 0.587 * data[plane + p] + 0.114 * data[2 * plane + p])));
}
function splitFlow(interleaved, width, height) {
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    dx[p] = interleaved[2 * p];
    dy[p] = interleaved[2 * p + 1];
  }
  return { width, height, dx, dy };
}

// dist/src/node/video/prepare-video-engine.js
async function preparePreset(options, hooks = {}) {
  const directory = await ensureModel(options.model, { signal: hooks.signal, onProgress: hooks.onProgress });
  return readFastStyleCheckpoint(directory);
}
async function prepareQuality(options, frame, hooks = {}) {
  const table = networkEntryOf(options.networkChoice).table;
  const longSide = Math.max(frame.width, frame.height);
  const styleImages = [];
  for (const path of options.styles)
    styleImages.push(await readImage(path, { maxPixels: options.maxPixels, targetLongSidePx: Math.ceil(longSide * (options.styleScale ?? 1)) }));
  const request = { ...options, size: longSide, scales: "single", checkpointing: false, maxMemoryBytes: options.maxMemory ?? defaultMaxMemoryBytes() };
  const plan = planStylization(table, frame, styleImages.map((style) => style.rgb), request);
  const weights = await resolveNetworkWeights(options.networkChoice, plan.deepestLayer, hooks);
  const blend = options.styleBlendWeights ?? options.styles.map(() => 1);
  const styles = await Promise.all(styleImages.map(async (style, k) => {
    const size = plan.styleSizeAt(style.rgb, longSide);
    const image = style.rgb.width === size.width && style.rgb.height === size.height ? style.rgb : (await resizeImage(style, size.width, size.height)).rgb;
    return { image, weight: blend[k] };
  }));
  return { weights, styles, settings: plan.settings };
}

// dist/src/node/video/probe-video.js
import { spawn as spawn4 } from "node:child_process";
var PROBE_TIMEOUT_MS = 6e4;
var STILL_IMAGE_FORMATS = /(^|,)(image2|png_pipe|jpeg_pipe|webp_pipe|bmp_pipe|tiff_pipe|gif_pipe|ppm_pipe)(,|$)/;
async function probeVideo(tools, path, options = {}) {
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", ...LOCAL_FILES_ONLY, ffmpegFile(path)];
  const { stdout, stderr, code } = await runProbe(tools.ffprobe, args, path, options);
  if (code !== 0) {
    const reason = lastLine(stderr);
    if (/no such file/i.test(reason))
      throw new PainterlyError("INVALID_OPTION", `Cannot read the video ${path}: there is no such file. Check the path.`);
    throw new PainterlyError("VIDEO_INVALID", `${path} is not a video ffmpeg can read (${reason || `ffprobe exited with ${code}`}). Give a video file such as .mp4, .mov, .mkv or .webm; if it is one, it is damaged: export or download it again.`);
  }
  let probe;
  try {
    probe = JSON.parse(stdout);
  } catch {
    throw new PainterlyError("VIDEO_INVALID", `ffprobe gave no readable description of ${path} (${lastLine(stderr) || "no JSON on its output"}). Check that PAINTERLY_FFPROBE points at ffprobe, or export the video again.`);
  }
  const streams = probe.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === "video" && stream.disposition?.attached_pic !== 1);
  const audio = streams.find((stream) => stream.codec_type === "audio");
  if (!video) {
    const what = audio ? "only sound" : "no streams ffmpeg knows";
    throw new PainterlyError("VIDEO_INVALID", `${path} has no video stream (it holds ${what}). Give a file with pictures: a video such as .mp4, .mov, .mkv or .webm.`);
  }
  if (STILL_IMAGE_FORMATS.test(probe.format?.format_name ?? "") || video.codec_name === "gif" && Number(video.nb_frames ?? 2) < 2) {
    throw new PainterlyError("VIDEO_INVALID", `${path} is a still image, not a video. Repaint it with \`painterly stylize ${path} \u2026\`.`);
  }
  const frameRate = parseFrameRate(video.r_frame_rate, path);
  const average = video.avg_frame_rate ? safeRate(video.avg_frame_rate) : void 0;
  const variableRate = average !== void 0 && average > 0 && Math.abs(average - frameRate.fps) / frameRate.fps > 0.01 ? { averageFps: average } : void 0;
  const durationS = Number(video.duration ?? clockSeconds(video.tags?.DURATION) ?? probe.format?.duration ?? NaN);
  if (!(durationS > 0)) {
    throw new PainterlyError("VIDEO_INVALID", `${path} does not say how long it is, so it is probably truncated or still being written. Export or download it again.`);
  }
  const counted = Number(video.nb_frames);
  const frameCount = Number.isInteger(counted) && counted > 0 ? counted : Math.max(1, Math.round(durationS * frameRate.fps));
  const rotation = Math.abs(Number(video.side_data_list?.find((entry) => entry.rotation !== void 0)?.rotation ?? video.tags?.rotate ?? 0)) % 180;
  const [width, height] = rotation === 90 ? [video.height ?? 0, video.width ?? 0] : [video.width ?? 0, video.height ?? 0];
  if (!(width > 0 && height > 0))
    throw new PainterlyError("VIDEO_INVALID", `${path} has a video stream without a picture size ffmpeg can read. Export it again as .mp4 (H.264).`);
  return { path, width, height, frameRate, durationS, frameCount, codec: video.codec_name ?? "unknown", ...variableRate ? { variableRate } : {}, ...audio ? { audio: { codec: audio.codec_name ?? "unknown" } } : {} };
}
function parseFrameRate(text, path) {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(text ?? "");
  const numerator = match ? Number(match[1]) : NaN;
  const denominator = match?.[2] ? Number(match[2]) : 1;
  const fps = numerator / denominator;
  if (!(fps > 0 && fps <= 1e3))
    throw new PainterlyError("VIDEO_INVALID", `${path} has no usable frame rate (${text ?? "none"}). Add --fps 30, or convert it first: ffmpeg -i ${path} -vf fps=30 constant.mp4`);
  return { numerator, denominator, fps, text: `${numerator}/${denominator}` };
}
function safeRate(text) {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match || Number(match[2]) === 0)
    return void 0;
  return Number(match[1]) / Number(match[2]);
}
function clockSeconds(text) {
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text ?? "");
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : void 0;
}
function lastLine(text) {
  return text.trim().split("\n").pop()?.trim() ?? "";
}
function runProbe(program, args, path, options) {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  return new Promise((resolve4, reject) => {
    if (options.signal?.aborted)
      return reject(cancelled());
    const child = spawn4(program, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let stopped;
    const stop = (error) => {
      stopped ??= error;
      child.kill("SIGKILL");
    };
    const onAbort = () => stop(cancelled());
    const timer = setTimeout(() => stop(new PainterlyError("VIDEO_INVALID", `ffprobe did not finish reading ${path} within ${timeoutMs / 1e3} s. Check that the file is complete and on a disk that answers, or copy it to a local folder first.`)), timeoutMs);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("utf8").on("data", (chunk) => stdout += chunk);
    child.stderr.setEncoding("utf8").on("data", (chunk) => stderr += chunk);
    child.on("error", (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (stopped)
        reject(stopped);
      else
        resolve4({ stdout, stderr, code: code ?? 1 });
    });
  });
}
function cancelled() {
  return new PainterlyError("ABORTED", "The video was cancelled while ffprobe was reading it.");
}

// dist/src/node/video/video-checkpoint.js
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs3 from "node:fs/promises";
import { basename as basename2, dirname as dirname2, join as join2, resolve as resolve3 } from "node:path";
var MAGIC = "PAINTERLY-VIDEO";
var FORMAT = 2;
var CHECKPOINT_NAME = "checkpoint.bin";
function workDirFor(outputPath) {
  const target = resolve3(outputPath);
  return join2(dirname2(target), `.${basename2(target)}.painterly-video`);
}
var SEGMENT_NAME = /^segment-\d{5}\.mkv$/;
function segmentName(index) {
  return `segment-${String(index).padStart(5, "0")}.mkv`;
}
async function writeVideoCheckpoint(workDir, fingerprint, checkpoint) {
  const { coherence } = checkpoint;
  const payload = {
    framesDone: checkpoint.framesDone,
    segments: checkpoint.segments,
    previousFrame: coherence.previousFrame && imageRecord(coherence.previousFrame),
    previousResult: coherence.previousResult && imageRecord(coherence.previousResult),
    statistics: coherence.statistics?.map((layer) => ({ mean: layer.mean, variance: layer.variance }))
  };
  await writeFileAtomic(join2(workDir, CHECKPOINT_NAME), encodeArrayFile(MAGIC, FORMAT, fingerprint, payload));
}
async function readVideoCheckpoint(workDir, fingerprint) {
  const path = join2(workDir, CHECKPOINT_NAME);
  let file;
  try {
    file = await fs3.readFile(path);
  } catch (error) {
    if (errnoCode(error) !== "ENOENT")
      throw new PainterlyError("CHECKPOINT_INVALID", `Cannot read the video checkpoint ${path} (${errnoCode(error) ?? String(error)}). Check its permissions, or run without --resume.`);
    throw new PainterlyError("INVALID_OPTION", `No interrupted run of this output to resume (no ${path}): it finished, or stopped before its first ${"segment"}. Run again without --resume.`);
  }
  const invalid = (reason) => new PainterlyError("CHECKPOINT_INVALID", `The video checkpoint ${path} is damaged (${reason}). Delete the folder (rm -r ${JSON.stringify(workDir)}) and run again without --resume.`);
  const unknownFormat = (format) => invalid(`format ${JSON.stringify(format)}, this version reads 1 and ${FORMAT}`);
  const contents = decodeArrayFile(file, { magic: MAGIC, formats: ["1", String(FORMAT)], invalid, unknownFormat });
  if (contents.fingerprint !== fingerprint) {
    throw new PainterlyError("INVALID_OPTION", `The interrupted run in ${workDir} was made from another input or with other options. Resume with the same command (only --threads and --device may change), or run without --resume to start afresh.`);
  }
  const payload = contents.payload;
  if (!isRecord(payload) || !Number.isSafeInteger(payload.framesDone) || !Array.isArray(payload.segments)) {
    throw invalid("its header lacks the frames done or the segments");
  }
  const segments = payload.segments.map((entry) => {
    if (typeof entry === "string" && SEGMENT_NAME.test(entry))
      return { name: entry, frames: 0, sha256: "" };
    if (!isRecord(entry) || typeof entry.name !== "string" || !SEGMENT_NAME.test(entry.name) || !Number.isSafeInteger(entry.frames) || typeof entry.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw invalid("a segment entry is malformed");
    }
    return { name: entry.name, frames: entry.frames, sha256: entry.sha256 };
  });
  const statistics = Array.isArray(payload.statistics) ? payload.statistics.map((layer) => {
    if (!isRecord(layer) || !(layer.mean instanceof Float32Array) || !(layer.variance instanceof Float32Array))
      throw invalid("its norm statistics are malformed");
    return { mean: layer.mean, variance: layer.variance };
  }) : void 0;
  const coherence = {
    previousFrame: readImageRecord(payload.previousFrame, invalid),
    previousResult: readImageRecord(payload.previousResult, invalid),
    statistics
  };
  return { framesDone: payload.framesDone, segments, coherence };
}
async function verifySegments(workDir, checkpoint) {
  let framesKept = 0;
  for (const [index, segment] of checkpoint.segments.entries()) {
    const reason = await segmentProblem(join2(workDir, segment.name), segment);
    if (reason !== void 0) {
      return { checkpoint: { framesDone: framesKept, segments: checkpoint.segments.slice(0, index), coherence: {} }, damaged: { name: segment.name, reason } };
    }
    framesKept += segment.frames;
  }
  if (framesKept !== checkpoint.framesDone) {
    return { checkpoint: { framesDone: 0, segments: [], coherence: {} }, damaged: { name: CHECKPOINT_NAME, reason: `its segments hold ${framesKept} frames, not the ${checkpoint.framesDone} it says` } };
  }
  return { checkpoint };
}
async function sha256OfFile(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path))
    hash.update(chunk);
  return hash.digest("hex");
}
async function segmentProblem(path, segment) {
  if (segment.sha256 === "")
    return "an older version wrote it without a checksum";
  try {
    return await sha256OfFile(path) === segment.sha256 ? void 0 : "its checksum differs";
  } catch (error) {
    return errnoCode(error) === "ENOENT" ? "it is missing" : `it cannot be read (${errnoCode(error) ?? String(error)})`;
  }
}
async function videoFingerprint(inputPath, options) {
  const hash = createHash("sha256");
  const stat = await fs3.stat(inputPath);
  hash.update(JSON.stringify([stat.size, Math.round(stat.mtimeMs), Object.entries(options).sort(([a], [b]) => a.localeCompare(b))]));
  const handle = await fs3.open(inputPath, "r");
  try {
    const head = Buffer.alloc(Math.min(stat.size, 2 ** 20));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}
function imageRecord(image) {
  return { width: image.width, height: image.height, data: image.data };
}
function readImageRecord(value, invalid) {
  if (value === void 0 || value === null)
    return void 0;
  if (!isRecord(value) || !Number.isSafeInteger(value.width) || !Number.isSafeInteger(value.height) || !(value.data instanceof Float32Array))
    throw invalid("a saved frame is malformed");
  try {
    return createRgbImage(value.width, value.height, value.data);
  } catch {
    throw invalid("a saved frame has the wrong number of values");
  }
}

// dist/src/node/video/stylize-video.js
async function stylizeVideo(input, hooks = {}) {
  const options = parseVideoOptions(input);
  const started = Date.now();
  const emit = (event) => hooks.onProgress?.(event);
  if (options.engine.kind === "preset")
    assertPreset(options.engine.options.model);
  const inputPath = await checkLocalVideo(options.input, "input");
  const tools = findFfmpegTools();
  const format = videoFormatFor(options.output);
  const info = await probeVideo(tools, inputPath, { signal: hooks.signal });
  const plan = planVideo(info, options);
  emit({ type: "probe", widthPx: info.width, heightPx: info.height, frameRate: info.frameRate.text, durationS: info.durationS, frames: info.frameCount, audio: info.audio !== void 0 });
  const workDir = workDirFor(options.output);
  const fingerprint = await videoFingerprint(inputPath, fingerprintFields(options, plan));
  let checkpoint = { framesDone: 0, segments: [], coherence: {} };
  if (options.resume) {
    const verified = await verifySegments(workDir, await readVideoCheckpoint(workDir, fingerprint));
    checkpoint = verified.checkpoint;
    if (verified.damaged)
      emit({ type: "segment-damaged", segment: verified.damaged.name, reason: verified.damaged.reason, fromFrame: checkpoint.framesDone });
    await removeUnlisted(workDir, checkpoint.segments);
  } else {
    await fs4.rm(workDir, { recursive: true, force: true });
  }
  await fs4.mkdir(workDir, { recursive: true });
  const runtime = await openOrtRuntime({ device: options.engine.options.device, threads: options.engine.options.threads, onNotice: hooks.onNotice });
  const flow = options.independent ? void 0 : await createOpencvFlowEstimator({ maxSidePx: options.flowSize });
  const onDownload = (event) => emit(event);
  let stylizer;
  let segment;
  try {
    const engine = await createStylizer(options, plan, { runtime, flow, onDownload, emit, signal: hooks.signal }, checkpoint.coherence);
    stylizer = engine.stylizer;
    emit({ type: "start", engine: options.engine.kind, name: engine.name, pretrained: engine.pretrained, widthPx: plan.widthPx, heightPx: plan.heightPx, frames: plan.frames, fromFrame: checkpoint.framesDone, frameRate: plan.frameRate, provider: runtime.provider });
    let framesDone = checkpoint.framesDone;
    const segments = [...checkpoint.segments];
    let index = 0;
    let inSegment = 0;
    const runStarted = Date.now();
    const frameTimes = [];
    for await (const frame of decodeFrames(tools, { path: inputPath, widthPx: plan.widthPx, heightPx: plan.heightPx, frameRateText: plan.frameRate, frameRate: plan.frameRateValue, startS: options.start, durationS: options.duration, signal: hooks.signal })) {
      if (index++ < checkpoint.framesDone)
        continue;
      throwIfAborted(hooks.signal, CANCELLED, "resume");
      const frameStarted = Date.now();
      const result2 = await stylizer.stylize(frame);
      const finished = finish(options, result2.image, frame);
      if (!segment) {
        segment = openSegmentEncoder(tools, { path: join3(workDir, segmentName(segments.length)), widthPx: plan.widthPx, heightPx: plan.heightPx, frameRateText: plan.frameRate, format });
      }
      await segment.write(finished);
      framesDone += 1;
      inSegment += 1;
      frameTimes.push(Date.now() - frameStarted);
      const elapsedMs = Date.now() - runStarted;
      emit({ type: "frame", frame: framesDone, frames: Math.max(plan.frames, framesDone), shotStart: result2.shotStart, consistentShare: result2.consistentShare, frameMs: frameTimes[frameTimes.length - 1], elapsedMs, etaMs: remainingMs(frameTimes, Math.max(0, plan.frames - framesDone)) });
      if (inSegment === options.segmentFrames) {
        await closeSegment();
      }
    }
    if (segment)
      await closeSegment();
    assertWholePart(options, plan, index, info);
    if (framesDone === 0)
      throw new PainterlyError("VIDEO_INVALID", `No frames were decoded from ${options.input}${options.start ? ` after --start ${options.start}` : ""}. Check --start and --duration against the clip's length (${info.durationS.toFixed(2)} s).`);
    throwIfAborted(hooks.signal, CANCELLED, "resume");
    const durationS = framesDone / plan.frameRateValue;
    await assembleVideo(tools, {
      outputPath: options.output,
      format,
      segmentPaths: segments.map((record) => join3(workDir, record.name)),
      listPath: join3(workDir, "segments.txt"),
      durationS,
      audio: info.audio ? { inputPath, codec: info.audio.codec, startS: options.start, trimmed: options.start > 0 || options.duration !== void 0 } : void 0
    });
    await fs4.rm(workDir, { recursive: true, force: true });
    const result = { outputPath: options.output, frames: framesDone, widthPx: plan.widthPx, heightPx: plan.heightPx, frameRate: plan.frameRate, audio: info.audio !== void 0, elapsedMs: Date.now() - started };
    emit({ type: "done", frames: framesDone, elapsedMs: result.elapsedMs, outputPath: options.output });
    return result;
    async function closeSegment() {
      await segment.finish();
      segment = void 0;
      const name = segmentName(segments.length);
      segments.push({ name, frames: inSegment, sha256: await sha256OfFile(join3(workDir, name)) });
      inSegment = 0;
      await writeVideoCheckpoint(workDir, fingerprint, { framesDone, segments, coherence: stylizer.state() });
      emit({ type: "checkpoint", frames: framesDone, segments: segments.length });
    }
  } finally {
    await segment?.abort();
    await stylizer?.release();
    flow?.dispose();
  }
}
function planVideo(info, options) {
  const longSide = Math.max(info.width, info.height);
  const wanted = options.size ?? (options.engine.kind === "preset" ? Math.min(longSide, DEFAULT_PRESET_VIDEO_SIZE_PX) : options.engine.options.size);
  const fitted = fitLongSide(info.width, info.height, wanted);
  const widthPx = Math.max(2, fitted.width - fitted.width % 2);
  const heightPx = Math.max(2, fitted.height - fitted.height % 2);
  if (info.variableRate && options.fps === void 0) {
    const suggestion = Math.round(info.variableRate.averageFps);
    throw new PainterlyError("VIDEO_INVALID", `${info.path} has a variable frame rate (${info.variableRate.averageFps.toFixed(2)} frames/s on average, up to ${info.frameRate.fps.toFixed(2)}). Pick a constant one: add --fps ${suggestion} (frames are repeated or dropped to keep time), or convert it first: ffmpeg -i ${info.path} -vf fps=${suggestion} constant.mp4`);
  }
  const frameRate = options.fps !== void 0 ? rateText(options.fps) : info.frameRate.text;
  const frameRateValue = options.fps ?? info.frameRate.fps;
  if (options.start >= info.durationS) {
    throw new PainterlyError("INVALID_OPTION", `Expected a --start before the end of the clip (${info.durationS.toFixed(2)} s) but received ${options.start}.`);
  }
  const partS = Math.min(info.durationS - options.start, options.duration ?? Infinity);
  return { widthPx, heightPx, frameRate, frameRateValue, frames: Math.max(1, Math.round(partS * frameRateValue)) };
}
function rateText(fps) {
  if (Number.isInteger(fps))
    return `${fps}/1`;
  return `${Math.round(fps * 1e3)}/1000`;
}
async function createStylizer(options, plan, context, restored) {
  const size = { width: plan.widthPx, height: plan.heightPx };
  const { engine } = options;
  if (engine.kind === "preset") {
    const checkpoint = await preparePreset(engine.options, { onProgress: context.onDownload, signal: context.signal });
    const stylizer2 = createPresetFrameStylizer(context.runtime, checkpoint, size, { independent: options.independent, blend: options.blend, statisticsRate: options.normRate, flow: context.flow }, restored);
    return { stylizer: stylizer2, name: `preset ${engine.options.model}`, pretrained: true };
  }
  const quality = await prepareQuality(engine.options, size, { onProgress: context.onDownload });
  const onProgress = (event) => {
    if (event.type === "iteration")
      context.emit({ type: "iteration", iteration: event.iteration, iterations: event.iterations, loss: event.loss, temporal: event.temporal, elapsedMs: event.elapsedMs });
  };
  const stylizer = createQualityFrameStylizer({ runtime: context.runtime, ...quality, laterIterations: engine.laterIterations, temporalWeight: options.temporalWeight, independent: options.independent, flow: context.flow, onProgress, signal: context.signal }, restored);
  return { stylizer, name: describeWeights({ networkName: quality.weights.network.displayName, source: quality.weights.source, pretrained: quality.weights.pretrained }), pretrained: quality.weights.pretrained };
}
function finish(options, image, frame) {
  const { strength, originalColors } = options.engine.options;
  return finishStylized(image, frame, { strength, originalColors });
}
function remainingMs(frameTimes, framesLeft) {
  const recent = frameTimes.length > 1 ? frameTimes.slice(1).slice(-24) : frameTimes;
  return recent.reduce((sum, ms) => sum + ms, 0) / recent.length * framesLeft;
}
function fingerprintFields(options, plan) {
  const { resume: _resume, output: _output, input: _input, engine, ...video } = options;
  const { threads: _threads, device: _device, ...engineOptions } = engine.options;
  return { ...video, plan, engine: engine.kind, engineOptions: JSON.stringify(engineOptions) };
}
async function removeUnlisted(workDir, segments) {
  const names = await fs4.readdir(workDir).catch(() => []);
  const keep = /* @__PURE__ */ new Set([...segments.map((record) => record.name), "checkpoint.bin"]);
  await Promise.all(names.filter((name) => !keep.has(name)).map((name) => fs4.rm(join3(workDir, name), { force: true, recursive: true })));
}
var MISSING_FRAMES_TOLERANCE = { frames: 2, share: 0.03 };
function assertWholePart(options, plan, framesRead, info) {
  const missing = plan.frames - framesRead;
  if (framesRead === 0 || missing <= Math.max(MISSING_FRAMES_TOLERANCE.frames, plan.frames * MISSING_FRAMES_TOLERANCE.share))
    return;
  const readS = framesRead / plan.frameRateValue;
  throw new PainterlyError("VIDEO_DAMAGED", `${options.input} is truncated or damaged: it says it lasts ${info.durationS.toFixed(2)} s, so ${plan.frames} frames were expected${options.start || options.duration ? " in the part asked for" : ""}, but only ${framesRead} (${readS.toFixed(2)} s) could be read. Export or download it again, or set duration to ${Math.max(0.1, readS - 0.1).toFixed(1)} s to paint the part that is there.`);
}
var CANCELLED = "The video was cancelled; the finished segments are kept: resume the run to continue.";

// dist/src/cli/commands/video-progress.js
var BAR_WIDTH = 24;
var VideoProgress = class {
  stream;
  mode;
  start;
  lastDrawMs = 0;
  lastTenth = -1;
  frame = 0;
  iteration;
  rate = "";
  constructor(stream, mode) {
    this.stream = stream;
    this.mode = mode;
  }
  update(event) {
    if (this.mode === "quiet")
      return;
    switch (event.type) {
      case "start": {
        this.start = event;
        this.frame = event.fromFrame;
        const resumed = event.fromFrame > 0 ? `, resuming after frame ${event.fromFrame}` : "";
        this.stream.write(`Painting ${event.frames} frames at ${event.widthPx}\xD7${event.heightPx} with ${event.name}${resumed}
`);
        return;
      }
      case "frame": {
        this.frame = event.frame;
        this.iteration = void 0;
        const fps = event.frameMs > 0 ? 1e3 / event.frameMs : 0;
        this.rate = fps >= 1 ? `${fps.toFixed(1)} frames/s` : `${(event.frameMs / 1e3).toFixed(1)} s/frame`;
        return this.draw(event.frames, event.etaMs, event.frame === event.frames);
      }
      case "iteration":
        this.iteration = { iteration: event.iteration + 1, iterations: event.iterations };
        return this.draw(this.start?.frames ?? 0, void 0, false);
      case "segment-damaged":
        this.stream.write(`The interrupted run's ${event.segment} cannot be used (${event.reason}): painting again from frame ${event.fromFrame + 1}.
`);
        return;
      case "done":
        this.interrupt();
        this.stream.write(`Wrote ${event.outputPath} (${event.frames} frames${this.start ? `, ${this.start.widthPx}\xD7${this.start.heightPx}` : ""}, ${formatDuration(event.elapsedMs)})
`);
        return;
      default:
        return;
    }
  }
  /** Ends the bar's line, e.g. before an error message. */
  interrupt() {
    if (this.mode === "bar" && this.lastDrawMs > 0)
      this.stream.write("\n");
    this.lastDrawMs = 0;
  }
  draw(frames, etaMs, last) {
    if (frames <= 0)
      return;
    const inFrame = this.iteration ? `  frame ${this.frame + 1}: step ${this.iteration.iteration}/${this.iteration.iterations}` : "";
    const eta = etaMs === void 0 ? "" : `  ETA ${formatDuration(etaMs)}`;
    const text = `${String(this.frame).padStart(String(frames).length)}/${frames} frames  ${this.rate}${eta}${inFrame}`;
    if (this.mode === "bar") {
      const now = Date.now();
      if (now - this.lastDrawMs < 100 && !last)
        return;
      this.lastDrawMs = now;
      const filled = Math.round(Math.min(this.frame, frames) / frames * BAR_WIDTH);
      this.stream.write(`\r[${"\u2588".repeat(filled)}${"\u2591".repeat(BAR_WIDTH - filled)}] ${text}\x1B[K`);
      return;
    }
    if (this.iteration)
      return;
    const tenth = Math.floor(this.frame / frames * 10);
    if (tenth === this.lastTenth)
      return;
    this.lastTenth = tenth;
    this.stream.write(`${text}
`);
  }
};

// dist/src/cli/commands/video.js
var VIDEO_HELP = formatHelp({
  usage: "painterly video INPUT [--output OUT.mp4] (--model PRESET | --style IMAGE \u2026) [options]",
  summary: "Repaints a video clip frame by frame, keeping the strokes steady from frame to frame: the optical flow between frames (computed on the CPU with OpenCV, forward and backward) carries each painted frame into the next wherever the motion is reliable, and shot cuts start afresh. Presets take well under a second per frame; the quality engine takes seconds. ffmpeg decodes and encodes (frames go through pipes, the sound is kept); a killed run continues with --resume.",
  options: VIDEO_OPTIONS,
  notes: [
    "Needs ffmpeg and ffprobe: Debian/Ubuntu `sudo apt-get install ffmpeg`, macOS `brew install ffmpeg`, or `npm install @ffmpeg-installer/ffmpeg @ffprobe-installer/ffprobe`; or set PAINTERLY_FFMPEG / PAINTERLY_FFPROBE. See docs/video.md for the method and measurements."
  ],
  examples: [
    "painterly video clip.mp4 --model udnie --size 640 --output clip-udnie.mp4",
    "painterly video clip.mp4 --style starry_night.jpg --network darknet-tiny --size 480 -o clip-starry.mp4",
    "painterly video long.mov --model wave --start 30 --duration 10 -o part.mp4",
    "painterly video clip.mp4 --model udnie -o clip-udnie.mp4 --resume   # after a Ctrl-C or a crash"
  ]
});
async function runVideoCommand(argv, context) {
  const { values, positionals } = parseCommandLine(VIDEO_OPTIONS, argv);
  if (values.help) {
    process.stdout.write(VIDEO_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new PainterlyError("INVALID_OPTION", positionals.length === 0 ? "Expected a video file (INPUT) but received nothing, e.g. `painterly video clip.mp4 --model udnie -o clip-udnie.mp4`. Run `painterly video --help` for every option." : `Expected one video file (INPUT) but received ${positionals.length}: ${positionals.join(" ")}. Give one clip per run.`);
  }
  const [input] = positionals;
  const { json, quiet, help: _help, ...rest } = values;
  const output = typeof rest.output === "string" ? rest.output : join4(process.cwd(), `${basename3(input, extname2(input))}-painted.mp4`);
  const options = parseVideoOptions({ ...rest, input, output }, fieldNamer(VIDEO_OPTIONS, { input: "INPUT" }));
  videoFormatFor(options.output);
  await checkOutputLocation(options.output);
  await guardOutputs({ inputs: [{ path: options.input, role: "the INPUT video" }, ...options.engine.kind === "quality" ? options.engine.options.styles.map((path) => ({ path, role: "a --style image" })) : []], outputs: [{ path: options.output, role: "the output" }] });
  const downloads = new DownloadDisplay(process.stderr, Boolean(process.stderr.isTTY) && !quiet && !json);
  const display = new VideoProgress(process.stderr, quiet || json ? "quiet" : process.stderr.isTTY ? "bar" : "lines");
  const onProgress = (event) => {
    if (json)
      return writeJsonEvent({ ...event });
    if (event.type === "download")
      return quiet ? void 0 : downloads.update(event);
    if (event.type === "start")
      downloads.finish();
    display.update(event);
  };
  try {
    const result = await stylizeVideo(options, { onProgress, signal: context.signal, onNotice: noticeWriter(quiet) });
    if (json)
      writeJsonEvent({ type: "output", path: result.outputPath, frames: result.frames, widthPx: result.widthPx, heightPx: result.heightPx, frameRate: result.frameRate, audio: result.audio });
  } catch (error) {
    display.interrupt();
    throw error;
  }
  return 0;
}
export {
  VIDEO_HELP,
  runVideoCommand
};
