/**
 * `npm run bench:service`: a bounded load test of a hosted deployment on loopback: redis-server,
 * PostgreSQL, s3rver, one API node and two workers (the cluster tests' harness), then USERS guest
 * users submit JOBS fast jobs (a tiny preset run each) over HTTP as fast as the API takes them, and
 * poll until every job ended. It checks that every job finished exactly once (status done, one run,
 * one gallery item) and prints the API latency (every request, submissions and polls) and the
 * throughput. Needs redis-server and PostgreSQL (apt) and a build (`npx tsc -p tsconfig.build.json`).
 *
 *   npm run bench:service -- [JOBS=200] [USERS=20]
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { SHARED_IMAGES } from '../test/helpers/cli.js';
import { startApiNode, startServices, startWorker } from '../test/helpers/cluster.js';
import { HostedUser } from '../test/helpers/hosted-api.js';

const JOBS = Number(process.argv[2] ?? 200);
const USERS = Number(process.argv[3] ?? 20);
/** The whole run gives up after this long. */
const DEADLINE_MS = 30 * 60_000;
const CONTENT = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');

const latenciesMs: number[] = [];
/** A request, timed. */
async function timed<T>(request: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await request();
  } finally {
    latenciesMs.push(performance.now() - started);
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const services = await startServices();
const nodes = [];
try {
  const api = await startApiNode(services, ['--jobs-per-hour', String(JOBS), '--threads', '1']);
  nodes.push(api);
  nodes.push(...(await Promise.all([startWorker(services, ['--fast-jobs', '2']), startWorker(services, ['--fast-jobs', '2'])])));
  const users = await Promise.all(Array.from({ length: USERS }, () => HostedUser.guest(api.url)));
  const contents = await Promise.all(users.map((user) => user.upload(CONTENT)));
  const started = performance.now();
  const submitted = await Promise.all(
    Array.from({ length: JOBS }, (_, n) => {
      const user = users[n % USERS];
      return timed(() => user.submit({ mode: 'fast', content: contents[n % USERS], preset: 'udnie', size: 32 })).then((job) => ({ user, id: job.id }));
    }),
  );
  const submittedMs = performance.now() - started;
  const pending = new Set(submitted.map((job) => job.id));
  while (pending.size > 0) {
    if (performance.now() - started > DEADLINE_MS) throw new Error(`${pending.size} jobs did not end in ${DEADLINE_MS / 60_000} min`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const user of users) {
      const { body } = await timed(() => user.call<{ jobs: { id: string; status: string }[] }>('/api/jobs'));
      for (const job of body.jobs) if (['done', 'failed', 'cancelled'].includes(job.status)) pending.delete(job.id);
    }
  }
  const totalS = (performance.now() - started) / 1000;
  const database = new pg.Pool({ connectionString: services.database, max: 1 });
  const { rows } = await database.query<{ done: number; once: number; items: number }>(
    `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE runs = 1)::int AS once,
            (SELECT count(*)::int FROM gallery_items) AS items FROM jobs`,
  );
  await database.end();
  const report = {
    jobs: JOBS,
    users: USERS,
    workers: 2,
    done: rows[0].done,
    ranOnce: rows[0].once,
    galleryItems: rows[0].items,
    submitSeconds: Number((submittedMs / 1000).toFixed(1)),
    totalSeconds: Number(totalS.toFixed(1)),
    jobsPerSecond: Number((JOBS / totalS).toFixed(2)),
    apiRequests: latenciesMs.length,
    apiLatencyMs: { p50: Number(percentile(latenciesMs, 50).toFixed(1)), p95: Number(percentile(latenciesMs, 95).toFixed(1)), max: Number(Math.max(...latenciesMs).toFixed(1)) },
  };
  console.log(JSON.stringify(report, null, 2));
  if (report.done !== JOBS || report.ranOnce !== JOBS || report.galleryItems !== JOBS) {
    console.error('Not every job finished exactly once.');
    process.exitCode = 1;
  }
} finally {
  for (const node of nodes) {
    await node.kill('SIGKILL');
    await rm(node.home, { recursive: true, force: true });
  }
  await services.dispose();
}
