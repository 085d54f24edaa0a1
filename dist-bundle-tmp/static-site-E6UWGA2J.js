import {
  listenError
} from "./chunk-LW574ZQ2.js";
import {
  studioSourceDir
} from "./chunk-E6BPELNH.js";
import {
  allowedHostNames,
  hostHeaderName,
  isLoopback,
  isWildcard,
  requestGuards
} from "./chunk-AIOI3ZY6.js";
import "./chunk-DCTALWFM.js";
import "./chunk-LL4W252U.js";
import {
  HttpError
} from "./chunk-Y7CRH5CI.js";
import "./chunk-BVQ6QT43.js";
import "./chunk-AE3KFWGY.js";
import {
  modelDir,
  modelMirror
} from "./chunk-ZXF4SHAO.js";
import "./chunk-5I24BNVP.js";
import "./chunk-KVEV2N3B.js";
import "./chunk-LLJ2YMLV.js";
import "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-YGESDE6G.js";
import {
  MODEL_REGISTRY
} from "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/server/static-site.js
import { createReadStream, existsSync } from "node:fs";
import fs from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
var BROWSER_PAGE_DIR = "dist-browser";
var BROWSER_PAGE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self' blob: http: https:; img-src 'self' blob: data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
var CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".json": "application/json"
};
async function startStaticSite(options) {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new PainterlyError("INVALID_OPTION", `Listening on ${options.host} lets other machines load the page and your cached model files. Pass --allow-remote as well to do that on purpose, or leave out --host to listen on 127.0.0.1 only.`);
  }
  const pages = await loadPage();
  const models = modelsRoot();
  let port = options.port;
  const app = new Hono();
  app.use("*", requestGuards({ names: allowedHostNames(options.host, options.allowHosts), port: () => port }));
  app.use("*", async (c, next) => {
    await next();
    c.header("Cross-Origin-Opener-Policy", "same-origin");
    c.header("Cross-Origin-Embedder-Policy", "require-corp");
    c.header("Cross-Origin-Resource-Policy", "same-origin");
    c.header("Content-Security-Policy", BROWSER_PAGE_CSP);
  });
  app.on(["GET", "HEAD"], "/models/*", (c) => sendModelFile(c, models.dir, models.mirror));
  app.on(["GET", "HEAD"], "*", (c) => {
    const asset = pages.get(c.req.path === "/index.html" ? "/" : c.req.path);
    if (!asset)
      throw new HttpError(404, "NOT_FOUND", `No such file: ${c.req.path}.`);
    c.header("Content-Type", asset.contentType);
    c.header("Cache-Control", c.req.path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    if (c.req.method === "HEAD")
      return c.body(null);
    return c.body(asset.body);
  });
  app.all("*", (c) => c.text(`The in-browser page only serves files: ${c.req.method} is not accepted.`, 405, { Allow: "GET, HEAD" }));
  app.onError((error, c) => {
    if (error instanceof HttpError)
      return c.text(error.message, error.status);
    return c.text("Internal error.", 500);
  });
  const listening = await new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => resolve({ server, port: info.port }));
    server.once("error", (error) => reject(listenError(error, options)));
  });
  port = listening.port;
  const host = isWildcard(options.host) ? options.host === "0.0.0.0" ? "127.0.0.1" : "[::1]" : hostHeaderName(options.host);
  return {
    url: `http://${host}:${port}/`,
    port,
    modelsFrom: models.dir,
    close: () => new Promise((resolve) => {
      listening.server.close(() => resolve());
      if ("closeAllConnections" in listening.server)
        listening.server.closeAllConnections();
    })
  };
}
async function loadPage() {
  const source = studioSourceDir();
  const dist = source ? join(source, BROWSER_PAGE_DIR) : void 0;
  if (!dist || !existsSync(join(dist, "index.html"))) {
    throw new PainterlyError("INVALID_OPTION", "The in-browser page is not built (no studio/dist-browser/index.html). Run `npm run build` in the painterly folder, then `painterly serve --static-only` again.");
  }
  const files = /* @__PURE__ */ new Map();
  for (const entry of await fs.readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile())
      continue;
    const file = join(entry.parentPath, entry.name);
    const path = `/${relative(dist, file).split(sep).join("/")}`;
    files.set(path === "/index.html" ? "/" : path, { body: await fs.readFile(file), contentType: CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
  }
  return files;
}
function modelsRoot() {
  const mirror = modelMirror();
  if (mirror !== void 0 && !/^https?:\/\//i.test(mirror))
    return { dir: mirror.startsWith("file:") ? new URL(mirror).pathname : mirror, mirror: true };
  return { dir: join(modelDir(MODEL_REGISTRY[0]), ".."), mirror: false };
}
var PAGE_MODELS = MODEL_REGISTRY.filter((entry) => entry.kind !== "vgg");
async function sendModelFile(c, root, mirror) {
  const path = c.req.path.slice("/models/".length);
  const entry = PAGE_MODELS.find((candidate) => path.startsWith(`${candidate.relativeDir}/`));
  const file = entry?.files.find((candidate) => `${entry.relativeDir}/${candidate.name}` === path);
  if (!entry || !file)
    throw new HttpError(404, "NOT_FOUND", `No such model file: ${path}. The page reads fast-style presets and Darknet Tiny.`);
  const location = join(root, ...entry.relativeDir.split("/"), file.name);
  const stats = await fs.stat(location).catch(() => void 0);
  if (!stats?.isFile()) {
    const fix = mirror ? `The mirror ${root} lacks it.` : `Download it first: \`painterly models download ${entry.name}\` (or set PAINTERLY_MODEL_MIRROR to a folder of the models).`;
    throw new HttpError(404, "NOT_FOUND", `${entry.name} is not in the model store. ${fix}`);
  }
  c.header("Content-Type", "application/octet-stream");
  c.header("Content-Length", String(stats.size));
  c.header("Cache-Control", "no-cache");
  if (c.req.method === "HEAD")
    return c.body(null);
  return c.body(Readable.toWeb(createReadStream(location)));
}
export {
  BROWSER_PAGE_CSP,
  BROWSER_PAGE_DIR,
  startStaticSite
};
