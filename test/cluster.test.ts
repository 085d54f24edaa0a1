/**
 * A hosted deployment on one machine, as users and operators see it: real redis-server, PostgreSQL
 * (initdb + pg_ctl in a temporary folder), an S3-compatible server (s3rver), one API node and two
 * worker processes, all over loopback. Quality jobs use random VGG19 weights at tiny sizes, so the
 * suite stays short; the preset comes from the shared model mirror.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import { SHARED_IMAGES } from './helpers/cli.js';
import { startApiNode, startServices, startWorker, type GroupProcess, type Services } from './helpers/cluster.js';
import { ended, HostedUser, type JobJson } from './helpers/hosted-api.js';
import { clusterSkip } from './helpers/required-tools.js';

const CONTENT = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
const STYLE = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
/** Every user may start this many jobs per hour in this deployment. */
const JOBS_PER_HOUR = 8;
/** Quality jobs checkpoint often here, so a killed worker loses little. */
const CHECKPOINT_EVERY = 5;

/** A quality job small enough for a loaded 2-core machine, long enough to watch (and kill) while it runs. */
function qualityJob(content: string, style: string, iterations: number): Record<string, unknown> {
  return { mode: 'quality', content, styles: [{ source: 'upload', id: style }], weights: 'random', size: 48, iterations, seed: 1 };
}

describe('a hosted deployment (redis, PostgreSQL, S3, one API node, two workers)', { skip: clusterSkip() }, () => {
  let services: Services;
  let api: GroupProcess & { url: string; home: string };
  const workers: (GroupProcess & { name: string; home: string })[] = [];
  let database: pg.Pool;
  let alice: HostedUser;
  let bob: HostedUser;
  const uploads: Record<string, { content: string; style: string }> = {};

  before(async () => {
    services = await startServices();
    api = await startApiNode(services, ['--jobs-per-hour', String(JOBS_PER_HOUR), '--checkpoint-every', String(CHECKPOINT_EVERY), '--preview-every', '5', '--threads', '1']);
    workers.push(...(await Promise.all([startWorker(services), startWorker(services)])));
    database = new pg.Pool({ connectionString: services.database, max: 2 });
    alice = await HostedUser.guest(api.url);
    bob = await HostedUser.guest(api.url);
    for (const user of [alice, bob]) uploads[user.userId] = { content: await user.upload(CONTENT), style: await user.upload(STYLE) };
  });

  after(async () => {
    await database?.end();
    for (const node of [...workers, ...(api ? [api] : [])]) {
      await node.kill('SIGKILL');
      await rm(node.home, { recursive: true, force: true });
    }
    await services?.dispose();
  });

  test('two users\' quality jobs run at the same time on different workers, with live progress, and finish', async () => {
    const jobA = await alice.submit(qualityJob(uploads[alice.userId].content, uploads[alice.userId].style, 40));
    const jobB = await bob.submit(qualityJob(uploads[bob.userId].content, uploads[bob.userId].style, 40));
    const iterationsSeen = { [jobA.id]: new Set<number>(), [jobB.id]: new Set<number>() };
    let together = false;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [a, b] = [await alice.job(jobA.id), await bob.job(jobB.id)];
      for (const job of [a, b]) if (job.status === 'running' && job.progress?.type === 'iteration') iterationsSeen[job.id].add(job.progress.iteration!);
      if (a.status === 'running' && b.status === 'running' && a.worker && b.worker && a.worker !== b.worker) together = true;
      if (ended(a) && ended(b)) {
        assert.equal(a.status, 'done', JSON.stringify(a));
        assert.equal(b.status, 'done', JSON.stringify(b));
        assert.notEqual(a.worker, b.worker, 'each ran on its own worker');
        assert.deepEqual(new Set([a.worker, b.worker]), new Set(workers.map((worker) => worker.name)));
        break;
      }
      assert.ok(Date.now() < deadline, `the jobs did not finish in time: ${JSON.stringify([a, b])}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(together, 'both jobs were seen running at once, on different workers');
    for (const [id, seen] of Object.entries(iterationsSeen)) assert.ok(seen.size >= 2, `job ${id}: live progress, several iterations seen while it ran (${[...seen].join(', ')})`);
    const result = await alice.call<Uint8Array>(`/api/jobs/${jobA.id}/result`);
    assert.equal(result.status, 200);
    const size = await sharp(result.body).metadata();
    assert.equal(size.format, 'png');
    assert.equal(Math.max(size.width, size.height), 48);
  });
});
