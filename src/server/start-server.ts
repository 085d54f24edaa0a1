/**
 * Starts the studio: opens the data folder (gallery, uploads), loads the page, and listens. The
 * returned handle's `close()` stops accepting requests, ends running jobs as `interrupted` and waits
 * for their workers to exit.
 */
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { PainterlyError } from '../engine/errors.js';
import { parseOptions } from '../options/parse-options.js';
import { createApp } from './app.js';
import { prepareDataDir } from './data-dir.js';
import { lockDataDir, type DataLock } from './data-lock.js';
import { allowedHostNames, hostHeaderName, isLoopback, isWildcard } from './host-names.js';
import { GalleryStore } from './gallery/store.js';
import { JobManager } from './jobs/job-manager.js';
import { SampleLibrary } from './samples.js';
import { defaultDataDir, serverOptionsSchema, type ServerOptions, type ServerOptionsInput } from './server-options.js';
import { loadStudioAssets } from './studio-assets.js';
import { UPLOAD_TRANSFER_LIMITS, UploadReceiver } from './upload-body.js';
import { UploadStore } from './uploads.js';
import { VisualizationRuns } from './visualize/visualization-runs.js';
import { PaintingJobs } from './jobs/painting-jobs.js';
import { MAX_SIZE_PX } from './jobs/job-request.js';
import { PresetSamples } from './preset-samples.js';

/** A running studio server. */
export interface StudioServer {
  /** The page's address, e.g. `http://127.0.0.1:8787/`. */
  readonly url: string;
  readonly port: number;
  readonly options: ServerOptions;
  /** The host names requests must be addressed to (`Host`, `Origin`), as in a `Host` header. */
  readonly hosts: readonly string[];
  /** Stops the server and its jobs (running jobs end `interrupted`). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Validates `input` and starts the server. Port 0 picks a free port (see `url`).
 *
 * @example
 * const studio = await startStudioServer({ port: 0, weights: 'random', samples: '../shared/images/style' });
 * console.log(studio.url);
 * await studio.close();
 */
export async function startStudioServer(input: ServerOptionsInput, log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): Promise<StudioServer> {
  const parsed = parseOptions(serverOptionsSchema, input as Record<string, unknown>);
  const options: ServerOptions = { ...parsed, data: parsed.data ?? defaultDataDir() };
  assertBindAllowed(options);
  await prepareDataDir(options.data, parsed.data === undefined ? 'the default, under PAINTERLY_HOME or the cache folder' : '--data');
  // Before anything in the folder is read or rewritten: one server per data folder.
  const lock = await lockDataDir(options.data);
  try {
    return await startOnLockedData(options, lock, log);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startOnLockedData(options: ServerOptions, lock: DataLock, log: (message: string) => void): Promise<StudioServer> {
  const logError = (error: unknown): void => log(`painterly serve: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const gallery = await GalleryStore.open(join(options.data, 'gallery'), log);
  const uploads = await UploadStore.open(join(options.data, 'uploads'), { maxBytes: Math.round(options.maxUploadMb * 1e6), maxPixels: options.maxPixels, maxSizePx: MAX_SIZE_PX });
  const uploadReceiver = new UploadReceiver({ maxBytes: uploads.limits.maxBytes, ...UPLOAD_TRANSFER_LIMITS });
  const samples = new SampleLibrary(options.samples, options.maxPixels);
  const assets = await loadStudioAssets(join(options.data, 'studio-build'), log);
  const jobs = new JobManager({ fast: options.fastJobs, quality: options.qualityJobs, visualize: 1 });
  const paintings = new PaintingJobs(gallery, jobs);
  const visualizations = await VisualizationRuns.open(join(options.data, 'visualizations'), jobs);
  const presetSamples = new PresetSamples(join(options.data, 'preset-samples'), jobs, options);
  let port = options.port;
  const hosts = { names: allowedHostNames(options.host, options.allowHosts), port: () => port };
  const app = createApp({ options, hosts, gallery, jobs, paintings, uploads, uploadReceiver, samples, visualizations, presetSamples, assets, log: logError });
  // Requests wait until the jobs the last run left are queued again: a page reconnecting after a
  // crash would otherwise see an interrupted quality job as ended, just before it resumes.
  let restored = (): void => undefined;
  const restoring = new Promise<void>((resolve) => (restored = resolve));
  const listening = await listen((...request) => restoring.then(() => app.fetch(...request)), options);
  const { server } = listening;
  port = listening.port;
  // Jobs that waited when the server last stopped, and quality jobs it interrupted, run again.
  await paintings.restore().finally(restored);
  // A studio on every address is opened through loopback (a `Host` of 0.0.0.0 names no machine).
  const host = isWildcard(options.host) ? (options.host === '0.0.0.0' ? '127.0.0.1' : '[::1]') : hostHeaderName(options.host);
  await lock.setUrl(`http://${host}:${port}/`);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/`,
    port,
    options,
    hosts: hosts.names,
    close() {
      closing ??= (async () => {
        await jobs.shutdown();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await lock.release();
      })();
      return closing;
    },
  };
}

/** A non-loopback address is only listened on with `allowRemote` (the Host check stays on either way). */
function assertBindAllowed(options: ServerOptions): void {
  if (isLoopback(options.host) || options.allowRemote) return;
  throw new PainterlyError(
    'INVALID_OPTION',
    `Listening on ${options.host} lets other machines on the network use this studio (see and delete its photos, run jobs). Pass --allow-remote as well to do that on purpose (the studio then answers only under this machine's names and addresses, plus --allow-host NAME), or leave out --host to listen on 127.0.0.1 only.`,
  );
}

/** A failure to listen, worded with the fix (port taken, no permission, unknown address). */
export function listenError(error: NodeJS.ErrnoException, options: Pick<ServerOptions, 'host' | 'port'>): Error {
  const where = `${options.host}:${options.port}`;
  const reasons: Record<string, string> = {
    EADDRINUSE: `Port ${options.port} on ${options.host} is already in use (another studio?). Pass --port N, or --port 0 for any free port.`,
    EACCES: `No permission to listen on ${where}. Ports below 1024 need privileges: pass --port 8787 (or any port above 1023).`,
    EADDRNOTAVAIL: `This machine has no address ${options.host}. Pass --host 127.0.0.1 (or an address of this machine).`,
    ENOTFOUND: `Cannot resolve the host ${options.host}. Pass --host 127.0.0.1 (or an address of this machine).`,
  };
  const reason = error.code === undefined ? undefined : reasons[error.code];
  return reason ? new PainterlyError('INVALID_OPTION', reason, { cause: error }) : error;
}

function listen(fetch: (request: Request) => Response | Promise<Response>, options: ServerOptions): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: options.port, hostname: options.host }, (info) => resolve({ server, port: info.port }));
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)));
  });
}
