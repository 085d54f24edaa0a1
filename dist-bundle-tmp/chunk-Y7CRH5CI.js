import {
  SUPPORTED_INPUT_FORMATS
} from "./chunk-SXACJSYC.js";
import {
  removeStaleTempFiles,
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import {
  toInterleaved
} from "./chunk-RLZ7CLXZ.js";
import {
  isPainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/server/http-errors.js
var HttpError = class extends Error {
  status;
  code;
  field;
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.name = "HttpError";
  }
};
var STATUS_BY_CODE = {
  INVALID_OPTION: 400,
  IMAGE_NOT_FOUND: 404,
  IMAGE_DECODE_FAILED: 415,
  IMAGE_TOO_LARGE: 413,
  OUTPUT_NOT_WRITABLE: 500,
  WEIGHTS_NOT_FOUND: 409,
  WEIGHTS_INVALID: 409,
  MODEL_UNKNOWN: 400,
  DOWNLOAD_FAILED: 502,
  CHECKSUM_MISMATCH: 502,
  CHECKPOINT_INVALID: 409,
  ABORTED: 409,
  ENGINE_FAILED: 500,
  DEVICE_UNAVAILABLE: 503,
  VIDEO_INVALID: 415,
  VIDEO_DAMAGED: 415,
  FFMPEG_MISSING: 500,
  ENCODE_FAILED: 500
};
function errorResponse(error, log) {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...error.field ? { field: error.field } : {} } } };
  }
  if (isPainterlyError(error)) {
    const field = requestField(error.option);
    return { status: STATUS_BY_CODE[error.code] ?? 500, body: { error: { code: error.code, message: error.message, ...field ? { field } : {} } } };
  }
  log(error);
  const storage = storageProblem(error);
  if (storage)
    return { status: storage.status, body: { error: { code: "DATA_NOT_WRITABLE", message: storage.message } } };
  return { status: 500, body: { error: { code: "INTERNAL", message: "Internal server error. The server log has the details." } } };
}
function requestField(option) {
  if (option === "styleBlendWeights")
    return "styles";
  if (option === "network")
    return "weights";
  return option;
}
function notFound(what, id) {
  const shown = id.length > 80 ? `${id.slice(0, 80)}\u2026` : id;
  return new HttpError(404, "NOT_FOUND", `No ${what} ${JSON.stringify(shown)}. It may have been deleted; reload the list.`);
}
var STORAGE_PROBLEMS = {
  EROFS: { status: 503, what: "is on a read-only file system", fix: "Make it writable again (or restart the studio with --data on a writable folder), then try again." },
  EACCES: { status: 503, what: "cannot be written (no permission)", fix: "Give the studio write permission there (or restart it with --data on a writable folder), then try again." },
  EPERM: { status: 503, what: "cannot be written (operation not permitted: read-only or immutable)", fix: "Make it writable again (or restart the studio with --data on a writable folder), then try again." },
  ENOSPC: { status: 507, what: "is on a full disk", fix: "Free some space, then try again." },
  EDQUOT: { status: 507, what: "is over its disk quota", fix: "Free some space, then try again." }
};
function storageProblem(error) {
  const { code, path } = error ?? {};
  const problem = typeof code === "string" ? STORAGE_PROBLEMS[code] : void 0;
  if (!problem)
    return void 0;
  const where = typeof path === "string" ? ` (${path})` : "";
  return { status: problem.status, message: `The studio could not save this: its data folder${where} ${problem.what}. ${problem.fix}` };
}

// dist/src/server/uploads.js
import fs from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

