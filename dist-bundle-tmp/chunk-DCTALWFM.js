import {
  cacheRoot
} from "./chunk-ZXF4SHAO.js";
import {
  DEFAULT_CHECKPOINT_EVERY
} from "./chunk-RLZ7CLXZ.js";
import {
  deviceSchema
} from "./chunk-YB37QKVG.js";

// dist/src/server/server-options.js
import { isIP } from "node:net";
import { join } from "node:path";
import { z } from "zod";
var DEFAULT_PORT = 8787;
var DEFAULT_MAX_UPLOAD_MB = 25;
var DEFAULT_UPLOAD_MAX_PIXELS = 25e6;
var DEFAULT_MAX_MEGAPIXEL_ITERATIONS = 25e3;
var DNS_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;
var hostNameSchema = z.string().refine((name) => DNS_NAME.test(name) || isIP(name.replace(/^\[(.*)\]$/, "$1")) === 6, "a host name without a port, e.g. studio.lan or 192.168.1.20");
var serverOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  host: z.string().min(1).default("127.0.0.1"),
  /** Listen on a non-loopback address on purpose (required for one). */
  allowRemote: z.boolean().default(false),
  /** More names the studio answers to (Host / Origin), on top of the bound address's. */
  allowHosts: z.array(hostNameSchema).default([]),
  open: z.boolean().default(false),
  /** Serve only the in-browser page and the model files (`static-site.ts`). */
  staticOnly: z.boolean().default(false),
  samples: z.string().min(1).optional(),
  data: z.string().min(1).optional(),
  weights: z.string().min(1).default("auto"),
  maxUploadMb: z.number().positive().max(1024).default(DEFAULT_MAX_UPLOAD_MB),
  maxPixels: z.number().int().positive().default(DEFAULT_UPLOAD_MAX_PIXELS),
  maxMegapixelIterations: z.number().positive().default(DEFAULT_MAX_MEGAPIXEL_ITERATIONS),
  qualityJobs: z.number().int().min(1).max(64).default(1),
  fastJobs: z.number().int().min(1).max(64).default(2),
  threads: z.number().int().min(1).max(1024).optional(),
  /** Where the workers' ONNX Runtime sessions run (src/options/device.ts). */
  device: deviceSchema,
  previewEvery: z.number().int().min(1).max(1e4).default(5),
  /** Quality jobs write their resumable checkpoint every N iterations (and when stopped); 0: only when stopped. */
  checkpointEvery: z.number().int().min(0).max(1e6).default(DEFAULT_CHECKPOINT_EVERY)
});
function defaultDataDir(env = process.env) {
  return join(cacheRoot(env), "studio");
}

export {
  DEFAULT_PORT,
  DEFAULT_MAX_UPLOAD_MB,
  DEFAULT_UPLOAD_MAX_PIXELS,
  DEFAULT_MAX_MEGAPIXEL_ITERATIONS,
  serverOptionsSchema,
  defaultDataDir
};
