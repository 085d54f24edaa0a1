/**
 * Server-sent events of one hosted job, in the studio's vocabulary (`status`, then `load`,
 * `iteration`, `tile`, `preview` as the job's progress changes, and a final `status`), each carrying
 * the job's view. The job may run on any worker and the client may ask any API node, so the stream
 * follows the job's row (read every `POLL_MS`) rather than one process's events; a slow reader only
 * misses intermediate iterations, never the end.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { KEEP_ALIVE_MS } from '../sse.js';
import type { Caller } from './accounts.js';
import type { HostedJobs } from './hosted-jobs.js';
import type { HostedJobView } from './types.js';

/** How often the stream reads the job's row. */
export const POLL_MS = 250;

const FINAL = new Set<HostedJobView['status']>(['done', 'failed', 'cancelled']);

/**
 * The event stream of the caller's job `id` (check it exists first: `jobs.view` answers 404).
 *
 * @example
 * app.get('/api/jobs/:id/events', async (c) => { await jobs.view(caller, id); return hostedJobEventStream(c, jobs, caller, id); });
 */
export function hostedJobEventStream(c: Context, jobs: HostedJobs, caller: Caller, id: string): Response {
  return streamSSE(c, async (stream) => {
    let closed = false;
    stream.onAbort(() => void (closed = true));
    const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), KEEP_ALIVE_MS);
    try {
      let view = await jobs.view(caller, id);
      await stream.writeSSE({ event: 'status', data: JSON.stringify(view) });
      while (!closed && !FINAL.has(view.status)) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const next = await jobs.view(caller, id).catch(() => undefined);
        if (!next) break;
        if (next.progress && JSON.stringify(next.progress) !== JSON.stringify(view.progress)) await stream.writeSSE({ event: next.progress.type, data: JSON.stringify(next) });
        if (next.status !== view.status) await stream.writeSSE({ event: 'status', data: JSON.stringify(next) });
        view = next;
      }
    } finally {
      clearInterval(keepAlive);
    }
  });
}
