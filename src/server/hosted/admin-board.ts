/**
 * The admin queue view of a hosted deployment: bull-board (`@bull-board/api` with its Hono adapter)
 * over the deployment's BullMQ queues, read-only (it shows waiting, active, delayed, failed and
 * completed jobs with their data and errors; retrying or removing jobs is left to the API, which
 * keeps PostgreSQL and the queues in step). The caller of `createHostedApp` guards it: admins only.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';

/** Where the view is served. */
export const ADMIN_QUEUES_PATH = '/admin/queues';

/**
 * The view's routes (its page, its static files and its JSON API), to mount at `ADMIN_QUEUES_PATH`.
 *
 * @example
 * app.route(ADMIN_QUEUES_PATH, createAdminBoard([queues.quality, queues.fast, queues.notify]));
 */
export function createAdminBoard(queues: readonly Queue[]): Hono {
  const serverAdapter = new HonoAdapter(serveStatic);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })), serverAdapter, options: { uiConfig: { boardTitle: 'Painterly queues' } } });
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  return serverAdapter.registerPlugin();
}
