/**
 * Starts an API node of a hosted deployment: connects to PostgreSQL (bringing the schema up to date),
 * Redis (the BullMQ queues) and object storage, and serves the hosted API. Any number of API nodes
 * may run, on any machines: they keep no state of their own.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Queue } from 'bullmq';
import { join } from 'node:path';
import { SampleLibrary } from '../samples.js';
import { loadStudioAssets, type StudioAsset } from '../studio-assets.js';
import { defaultDataDir } from '../server-options.js';
import { migrateAtStart, openDatabase } from './database.js';
import { createAdminBoard } from './admin-board.js';
import { deleteAccount } from './delete-account.js';
import { createHostedApp } from './hosted-app.js';
import { HostedJobs } from './hosted-jobs.js';
import type { ApiNodeOptions } from './hosted-options.js';
import { createMetrics } from './metrics.js';
import { HostedVisualizations } from './hosted-visualizations.js';
import { QUEUE_NAMES, redisConnection, waitForRedis, type PaintingQueueData, type VisualizeQueueData } from './queues.js';
import { createObjectStorage } from './storage.js';
import { promoteAdmin } from './user-accounts.js';
import { createAbuseLimits } from './abuse-limits.js';
import { createAccountMailer } from './account-mail.js';

/** A running API node. */
export interface ApiNode {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts an API node with validated `options`.
 *
 * @example
 * const node = await startApiNode(apiNodeOptionsSchema.parse({ redis, database, storage, port: 0 }), console.error);
 */
export async function startApiNode(options: ApiNodeOptions, log: (error: unknown) => void): Promise<ApiNode> {
  const database = openDatabase(options.database);
  await migrateAtStart(database, options.database);
  const storage = createObjectStorage(options.storage);
  const connection = redisConnection(options.redis, 'api');
  await waitForRedis(connection, options.redis).catch((error: unknown) => {
    connection.disconnect();
    throw error;
  });
  const queues = {
    quality: new Queue<PaintingQueueData>(QUEUE_NAMES.quality, { connection }),
    fast: new Queue<PaintingQueueData>(QUEUE_NAMES.fast, { connection }),
    visualize: new Queue<VisualizeQueueData>(QUEUE_NAMES.visualize, { connection }),
    notify: new Queue(QUEUE_NAMES.notify, { connection }),
  };
  for (const queue of Object.values(queues)) queue.on('error', () => undefined);
  const serverOptions = { ...options, data: options.data ?? defaultDataDir() };
  const samples = new SampleLibrary(options.samples, options.maxPixels);
  const uploadLimits = { maxBytes: options.maxUploadMb * 1e6, maxPixels: options.maxPixels };
  const jobs = new HostedJobs({ database, storage, queues, options: serverOptions, samples, uploadLimits, jobsPerHour: options.jobsPerHour });
  // The API keeps working without the page (an installation without studio/dist and without Vite): `/` then says why.
  const assets = await loadStudioAssets(join(serverOptions.data, 'studio-build'), (message) => log(message)).catch((error: unknown) => {
    log(`The studio page is not served: ${error instanceof Error ? error.message : String(error)}`);
    return new Map<string, StudioAsset>();
  });
  const visualizations = new HostedVisualizations({ database, storage, queue: queues.visualize, options, jobsPerHour: options.jobsPerHour });
  const pingRedis = async (): Promise<void> => void (await queues.fast.getJobCounts('active'));
  const deleteAccountOf = (userId: string) => deleteAccount(database, storage, { paintings: [queues.quality, queues.fast], visualize: queues.visualize }, userId);
  if (options.adminEmail !== undefined && !(await promoteAdmin(database, options.adminEmail))) {
    log(`No account signs in with ${options.adminEmail} yet: it becomes an admin when it signs up (POST /api/accounts).`);
  }
  if (options.publicUrl !== undefined && !options.smtp) log(`--public-url ${options.publicUrl} is unused: without --smtp this node sends no account e-mails to link from.`);
  const accountMailer = options.smtp ? createAccountMailer(options.smtp, options.mailFrom, options.publicUrl) : undefined;
  const app = createHostedApp({
    database,
    storage,
    jobs,
    visualizations,
    metrics: createMetrics(queues, database),
    pingRedis,
    deleteAccount: deleteAccountOf,
    maxUploadBytes: options.maxUploadMb * 1e6,
    version: await packageVersion(),
    adminBoard: createAdminBoard(Object.values(queues)),
    adminEmail: options.adminEmail,
    cookieSecure: options.cookieSecure,
    recovery: { limits: createAbuseLimits(connection), mailer: accountMailer, trustProxy: options.trustProxy },
    log,
    studio: { assets, options: serverOptions, samples, uploadLimits },
  });
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      await connection.quit().catch(() => undefined);
      accountMailer?.close();
      storage.close();
      await database.end();
    },
  };
}

/** Painterly's version, from its package.json. */
async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  for (const up of ['../../../package.json', '../../../../package.json']) {
    const text = await readFile(new URL(up, import.meta.url), 'utf8').catch(() => undefined);
    if (text) return (JSON.parse(text) as { version: string }).version;
  }
  return '0.0.0';
}
