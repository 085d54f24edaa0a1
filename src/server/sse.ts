/**
 * Server-sent events of one job: the job's view at once (`status`), then every change (`load`,
 * `iteration`, `preview`, `status`) until it ends; the stream closes after the final `status`.
 * A slow reader never backs up the server: consecutive iteration events are merged.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { JobEvent, JobView } from './api-types.js';
import { FINAL_STATUSES } from './gallery/item.js';
import type { PaintingJobs } from './jobs/painting-jobs.js';

/** A comment line this often keeps proxies and browsers from closing an idle stream. */
export const KEEP_ALIVE_MS = 15_000;

/**
 * The event stream of job `id` (which must exist: check with `jobs.view(id)` first for a 404).
 *
 * @example
 * app.get('/api/jobs/:id/events', (c) => { jobs.view(c.req.param('id')); return jobEventStream(c, jobs, c.req.param('id')); });
 */
export function jobEventStream(c: Context, jobs: PaintingJobs, id: string): Response {
  return streamSSE(c, async (stream) => {
    const pending: JobEvent[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    const unsubscribe = jobs.subscribe(id, (event) => {
      const last = pending.at(-1);
      if (last && last.type === 'iteration' && event.type === 'iteration') pending[pending.length - 1] = event;
      else pending.push(event);
      wake?.();
    });
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), KEEP_ALIVE_MS);
    try {
      const initial = jobs.view(id);
      await stream.writeSSE({ event: 'status', data: JSON.stringify(initial) });
      if (isFinal(initial)) return;
      while (!closed) {
        const event = pending.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        await stream.writeSSE({ event: event.type, data: JSON.stringify(event.job) });
        if (isFinal(event.job)) break;
      }
    } finally {
      clearInterval(keepAlive);
      unsubscribe();
    }
  });
}

/** Whether a job view is final (no more events will follow). */
export function isFinal(job: JobView): boolean {
  return FINAL_STATUSES.has(job.status);
}
