import {
  errnoCode,
  outputNotWritable,
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import {
  DEFAULT_MAX_PIXELS,
  assertDecodedImage,
  fromInterleaved,
  toInterleaved
} from "./chunk-RLZ7CLXZ.js";
import {
  PainterlyError,
  invalidOption
} from "./chunk-ELBWPZQG.js";

// dist/src/node/image-io.js
import { constants } from "node:fs";
import fs from "node:fs/promises";
import { basename, dirname, extname, resolve } from "node:path";

// dist/src/node/sharp-library.js
var loaded;
function loadSharp() {
  loaded ??= import("sharp").then((module) => module.default);
  return loaded;
}

// dist/src/node/image-io.js
var SUPPORTED_INPUT_FORMATS = ["jpeg", "png", "webp", "tiff", "gif"];
var OUTPUT_FORMATS = {
  ".png": "png",
  ".jpg": "jpeg",
  ".jpeg": "jpeg",
  ".webp": "webp",
  ".tif": "tiff",
  ".tiff": "tiff",
  ".gif": "gif"
};
var DECODE_OVERSAMPLING = 2;
var MIN_DECODED_SHORT_SIDE_PX = 64;
var SHRINK_ON_LOAD_ABOVE_PIXELS = 2 ** 22;
async function readImage(path, options = {}) {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isInteger(maxPixels) || maxPixels < 1)
    throw invalidOption("a positive integer", "maxPixels", maxPixels);
  await assertReadableFile(path);
  const metadata = await (await loadSharp())(path, { limitInputPixels: false, pages: 1 }).metadata().catch((error) => {
    throw decodeFailed(path, error);
  });
  const format = String(metadata.format);
  if (!SUPPORTED_INPUT_FORMATS.includes(format))
    throw decodeFailed(path, new Error(`${format} files are not supported`));
  const frameHeight = metadata.pageHeight ?? metadata.height;
  if (metadata.width * frameHeight > maxPixels)
    throw tooLarge(path, metadata.width, frameHeight, maxPixels);
  const sixteenBit = metadata.depth === "ushort";
  const rotated = (metadata.orientation ?? 1) >= 5;
  const decodeSize = planDecodeSize(rotated ? frameHeight : metadata.width, rotated ? metadata.width : frameHeight, options);
  let pipeline = (await loadSharp())(path, { limitInputPixels: maxPixels, failOn: "error", pages: 1, sequentialRead: true }).autoOrient();
  if (decodeSize)
    pipeline = pipeline.resize(decodeSize.width, decodeSize.height, { kernel: "lanczos3", fit: "fill" });
  const decoded = await pipeline.toColourspace(sixteenBit ? "rgb16" : "srgb").raw(sixteenBit ? { depth: "ushort" } : {}).toBuffer({ resolveWithObject: true }).catch((error) => {
    throw /pixel limit/i.test(String(error)) ? tooLarge(path, metadata.width, frameHeight, maxPixels) : decodeFailed(path, error);
  });
  const { data, info } = decoded;
  const samples = sixteenBit ? ushortSamples(data) : data;
  const { rgb, alpha } = fromInterleaved(samples, info.width, info.height, info.channels, sixteenBit ? 1 / 257 : 1);
  return alpha && alpha.some((value) => value < 255) ? { rgb, alpha, format } : { rgb, format };
}
function planDecodeSize(width, height, targets) {
  const { targetLongSidePx, targetShortSidePx } = targets;
  if (targetLongSidePx === void 0 && targetShortSidePx === void 0)
    return void 0;
  if (width * height <= SHRINK_ON_LOAD_ABOVE_PIXELS)
    return void 0;
  const longSide = Math.max(width, height);
  const shortSide = Math.min(width, height);
  const scale = Math.max(targetLongSidePx === void 0 ? 0 : DECODE_OVERSAMPLING * targetLongSidePx / longSide, targetShortSidePx === void 0 ? 0 : DECODE_OVERSAMPLING * targetShortSidePx / shortSide, MIN_DECODED_SHORT_SIDE_PX / shortSide);
  if (scale > 0.5)
    return void 0;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
async function resizeImage(image, width, height) {
  if (!Number.isInteger(width) || width < 1)
    throw invalidOption("a positive integer", "width", width);
  if (!Number.isInteger(height) || height < 1)
    throw invalidOption("a positive integer", "height", height);
  const channels = image.alpha ? 4 : 3;
  const raw = { width: image.rgb.width, height: image.rgb.height, channels };
  const { data, info } = await (await loadSharp())(toInterleaved(image, 16), { raw, limitInputPixels: false }).resize(width, height, { kernel: "lanczos3", fit: "fill" }).toColourspace("rgb16").raw({ depth: "ushort" }).toBuffer({ resolveWithObject: true });
  return fromInterleaved(ushortSamples(data), info.width, info.height, info.channels, 1 / 257);
}
async function writeImage(path, image) {
  const format = outputFormatFor(path);
  assertDecodedImage(image);
  const raw = { width: image.rgb.width, height: image.rgb.height, channels: image.alpha ? 4 : 3 };
  let pipeline = (await loadSharp())(toInterleaved(image, 8), { raw, limitInputPixels: false });
  if (format === "jpeg" && image.alpha)
    pipeline = pipeline.flatten({ background: "#ffffff" });
  const encoded = await pipeline.toFormat(format, ENCODER_OPTIONS[format]).toBuffer().catch((error) => {
    throw new PainterlyError("INVALID_OPTION", `Cannot encode a ${raw.width}\xD7${raw.height} image as ${format.toUpperCase()} for ${path} (${error instanceof Error ? error.message : String(error)}). Choose another output format, e.g. .png.`, { cause: error });
  });
  await writeFileAtomic(path, encoded);
}
async function checkOutputWritable(path) {
  outputFormatFor(path);
  await checkOutputLocation(path);
}
async function checkOutputLocation(path) {
  const target = resolve(path);
  const directory = dirname(target);
  try {
    if ((await fs.stat(target).catch(() => void 0))?.isDirectory())
      throw Object.assign(new Error(target), { code: "EISDIR" });
    if (!(await fs.stat(directory)).isDirectory())
      throw Object.assign(new Error(directory), { code: "ENOTDIR" });
    await fs.access(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outputNotWritable(path, error);
  }
}
var ENCODER_OPTIONS = {
  png: { compressionLevel: 6 },
  jpeg: { quality: 92, chromaSubsampling: "4:4:4" },
  webp: { quality: 92 },
  tiff: { compression: "lzw" },
  gif: {}
};
function outputFormatFor(path) {
  const extension = extname(path).toLowerCase();
  if (Object.hasOwn(OUTPUT_FORMATS, extension))
    return OUTPUT_FORMATS[extension];
  throw invalidOption(`an output file ending in ${Object.keys(OUTPUT_FORMATS).join(", ")}`, "output", path);
}
async function assertReadableFile(path) {
  const stats = await fs.stat(path).catch(async (error) => {
    const code = errnoCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") {
      if (path.includes("\uFFFD") && await hasUndecodableName(path)) {
        throw new PainterlyError("IMAGE_NOT_FOUND", `Cannot open ${path}: the file exists, but its name is not valid UTF-8 (\uFFFD marks the bytes that are not) and Painterly opens files by UTF-8 name only. Rename it (e.g. with mv and a shell wildcard) and try again.`, { cause: error });
      }
      throw new PainterlyError("IMAGE_NOT_FOUND", `Image not found: ${path} (looked in ${resolve(path)}). Check the path.`, { cause: error });
    }
    throw decodeFailed(path, error);
  });
  if (stats.isDirectory())
    throw new PainterlyError("IMAGE_NOT_FOUND", `Image not found: ${path} is a directory, not an image file.`);
  if (!stats.isFile()) {
    throw new PainterlyError("IMAGE_DECODE_FAILED", `Cannot read ${path} as an image: it is not a regular file (a named pipe, device or socket). Pass an image file.`);
  }
  await fs.access(path, constants.R_OK).catch((error) => {
    throw decodeFailed(path, error);
  });
}
async function hasUndecodableName(path) {
  const names = await fs.readdir(dirname(path), { encoding: "buffer" }).catch(() => []);
  const wanted = basename(path);
  return names.some((name) => name.toString("utf8") === wanted && !Buffer.from(wanted, "utf8").equals(name));
}
function decodeFailed(path, cause) {
  return new PainterlyError("IMAGE_DECODE_FAILED", `Cannot read ${path} as an image (${decoderReason(cause)}). Supported formats: JPEG, PNG, WebP, TIFF, GIF; check that the file is complete and not renamed from another format.`, { cause });
}
function decoderReason(cause) {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/unsupported image format/i.test(message))
    return "not a format Painterly can decode";
  if (/corrupt header|bad seek|insufficient input data|premature end|truncated/i.test(message))
    return "its header or data is corrupt or cut short";
  const firstLine = message.split("\n")[0].trim();
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}\u2026` : firstLine;
}
function tooLarge(path, width, height, maxPixels) {
  const count = (n) => n.toLocaleString("en-US");
  return new PainterlyError("IMAGE_TOO_LARGE", `Image ${path} is ${width}\xD7${height} = ${count(width * height)} pixels, over the limit of ${count(maxPixels)} pixels. Raise the pixel limit or use a smaller image.`, { option: "maxPixels" });
}
function ushortSamples(data) {
  const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
  return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
}

export {
  SUPPORTED_INPUT_FORMATS,
  readImage,
  resizeImage,
  writeImage,
  checkOutputWritable,
  checkOutputLocation
};
