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
import { GalleryStore } from './gallery/store.js';
import { JobManager } from './jobs/job-manager.js';
import { SampleLibrary } from './samples.js';
import { defaultDataDir, serverOptionsSchema, type ServerOptions, type ServerOptionsInput } from './server-options.js';
import { loadStudioAssets } from './studio-assets.js';
import { UploadStore } from './uploads.js';
import { Visualizations } from './visualize/visualizations.js';

/** A running studio server. */
export interface StudioServer {
  /** The page's address, e.g. `http://127.0.0.1:8787/`. */
  readonly url: string;
  readonly port: number;
  readonly options: ServerOptions;
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
  const logError = (error: unknown): void => log(`painterly serve: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const gallery = await GalleryStore.open(join(options.data, 'gallery'), log);
  const uploads = await UploadStore.open(join(options.data, 'uploads'), { maxBytes: Math.round(options.maxUploadMb * 1e6), maxPixels: options.maxPixels });
  const samples = new SampleLibrary(options.samples);
  const assets = await loadStudioAssets(join(options.data, 'studio-build'), log);
  const jobs = new JobManager(gallery, { fast: options.fastJobs, quality: options.qualityJobs });
  const visualizations = await Visualizations.open(join(options.data, 'visualizations'));
  const app = createApp({ options, gallery, jobs, uploads, samples, visualizations, assets, log: logError });
  const { server, port } = await listen(app.fetch, options);
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/`,
    port,
    options,
    close() {
      closing ??= (async () => {
        await Promise.all([jobs.shutdown(), visualizations.shutdown()]);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/** A failure to listen, worded with the fix (port taken, no permission, unknown address). */
function listenError(error: NodeJS.ErrnoException, options: ServerOptions): Error {
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
