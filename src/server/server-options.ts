/**
 * The options of the studio server, validated once with zod: from `painterly serve` flags or from
 * code (`startStudioServer`). Every field has its default here.
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { deviceSchema } from '../options/device.js';
import { cacheRoot } from '../node/model-store/index.js';
import { DEFAULT_CHECKPOINT_EVERY } from '../options/stylize-schema.js';

/** Default port of `painterly serve`. */
export const DEFAULT_PORT = 8787;
/** Default largest upload, in megabytes. */
export const DEFAULT_MAX_UPLOAD_MB = 25;
/** Default largest uploaded image, in pixels (width × height): about 5000 × 5000. */
export const DEFAULT_UPLOAD_MAX_PIXELS = 25_000_000;
/**
 * Default largest quality job, in megapixel-iterations (iterations × output megapixels): 5,960
 * iterations at 2048×2048 px, 95,367 at 512×512. The default 500-iteration run at 2048 px takes about
 * 6 min (`docs/multiscale.md`), so the largest job is about an hour of the one quality lane.
 */
export const DEFAULT_MAX_MEGAPIXEL_ITERATIONS = 25_000;

/** A host name or IPv4 address (`studio.lan`, `192.168.1.20`) or an IPv6 address (`fe80::1`, `[fe80::1]`), without a port. */
const DNS_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;
const hostNameSchema = z
  .string()
  .refine((name) => DNS_NAME.test(name) || isIP(name.replace(/^\[(.*)\]$/, '$1')) === 6, 'a host name without a port, e.g. studio.lan or 192.168.1.20');

/**
 * Server options as a caller writes them; `data` defaults to `$PAINTERLY_HOME/studio` (the cache
 * root, see `cacheRoot`), `weights` to `auto` (VGG19 when cached, else Darknet Tiny: see default-network.ts).
 *
 * @example
 * serverOptionsSchema.parse({ port: 0, samples: '../shared/images/style', weights: 'random' })
 */
export const serverOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  host: z.string().min(1).default('127.0.0.1'),
  /** Listen on a non-loopback address on purpose (required for one). */
  allowRemote: z.boolean().default(false),
  /** More names the studio answers to (Host / Origin), on top of the bound address's. */
  allowHosts: z.array(hostNameSchema).default([]),
  open: z.boolean().default(false),
  /** Serve only the in-browser page and the model files (`static-site.ts`). */
  staticOnly: z.boolean().default(false),
  samples: z.string().min(1).optional(),
  data: z.string().min(1).optional(),
  weights: z.string().min(1).default('auto'),
  maxUploadMb: z.number().positive().max(1024).default(DEFAULT_MAX_UPLOAD_MB),
  maxPixels: z.number().int().positive().default(DEFAULT_UPLOAD_MAX_PIXELS),
  maxMegapixelIterations: z.number().positive().default(DEFAULT_MAX_MEGAPIXEL_ITERATIONS),
  qualityJobs: z.number().int().min(1).max(64).default(1),
  fastJobs: z.number().int().min(1).max(64).default(2),
  threads: z.number().int().min(1).max(1024).optional(),
  /** Where the workers' ONNX Runtime sessions run (src/options/device.ts). */
  device: deviceSchema,
  previewEvery: z.number().int().min(1).max(10_000).default(5),
  /** Quality jobs write their resumable checkpoint every N iterations (and when stopped); 0: only when stopped. */
  checkpointEvery: z.number().int().min(0).max(1_000_000).default(DEFAULT_CHECKPOINT_EVERY),
});

/** Options as written (defaults may be left out). */
export type ServerOptionsInput = z.input<typeof serverOptionsSchema>;
/** Options after validation, with `data` resolved. */
export type ServerOptions = Omit<z.output<typeof serverOptionsSchema>, 'data'> & { readonly data: string };

/**
 * The data folder: `--data DIR`, else `<cache root>/studio`.
 *
 * @example
 * defaultDataDir({ PAINTERLY_HOME: '/p' }) // → '/p/studio'
 */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(cacheRoot(env), 'studio');
}
