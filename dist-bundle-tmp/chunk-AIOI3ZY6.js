import {
  HttpError,
  THUMBNAIL_PX,
  encodeJpegThumbnail,
  notFound,
  readImageHeader
} from "./chunk-Y7CRH5CI.js";
import {
  isCached
} from "./chunk-ZXF4SHAO.js";
import {
  SUPPORTED_INPUT_FORMATS
} from "./chunk-SXACJSYC.js";

// dist/src/server/default-network.js
var AUTO_WEIGHTS = "auto";
async function effectiveDefaultWeights(serverWeights) {
  if (serverWeights !== AUTO_WEIGHTS)
    return serverWeights;
  return await isCached("vgg19") ? "vgg19" : "darknet-tiny";
}

// dist/src/server/host-names.js
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
var LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
function isLoopback(address) {
  const bare = unbracket(address.toLowerCase());
  if (bare === "localhost" || bare === "::1")
    return true;
  const v4 = bare.startsWith("::ffff:") ? bare.slice("::ffff:".length) : bare;
  return isIP(v4) === 4 && v4.split(".")[0] === "127";
}
function isWildcard(address) {
  return ["0.0.0.0", "::", "[::]"].includes(address);
}
function hostHeaderName(address) {
  const lower = address.toLowerCase();
  return isIP(unbracket(lower)) === 6 ? `[${unbracket(lower)}]` : lower;
}
function allowedHostNames(bindHost, allowHosts = []) {
  const names = [];
  if (isLoopback(bindHost))
    names.push(hostHeaderName(bindHost), ...LOOPBACK_NAMES);
  else if (isWildcard(bindHost))
    names.push(hostname().toLowerCase(), ...interfaceAddresses(), ...LOOPBACK_NAMES);
  else
    names.push(hostHeaderName(bindHost), hostname().toLowerCase());
  names.push(...allowHosts.map(hostHeaderName));
  return [...new Set(names.filter((name) => name.length > 0))];
}
function parseHostHeader(value) {
  const text = value.trim().toLowerCase();
  let name;
  let rest;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end < 0)
      return void 0;
    name = text.slice(0, end + 1);
    rest = text.slice(end + 1);
  } else {
    const colon = text.indexOf(":");
    name = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? "" : text.slice(colon);
  }
  if (name === "" || name === "[]")
    return void 0;
  if (rest === "")
    return { name, port: void 0 };
  if (!/^:\d{1,5}$/.test(rest))
    return void 0;
  return { name, port: Number(rest.slice(1)) };
}
function originHost(origin) {
  const match = /^http:\/\/([^/?#@\s]+)$/i.exec(origin.trim());
  return match?.[1];
}
function hostMatches(value, names, port) {
  const parsed = parseHostHeader(value);
  return parsed !== void 0 && names.includes(parsed.name) && (parsed.port ?? 80) === port;
}
function interfaceAddresses() {
  return Object.values(networkInterfaces()).flatMap((entries) => entries ?? []).map((entry) => hostHeaderName(entry.address));
}
function unbracket(address) {
  return address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
}

// dist/src/server/security.js
var STUDIO_CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
function requestGuards(allowList) {
  return async (c, next) => {
    const host = c.req.header("host") ?? "";
    const port = allowList.port();
    if (!hostMatches(host, allowList.names, port)) {
      throw new HttpError(403, "BAD_REQUEST", `This studio only answers on ${shownNames(allowList.names)} (port ${port}); the request was addressed to ${JSON.stringify(shorten(host))}. Open the address \`painterly serve\` printed, or restart it with --allow-host NAME to allow another name.`);
    }
    const origin = c.req.header("origin");
    if (origin !== void 0) {
      const fromHost = originHost(origin);
      const sameOrigin = fromHost !== void 0 && fromHost.toLowerCase() === host.trim().toLowerCase();
      const ours = fromHost !== void 0 && hostMatches(fromHost, allowList.names, port);
      if (!ours || !["GET", "HEAD", "OPTIONS"].includes(c.req.method) && !sameOrigin) {
        throw new HttpError(403, "BAD_REQUEST", `Cross-origin requests are not accepted (Origin ${JSON.stringify(shorten(origin))}). Use the studio page itself.`);
      }
    }
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("X-Frame-Options", "DENY");
    c.header("Referrer-Policy", "no-referrer");
  };
}
function shownNames(names) {
  return names.length <= 1 ? names[0] ?? "" : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
function shorten(text) {
  return text.length > 100 ? `${text.slice(0, 100)}\u2026` : text;
}

// dist/src/server/samples.js
import fs from "node:fs/promises";
import { extname, join, resolve } from "node:path";
var SAMPLE_EXTENSIONS = /* @__PURE__ */ new Set([".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif"]);
var SampleLibrary = class {
  maxPixels;
  dir;
  thumbnails = /* @__PURE__ */ new Map();
  /** Verdicts of `check`, by file name, valid while the file keeps its size and mtime. */
  verdicts = /* @__PURE__ */ new Map();
  /** `maxPixels`: the largest sample, as for uploads (`--max-pixels`). */
  constructor(dir, maxPixels = Number.POSITIVE_INFINITY) {
    this.maxPixels = maxPixels;
    this.dir = dir === void 0 ? void 0 : resolve(dir);
  }
  /** The usable samples, sorted by name; empty when there is no folder or it cannot be read. */
  async list() {
    const names = await this.fileNames();
    const problems = await Promise.all(names.map((name) => this.check(name)));
    return names.filter((_, index) => problems[index] === void 0).map((name) => ({ name, title: titleOf(name) })).sort((a, b) => a.name.localeCompare(b.name));
  }
  /** The image files of the folder that are not offered, each with the reason. */
  async skipped() {
    const names = await this.fileNames();
    const problems = await Promise.all(names.map((name) => this.check(name)));
    return names.flatMap((name, index) => {
      const problem = problems[index];
      return problem ? [{ name, reason: problem.message }] : [];
    });
  }
  /**
   * The file of sample `name`. Errors: 404 unless `name` is exactly one of the folder's image file
   * names; 415 when the file is not an image jobs read (e.g. an SVG), 413 when it is over `maxPixels`.
   */
  async path(name) {
    if (this.dir === void 0 || !(await this.fileNames()).includes(name))
      throw notFound("sample painting", name);
    const problem = await this.check(name);
    if (problem)
      throw problem;
    return join(this.dir, name);
  }
  /** A JPEG thumbnail of sample `name` (made once, then kept in memory). */
  async thumbnail(name) {
    const path = await this.path(name);
    let thumbnail = this.thumbnails.get(name);
    if (!thumbnail) {
      thumbnail = encodeJpegThumbnail(path, { longSidePx: THUMBNAIL_PX, quality: 82, maxPixels: this.maxPixels }).catch((error) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new HttpError(415, "IMAGE_DECODE_FAILED", `The sample painting ${JSON.stringify(name)} could not be decoded (${reason}). Replace or remove the file in the samples folder.`);
      });
      this.thumbnails.set(name, thumbnail);
      thumbnail.catch(() => this.thumbnails.delete(name));
    }
    return thumbnail;
  }
  /** Image file names directly in the folder (by extension; not yet checked). */
  async fileNames() {
    if (this.dir === void 0)
      return [];
    const entries = await fs.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && SAMPLE_EXTENSIONS.has(extname(entry.name).toLowerCase()) && !entry.name.startsWith(".")).map((entry) => entry.name);
  }
  /** Why sample `name` cannot be used (the error to answer with), or undefined; read once per file version. */
  async check(name) {
    const path = join(this.dir ?? "", name);
    const stats = await fs.stat(path).catch(() => void 0);
    if (!stats?.isFile())
      return notFound("sample painting", name);
    const stamp = `${stats.size}:${stats.mtimeMs}`;
    const known = this.verdicts.get(name);
    if (known?.stamp === stamp)
      return known.problem;
    const problem = await sampleProblem(path, name, this.maxPixels);
    this.verdicts.set(name, { stamp, problem });
    this.thumbnails.delete(name);
    return problem;
  }
};
async function sampleProblem(path, name, maxPixels) {
  const shown = JSON.stringify(name);
  const metadata = await readImageHeader(path);
  const format = metadata?.format;
  if (metadata === void 0 || format === void 0 || !SUPPORTED_INPUT_FORMATS.includes(format)) {
    const what = format === void 0 ? "its content is not a known image format" : `it is ${format.toUpperCase()}`;
    return new HttpError(415, "IMAGE_DECODE_FAILED", `The sample painting ${shown} is not an image jobs can read: ${what}. Convert it to JPEG, PNG, WebP, TIFF or GIF, or remove it from the samples folder.`);
  }
  const frameHeight = metadata.height;
  const pixels = metadata.width * frameHeight;
  if (pixels <= maxPixels)
    return void 0;
  const count = (n) => n.toLocaleString("en-US");
  return new HttpError(413, "IMAGE_TOO_LARGE", `The sample painting ${shown} is ${metadata.width}\xD7${frameHeight} = ${count(pixels)} pixels, over this studio's limit of ${count(maxPixels)}. Use a smaller copy (or start the server with a larger --max-pixels).`);
}
function titleOf(fileName) {
  const stem = fileName.slice(0, fileName.length - extname(fileName).length);
  return stem.split(/[_\-\s]+/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join(" ");
}

export {
  effectiveDefaultWeights,
  isLoopback,
  isWildcard,
  hostHeaderName,
  allowedHostNames,
  STUDIO_CSP,
  requestGuards,
  SampleLibrary
};