// dist/src/node/image-encode.js
import sharp from "sharp";
async function encodeJpegThumbnail(source, options) {
  let image = open(source, options.maxPixels).autoOrient();
  if (options.longSidePx !== void 0)
    image = image.resize(options.longSidePx, options.longSidePx, { fit: "inside", withoutEnlargement: true });
  return image.flatten({ background: "#ffffff" }).jpeg({ quality: options.quality, ...options.mozjpeg ? { mozjpeg: true } : {} }).toBuffer();
}
async function encodeImageFile(source, request) {
  if (request.format === "jpeg")
    return encodeJpegThumbnail(source, { longSidePx: request.longSidePx, quality: request.quality ?? 92 });
  let image = open(source).autoOrient();
  if (request.longSidePx !== void 0)
    image = image.resize(request.longSidePx, request.longSidePx, { fit: "inside", withoutEnlargement: true });
  return image.png().toBuffer();
}
async function encodeResized(bytes, width, height, format, maxPixels) {
  const image = open(bytes, maxPixels).autoOrient().resize(width, height, { fit: "fill" });
  const encoded = format === "jpeg" ? image.jpeg({ quality: 92 }) : format === "webp" ? image.webp({ quality: 92 }) : image.png();
  const buffer = await encoded.toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
async function decodeFully(bytes, maxPixels) {
  await sharp(bytes, { limitInputPixels: maxPixels, failOn: "error", pages: 1 }).raw().toBuffer();
}
async function readImageHeader(source) {
  const metadata = await sharp(source, { limitInputPixels: false, pages: 1 }).metadata().catch(() => void 0);
  if (metadata === void 0 || metadata.format === void 0)
    return void 0;
  const height = metadata.pageHeight ?? metadata.height;
  const rotated = (metadata.orientation ?? 1) >= 5;
  return { format: String(metadata.format), width: metadata.width, height, upright: rotated ? { width: height, height: metadata.width } : { width: metadata.width, height } };
}
async function renderSvgPng(svg) {
  return sharp(Buffer.from(svg)).png().toBuffer();
}
function open(source, maxPixels) {
  const limitInputPixels = maxPixels === void 0 || maxPixels === Number.POSITIVE_INFINITY ? false : maxPixels;
  if (typeof source === "string" || source instanceof Uint8Array) {
    const options = { pages: 1, failOn: "error", limitInputPixels };
    return sharp(source, options);
  }
  const raw = { width: source.rgb.width, height: source.rgb.height, channels: source.alpha ? 4 : 3 };
  return sharp(toInterleaved(source, 8), { raw, limitInputPixels: false });
}

// dist/src/server/ids.js
import { randomUUID } from "node:crypto";
var ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
function newId() {
  return randomUUID();
}
function isId(value) {
  return typeof value === "string" && ID_PATTERN.test(value);
}

// dist/src/server/uploads.js
var THUMBNAIL_PX = 320;
var IMAGE_TYPES = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp", tiff: "image/tiff", gif: "image/gif" };
function encodeUploadThumbnail(bytes, maxPixels) {
  return encodeJpegThumbnail(bytes, { longSidePx: THUMBNAIL_PX, quality: 85, maxPixels });
}
var SMALL_PHOTO_PX = 256;
var BOMB_FACTOR = 20;
var uploadInfoSchema = z.object({
  id: z.string(),
  format: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** The browser's file name, for display only (never used as a path). */
  name: z.string(),
  createdAt: z.string(),
  warning: z.string().optional(),
  scaledFrom: z.object({ width: z.number().int(), height: z.number().int() }).optional()
});
var UploadStore = class _UploadStore {
  dir;
  limits;
  constructor(dir, limits) {
    this.dir = dir;
    this.limits = limits;
  }
  /** Opens (creating when needed) the folder and removes the temp files a killed server left there (those of live processes stay). */
  static async open(dir, limits) {
    await fs.mkdir(dir, { recursive: true });
    await removeStaleTempFiles(dir, () => true);
    return new _UploadStore(dir, limits);
  }
  /**
   * Checks and stores one image; one over the pixel limit is scaled down (long side to `maxSizePx`,
   * `scaledFrom` says from what), a tiny one gets a `warning`. Errors (HttpError): 400 empty body,
   * 413 too many bytes or a decompression bomb, 415 not a supported image or not decodable.
   */
  async save(sent, name) {
    if (sent.byteLength === 0)
      throw new HttpError(400, "BAD_REQUEST", "Expected image bytes in the request body but received nothing. Send the file itself as the body.");
    if (sent.byteLength > this.limits.maxBytes)
      throw tooManyBytes(sent.byteLength, this.limits.maxBytes);
    const sniffed = await sniffImage(sent, this.limits.maxPixels * BOMB_FACTOR);
    const large = sniffed.width * sniffed.height > this.limits.maxPixels;
    const bytes = large ? await scaleDown(sent, sniffed, this.limits) : sent;
    const { format, width, height } = large ? await sniffImage(bytes, this.limits.maxPixels) : sniffed;
    const thumbnail = await encodeUploadThumbnail(bytes, this.limits.maxPixels).catch((error) => {
      throw notAnImage(`it could not be decoded (${error instanceof Error ? error.message : String(error)})`);
    });
    const id = newId();
    const info = {
      id,
      format,
      width,
      height,
      bytes: bytes.byteLength,
      name: displayName(name),
      createdAt: (/* @__PURE__ */ new Date()).toISOString(),
      ...Math.max(width, height) < SMALL_PHOTO_PX ? { warning: `This photo is only ${width}\xD7${height} px; the result will be blurry. Use a photo at least ${SMALL_PHOTO_PX} px on its long side.` } : {},
      ...large ? { scaledFrom: { width: sniffed.width, height: sniffed.height } } : {}
    };
    await writeFileAtomic(join(this.dir, `${id}.${format}`), bytes);
    await writeFileAtomic(join(this.dir, `${id}.thumb.jpg`), thumbnail);
    await writeFileAtomic(join(this.dir, `${id}.json`), Buffer.from(JSON.stringify(info, null, 2)));
    return info;
  }
  /** The record of upload `id`; 404 when there is none (or `id` is not an id). */
  async info(id) {
    if (!isId(id))
      throw notFound("upload", id);
    const text = await fs.readFile(join(this.dir, `${id}.json`), "utf8").catch(() => {
      throw notFound("upload", id);
    });
    return uploadInfoSchema.parse(JSON.parse(text));
  }
  /** The stored image file of upload `id`. */
  async imagePath(id) {
    const info = await this.info(id);
    return join(this.dir, `${info.id}.${info.format}`);
  }
  /** The JPEG thumbnail of upload `id`. */
  async thumbnailPath(id) {
    const info = await this.info(id);
    return join(this.dir, `${info.id}.thumb.jpg`);
  }
};
async function sniffImage(bytes, maxPixels) {
  const metadata = await readImageHeader(bytes);
  if (metadata === void 0)
    throw notAnImage("its content is not a known image format");
  const format = metadata.format;
  if (!SUPPORTED_INPUT_FORMATS.includes(format))
    throw notAnImage(`it is ${format.toUpperCase()}`);
  const frameHeight = metadata.height;
  const pixels = metadata.width * frameHeight;
  if (pixels > maxPixels) {
    const count = (n) => n.toLocaleString("en-US");
    throw new HttpError(413, "IMAGE_TOO_LARGE", `The image is ${metadata.width}\xD7${frameHeight} = ${count(pixels)} pixels, more than this studio can open (${count(maxPixels)}). Use a smaller image (or start the server with a larger --max-pixels).`);
  }
  return { format, ...metadata.upright };
}
async function assertDecodable(bytes, maxPixels) {
  await decodeFully(bytes, maxPixels).catch((error) => {
    throw notAnImage(`it could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  });
}
async function scaleDown(bytes, size, limits) {
  const factor = Math.min(1, limits.maxSizePx / Math.max(size.width, size.height), Math.sqrt(limits.maxPixels / (size.width * size.height)));
  const width = Math.max(1, Math.floor(size.width * factor));
  const height = Math.max(1, Math.floor(size.height * factor));
  return encodeResized(bytes, width, height, size.format, limits.maxPixels * BOMB_FACTOR).catch((error) => {
    throw notAnImage(`it could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  });
}
function notAnImage(reason) {
  return new HttpError(415, "IMAGE_DECODE_FAILED", `This file is not an image the studio can use: ${reason}. Upload a JPEG, PNG, WebP, TIFF or GIF.`);
}
function tooManyBytes(bytes, maxBytes) {
  const megabytes = (n) => n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
  const size = bytes === void 0 ? "The upload is" : `The upload is ${megabytes(bytes)},`;
  return new HttpError(413, "PAYLOAD_TOO_LARGE", `${size} over this studio's limit of ${megabytes(maxBytes)}. Use a smaller file (or start the server with a larger --max-upload-mb).`);
}
function displayName(name) {
  const last = name.split(/[\\/]/).pop() ?? "";
  const printable = last.replace(/[^\p{L}\p{N}\p{P}\p{Zs}]/gu, "").trim();
  return printable.slice(0, 120) || "image";
}

export {
  HttpError,
  errorResponse,
  requestField,
  notFound,
  encodeJpegThumbnail,
  encodeImageFile,
  readImageHeader,
  renderSvgPng,
  newId,
  isId,
  THUMBNAIL_PX,
  IMAGE_TYPES,
  encodeUploadThumbnail,
  uploadInfoSchema,
  UploadStore,
  sniffImage,
  assertDecodable,
  tooManyBytes
};
