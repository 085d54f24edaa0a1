/**
 * Prometheus metrics of a hosted deployment (`GET /api/metrics`, via `prom-client`), read at scrape
 * time from the shared state, so any API node reports the whole deployment: queue depth per queue and
 * state (BullMQ), jobs per status, and the durations of jobs finished in the last hour (PostgreSQL).
 * Visualize runs (their own table) are counted as mode `visualize`.
 */
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { Gauge, Registry } from 'prom-client';

/** The deployment's queues by name. */
export type NamedQueues = Readonly<Record<string, Queue>>;

/**
 * A registry whose gauges are collected from `queues` and `database` on each scrape.
 *
 * @example
 * const registry = createMetrics(queues, database);
 * c.text(await registry.metrics())
 */
export function createMetrics(queues: NamedQueues, database: pg.Pool): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'painterly_queue_jobs',
    help: 'Jobs in each queue, by BullMQ state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const [name, queue] of Object.entries(queues)) {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
        for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
      }
    },
  });
  new Gauge({
    name: 'painterly_jobs',
    help: 'Paintings by mode and status, and visualize runs (mode visualize) by status (all users).',
    labelNames: ['mode', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await database.query<{ mode: string; status: string; count: string }>(`SELECT mode, status, count(*) FROM jobs GROUP BY mode, status
         UNION ALL SELECT 'visualize', status, count(*) FROM visualizations GROUP BY status`);
      for (const row of rows) this.set({ mode: row.mode, status: row.status }, Number(row.count));
    },
  });
  new Gauge({
    name: 'painterly_job_duration_seconds',
    help: 'Run time of the paintings and visualize runs (mode visualize) finished in the last hour (start to end), by mode: mean and 95th percentile.',
    labelNames: ['mode', 'stat'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await database.query<{ mode: string; mean: number; p95: number }>(
        `SELECT mode, avg(extract(epoch FROM finished_at - started_at))::float8 AS mean,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))::float8 AS p95
           FROM (SELECT mode, status, started_at, finished_at FROM jobs
                 UNION ALL SELECT 'visualize', status, started_at, finished_at FROM visualizations) AS runs
          WHERE status = 'done' AND finished_at > now() - interval '1 hour' AND started_at IS NOT NULL GROUP BY mode`,
      );
      for (const row of rows) {
        this.set({ mode: row.mode, stat: 'mean' }, row.mean);
        this.set({ mode: row.mode, stat: 'p95' }, row.p95);
      }
    },
  });
  return registry;
}
