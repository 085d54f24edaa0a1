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
import { startMailCatcher, type CaughtMail, type MailCatcher } from './helpers/mail-catcher.js';
import { clusterSkip } from './helpers/required-tools.js';
import { createObjectStorage } from '../src/server/hosted/storage.js';

const CONTENT = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
const STYLE = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
/** The largest upload here (the images used are under 1 MB). */
const MAX_UPLOAD_MB = 1;
/** Every user may start this many jobs per hour in this deployment. */
const JOBS_PER_HOUR = 8;
/**
 * The quality job whose worker is killed: 300 iterations at 96 px, killed once its checkpoint at
 * `KILL_AT_CHECKPOINT` is stored. At 48 px and 400 iterations a quiet machine finished the job in the
 * time its checkpoint at 100 took to be uploaded and seen (three tries in a row): at 96 px an
 * iteration costs about four times as much, so the 280 left are seconds, not a fraction of one.
 */
const ITERATIONS_TO_KILL = 300;
const KILL_SIZE_PX = 96;
/** Early enough to see it running, late enough that resuming from it is not starting over. */
const KILL_AT_CHECKPOINT = 20;
/** Quality jobs checkpoint often here, so a killed worker loses little. */
const CHECKPOINT_EVERY = 5;

/** A quality job small enough for a loaded 2-core machine (Darknet Tiny from the mirror), long enough to watch (and kill) while it runs. */
function qualityJob(content: string, style: string, iterations: number, size = 48): Record<string, unknown> {
  return { mode: 'quality', content, styles: [{ source: 'upload', id: style }], weights: 'darknet-tiny', size, iterations, seed: 1 };
}

/** A fast job at a tiny size. */
function fastJob(content: string): Record<string, unknown> {
  return { mode: 'fast', content, preset: 'udnie', size: 32 };
}

describe('a hosted deployment (redis, PostgreSQL, S3, one API node, two workers)', { skip: clusterSkip() }, () => {
  let services: Services;
  let api: GroupProcess & { url: string; home: string };
  const workers: (GroupProcess & { name: string; home: string })[] = [];
  let database: pg.Pool;
  let alice: HostedUser;
  let bob: HostedUser;
  const uploads: Record<string, { content: string; style: string }> = {};
  /** The local SMTP server the workers send job e-mails to, and what it received. */
  let catcher: MailCatcher | undefined;
  let mails: CaughtMail[] = [];
  const workerArgs: string[] = [];
  /** Workers being started (torn down too, should a test fail meanwhile). */
  const starting: Promise<GroupProcess & { name: string; home: string }>[] = [];
  /** Ids later tests reuse. */
  const jobs: Record<string, string> = {};

  before(async () => {
    services = await startServices();
    catcher = await startMailCatcher();
    mails = catcher.mails;
    workerArgs.push('--smtp', catcher.url, '--mail-from', 'Painterly <painterly@test.invalid>');
    // The API node sends the verification e-mails (job e-mails go only to verified addresses), through the same SMTP server.
    api = await startApiNode(services, [...workerArgs, '--max-upload-mb', String(MAX_UPLOAD_MB), '--jobs-per-hour', String(JOBS_PER_HOUR), '--checkpoint-every', String(CHECKPOINT_EVERY), '--preview-every', '5', '--threads', '1']);
    workers.push(...(await Promise.all([startWorker(services, workerArgs), startWorker(services, workerArgs)])));
    database = new pg.Pool({ connectionString: services.database, max: 2 });
    // The outage test stops PostgreSQL under this pool's idle clients: their error is expected, and the pool reconnects.
    database.on('error', () => undefined);
    alice = await HostedUser.guest(api.url);
    bob = await HostedUser.guest(api.url);
    for (const user of [alice, bob]) uploads[user.userId] = { content: await user.upload(CONTENT), style: await user.upload(STYLE) };
  });

  after(async () => {
    await database?.end();
    const started = (await Promise.allSettled(starting)).flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    for (const node of new Set([...workers, ...started, ...(api ? [api] : [])])) {
      await node.kill('SIGKILL');
      await rm(node.home, { recursive: true, force: true });
    }
    await services?.dispose();
    await catcher?.close();
  });

  test('two users\' quality jobs run at the same time on different workers, with live progress, and finish', async () => {
    // Iterations at 48 px are fast: enough of them to watch both jobs run (starting a job takes seconds).
    const jobA = await alice.submit(qualityJob(uploads[alice.userId].content, uploads[alice.userId].style, 300));
    const jobB = await bob.submit(qualityJob(uploads[bob.userId].content, uploads[bob.userId].style, 300));
    jobs.aliceQuality = jobA.id;
    const streamA = alice.events(jobA.id);
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
    // The same progress as server-sent events, in the studio's vocabulary, ending with the final status.
    const events = await streamA;
    assert.equal(events[0].event, 'status');
    assert.deepEqual([events.at(-1)!.event, events.at(-1)!.job.status], ['status', 'done']);
    const streamed = events.filter((item) => item.event === 'iteration').map((item) => item.job.progress!.iteration!);
    assert.ok(streamed.length >= 2 && streamed.every((iteration, n) => n === 0 || iteration > streamed[n - 1]), `iterations streamed in order: ${streamed.join(', ')}`);
    assert.ok(events.some((item) => item.event === 'status' && item.job.status === 'running'), 'the running status');
    const result = await alice.call<Uint8Array>(`/api/jobs/${jobA.id}/result`);
    assert.equal(result.status, 200);
    const size = await sharp(result.body).metadata();
    assert.equal(size.format, 'png');
    assert.equal(Math.max(size.width, size.height), 48);
  });

  test('user B gets 404 on user A\'s job, result, preview and cancel, never sees it listed, and cannot use A\'s uploads', async () => {
    const id = jobs.aliceQuality;
    assert.ok(id, 'the first test made a job');
    assert.equal((await alice.call(`/api/jobs/${id}`)).status, 200);
    assert.equal((await alice.call(`/api/jobs/${id}/preview`)).status, 200, 'the owner sees the preview');
    for (const path of [`/api/jobs/${id}`, `/api/jobs/${id}/result`, `/api/jobs/${id}/preview`]) {
      const response = await bob.call<{ error: { code: string } }>(path);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.error.code, 'NOT_FOUND');
    }
    assert.equal((await bob.call(`/api/jobs/${id}/cancel`, { method: 'POST' })).status, 404);
    const listed = await bob.call<{ jobs: JobJson[] }>('/api/jobs');
    assert.ok(!listed.body.jobs.some((job) => job.id === id), 'not in B\'s list');
    const borrowed = await bob.call<{ error: { code: string; field?: string } }>('/api/jobs', { json: fastJob(uploads[alice.userId].content) });
    assert.equal(borrowed.status, 400);
    assert.equal(borrowed.body.error.field, 'content');
    assert.equal((await fetch(`${api.url}/api/jobs/${id}`)).status, 401, 'no key, no answer');
  });

  test('a share link shows the result to anyone without a key, and stops working when revoked', async () => {
    const id = jobs.aliceQuality;
    assert.equal((await bob.call(`/api/jobs/${id}/shares`, { method: 'POST' })).status, 404, 'only the owner shares');
    const link = await alice.call<{ id: string; url: string }>(`/api/jobs/${id}/shares`, { method: 'POST' });
    assert.equal(link.status, 201);
    const shared = await fetch(`${api.url}${link.body.url}`);
    assert.equal(shared.status, 200);
    const view = (await shared.json()) as { title: string; status: string; result: { url: string; width: number } };
    assert.equal(view.status, 'done');
    assert.ok(!JSON.stringify(view).includes(alice.userId) && !JSON.stringify(view).includes(uploads[alice.userId].content), 'no owner or upload ids');
    const image = await fetch(`${api.url}${view.result.url}`);
    assert.equal(image.status, 200);
    assert.equal((await sharp(new Uint8Array(await image.arrayBuffer())).metadata()).format, 'png');
    assert.equal((await alice.call(`/api/jobs/${id}/shares/${link.body.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${api.url}${link.body.url}`)).status, 404);
    assert.equal((await fetch(`${api.url}${view.result.url}`)).status, 404);
  });

  test('a non-image or oversized upload is refused before anything is stored', async () => {
    const before = await database.query('SELECT count(*)::int AS n FROM uploads WHERE user_id = $1', [bob.userId]);
    const response = await bob.call<{ error: { code: string; message: string } }>('/api/uploads?name=notes.txt', { method: 'POST', body: new TextEncoder().encode('not an image at all') });
    assert.equal(response.status, 415);
    assert.match(response.body.error.message, /not an image/);
    const oversized = await bob.call<{ error: { code: string; message: string } }>('/api/uploads?name=big.png', { method: 'POST', body: new Uint8Array(MAX_UPLOAD_MB * 1e6 + 1) });
    assert.equal(oversized.status, 413);
    assert.match(oversized.body.error.message, /limit of 1\.0 MB/);
    const afterwards = await database.query('SELECT count(*)::int AS n FROM uploads WHERE user_id = $1', [bob.userId]);
    assert.equal(afterwards.rows[0].n, before.rows[0].n);
  });

  test('a running quality job is cancelled on its worker', async () => {
    const job = await bob.submit(qualityJob(uploads[bob.userId].content, uploads[bob.userId].style, 2000));
    await bob.waitFor(job.id, (view) => view.status === 'running' && view.progress?.type === 'iteration');
    const cancelled = await bob.call<JobJson>(`/api/jobs/${job.id}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 200);
    const final = await bob.waitFor(job.id, ended, 60_000);
    assert.equal(final.status, 'cancelled');
    assert.equal((await bob.call(`/api/jobs/${job.id}/cancel`, { method: 'POST' })).status, 409, 'nothing left to cancel');
  });

  test('a finished job sends a webhook with a valid Standard Webhooks signature', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
        arrived();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as { port: number };
      const hook = await alice.call<{ id: string; secret: string }>('/api/webhooks', { json: { url: `http://127.0.0.1:${port}/hook` } });
      assert.equal(hook.status, 201);
      const job = await alice.submit(fastJob(uploads[alice.userId].content));
      const done = await alice.waitFor(job.id, ended);
      assert.equal(done.status, 'done', JSON.stringify(done));
      await Promise.race([arrival, new Promise((_, reject) => setTimeout(() => reject(new Error('no webhook in 60 s')), 60_000))]);
      const delivery = received.find((item) => item.body.includes(job.id));
      assert.ok(delivery, 'the webhook names the job');
      const headers = Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]));
      const payload = new Webhook(hook.body.secret).verify(delivery.body, headers) as { type: string; data: { jobId: string; status: string } };
      assert.deepEqual([payload.type, payload.data.jobId, payload.data.status], ['job.done', job.id, 'done']);
      assert.throws(() => new Webhook(`whsec_${Buffer.from('another secret, 24 bytes!').toString('base64')}`).verify(delivery.body, headers), /signature/i, 'another secret does not verify');
      assert.equal((await alice.call(`/api/webhooks/${hook.body.id}`, { method: 'DELETE' })).status, 204);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test('an e-mail reaches the local SMTP server when a job of a user who gave (and verified) an address ends', async () => {
    assert.equal((await bob.call('/api/me/email', { method: 'PUT', json: { email: 'not an address' } })).status, 400);
    const set = await bob.call('/api/me/email', { method: 'PUT', json: { email: 'bob@test.invalid' } });
    assert.deepEqual([set.status, set.body], [200, { email: 'bob@test.invalid', verified: false, verificationSent: true }]);
    const verifyBy = Date.now() + 30_000;
    while (!mails.some((mail) => /Verification token: /.test(mail.text)) && Date.now() < verifyBy) await new Promise((resolve) => setTimeout(resolve, 200));
    const token = /Verification token: ([A-Za-z0-9_-]{43})/.exec(mails.find((mail) => mail.to.includes('bob@test.invalid'))?.text ?? '')?.[1];
    assert.ok(token, 'the verification e-mail arrived');
    assert.equal((await bob.call('/api/accounts/verify', { json: { token } })).status, 200);
    const job = await bob.submit(fastJob(uploads[bob.userId].content));
    assert.equal((await bob.waitFor(job.id, ended)).status, 'done');
    const deadline = Date.now() + 60_000;
    while (!mails.some((mail) => mail.text.includes(job.id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const mail = mails.find((item) => item.text.includes(job.id));
    assert.ok(mail, `an e-mail about the job arrived (${mails.length} e-mails in all)`);
    assert.deepEqual(mail.to, ['bob@test.invalid']);
    assert.match(mail.text, /Subject: Painterly: your job is done/);
    assert.match(mail.text, /From: Painterly <painterly@test\.invalid>/);
    assert.equal((await bob.call('/api/me/email', { method: 'PUT', json: { email: null } })).status, 200);
  });

  test('past the quota a job gets 429 with Retry-After; a revoked key gets 401', async () => {
    const carol = await HostedUser.guest(api.url);
    const content = await carol.upload(CONTENT);
    for (let n = 0; n < JOBS_PER_HOUR; n += 1) {
      const job = await carol.submit(fastJob(content));
      await carol.call(`/api/jobs/${job.id}/cancel`, { method: 'POST' });
    }
    const refused = await carol.call<{ error: { code: string; message: string } }>('/api/jobs', { json: fastJob(content) });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'QUOTA_EXCEEDED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter > 3000 && retryAfter <= 3600, `Retry-After ${retryAfter} s: when the oldest of the hour's jobs leaves the window`);
    assert.equal((await bob.call('/api/jobs', { json: fastJob(uploads[bob.userId].content) })).status, 201, 'another user is not held back');

    const second = await carol.call<{ id: string; key: string }>('/api/keys', { method: 'POST' });
    assert.equal(second.status, 201);
    const withSecond = new HostedUser(api.url, second.body.key, carol.userId);
    assert.equal((await withSecond.call('/api/jobs')).status, 200);
    const stored = await database.query('SELECT key_hash FROM api_keys WHERE id = $1', [second.body.id]);
    assert.ok(!stored.rows[0].key_hash.toString('utf8').includes(second.body.key), 'only a hash of the key is stored');
    assert.equal((await carol.call(`/api/keys/${second.body.id}`, { method: 'DELETE' })).status, 204);
    const revoked = await withSecond.call<{ error: { code: string; message: string } }>('/api/jobs');
    assert.equal(revoked.status, 401);
    assert.match(revoked.body.error.message, /revoked/);
    assert.equal((await carol.call('/api/jobs')).status, 200, 'the other key still works');
  });

  test('delete my data: the account, its keys, uploads, jobs, results and share links are gone', async () => {
    const dave = await HostedUser.guest(api.url);
    const content = await dave.upload(CONTENT);
    const job = await dave.submit(fastJob(content));
    assert.equal((await dave.waitFor(job.id, ended)).status, 'done');
    const link = await dave.call<{ url: string }>(`/api/jobs/${job.id}/shares`, { method: 'POST' });
    const storage = createObjectStorage(services.storage);
    try {
      assert.ok(await storage.get(`uploads/${content}`), 'the upload is stored');
      assert.ok(await storage.get(`results/${job.id}.png`), 'the result is stored');
      const deleted = await dave.call<{ deleted: { jobs: number; uploads: number } }>('/api/me', { method: 'DELETE' });
      assert.equal(deleted.status, 200);
      assert.deepEqual([deleted.body.deleted.jobs, deleted.body.deleted.uploads], [1, 1]);
      assert.equal(await storage.get(`uploads/${content}`), undefined);
      assert.equal(await storage.get(`results/${job.id}.png`), undefined);
    } finally {
      storage.close();
    }
    assert.equal((await dave.call('/api/jobs')).status, 401, 'the key went with the account');
    assert.equal((await fetch(`${api.url}${link.body.url}`)).status, 404, 'and the share link');
    for (const table of ['users', 'api_keys', 'uploads', 'jobs', 'gallery_items', 'share_links']) {
      const column = table === 'users' ? 'id' : 'user_id';
      const { rows } = await database.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [dave.userId]);
      assert.equal(rows[0].n, 0, `${table} has nothing of the deleted user`);
    }
  });

  test('health, readiness, Prometheus metrics and the OpenAPI description', async () => {
    const openApi = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: { JobRequest: { oneOf: { properties: { mode: { const: string }; preset?: { enum: string[] } } }[] } } };
    };
    assert.equal(openApi.openapi, '3.1.0');
    for (const path of ['/api/jobs', '/api/jobs/{id}', '/api/jobs/{id}/events', '/api/shared/{token}', '/api/me']) assert.ok(openApi.paths[path], path);
    const variants = openApi.components.schemas.JobRequest.oneOf;
    assert.deepEqual(variants.map((variant) => variant.properties.mode.const), ['fast', 'quality'], 'generated from the request schema');
    assert.ok(variants[0].properties.preset!.enum.includes('udnie'));

    assert.equal((await fetch(`${api.url}/api/health`)).status, 200);
    // Ready is a state (each probe must answer within 3 s): polled, as a load balancer would.
    const deadline = Date.now() + 60_000;
    let ready = await fetch(`${api.url}/api/ready`);
    while (ready.status !== 200 && Date.now() < deadline) {
      await ready.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 500));
      ready = await fetch(`${api.url}/api/ready`);
    }
    assert.deepEqual([ready.status, await ready.json()], [200, { ready: true, checks: { redis: 'ok', database: 'ok', storage: 'ok' } }]);
    const metrics = await (await fetch(`${api.url}/api/metrics`)).text();
    assert.match(metrics, /^painterly_queue_jobs\{queue="quality",state="active"\} \d+$/m);
    assert.match(metrics, /^painterly_jobs\{mode="quality",status="done"\} [1-9]\d*$/m);
    assert.match(metrics, /^painterly_job_duration_seconds\{mode="quality",stat="p95"\} [\d.]+$/m);
  });

  test('Redis or PostgreSQL restarted: the API answers 503 meanwhile and recovers without a restart', async () => {
    const content = uploads[alice.userId].content;
    /** Retries `probe` until it answers `status` (the services come back within seconds). */
    const until = async (status: number, probe: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown }> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const response = await probe();
        if (response.status === status || Date.now() > deadline) return response;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    await services.stop('redis');
    const refused = await alice.call<{ error: { code: string } }>('/api/jobs', { json: fastJob(content) });
    assert.deepEqual([refused.status, refused.body.error.code], [503, 'UNAVAILABLE']);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal((await fetch(`${api.url}/api/ready`)).status, 503);
    await services.start('redis');
    const accepted = await until(201, () => alice.call('/api/jobs', { json: fastJob(content) }));
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    const done = await alice.waitFor((accepted.body as JobJson).id, ended);
    assert.equal(done.status, 'done', 'the workers reconnected too');

    await services.stop('database');
    const unavailable = await alice.call<{ error: { code: string } }>('/api/jobs');
    assert.deepEqual([unavailable.status, unavailable.body.error.code], [503, 'UNAVAILABLE']);
    await services.start('database');
    const listed = await until(200, () => alice.call('/api/jobs'));
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
  });

  test('SIGTERM drains a worker: its quality job stops with a checkpoint and the other worker continues it', async () => {
    // Far longer than the test watches it (it is cancelled once the other worker has taken it over),
    // so no machine is fast enough to finish it before the drain.
    const job = await bob.submit(qualityJob(uploads[bob.userId].content, uploads[bob.userId].style, 20_000));
    const running = await bob.waitFor(job.id, (view) => (view.checkpointIteration ?? 0) >= CHECKPOINT_EVERY || ended(view));
    assert.equal(running.status, 'running', 'the job was still running after its first checkpoint');
    const index = workers.findIndex((worker) => worker.name === running.worker);
    assert.ok(index >= 0, `the job runs on one of the workers (${running.worker})`);
    const [draining] = workers.splice(index, 1);
    // SIGTERM to the worker node only (as `systemd` with KillMode=mixed, or Ctrl-C's handler, would).
    const exit = new Promise<number | null>((resolve) => draining.child.once('exit', (code) => resolve(code)));
    process.kill(draining.child.pid!, 'SIGTERM');
    // A replacement starts meanwhile, so the next test has two workers again.
    const replacement = startWorker(services, workerArgs);
    starting.push(replacement);
    assert.equal(await exit, 0, `the drained worker exits cleanly: ${draining.output().slice(-2000)}`);
    await rm(draining.home, { recursive: true, force: true });
    const continued = await bob.waitFor(job.id, (view) => ended(view) || (view.runs === 2 && view.status === 'running' && view.progress?.type === 'iteration'), 120_000);
    assert.equal(continued.status, 'running', `still running, on its second run: ${JSON.stringify(continued)}`);
    assert.notEqual(continued.worker, draining.name, `handed back and continued elsewhere: ${JSON.stringify(continued)}; the drained worker said: ${draining.output().slice(-3000)}`);
    assert.ok((continued.resumedFromIteration ?? 0) >= CHECKPOINT_EVERY, `continued from the drained worker's checkpoint (iteration ${continued.resumedFromIteration})`);
    assert.equal((await bob.call(`/api/jobs/${job.id}/cancel`, { method: 'POST' })).status, 200);
    assert.equal((await bob.waitFor(job.id, ended, 60_000)).status, 'cancelled');
    workers.push(await replacement);
  });

  test('SIGKILL of the worker running a quality job: the other worker finishes it from its checkpoint within 30 s, once', async (t) => {
    // Iterations at 96 px are cheap next to starting a job (seconds, on a loaded machine): enough of
    // them to still be running when the first checkpoint is seen, few enough to finish soon after.
    // A fast machine may finish the job before its checkpoint is seen: then the next try kills another.
    let job: JobJson | undefined;
    let running: JobJson | undefined;
    for (let attempt = 1; attempt <= 3 && running?.status !== 'running'; attempt += 1) {
      job = await alice.submit(qualityJob(uploads[alice.userId].content, uploads[alice.userId].style, ITERATIONS_TO_KILL, KILL_SIZE_PX));
      running = await alice.waitFor(job.id, (view) => (view.checkpointIteration ?? 0) >= KILL_AT_CHECKPOINT || ended(view));
    }
    assert.ok(job && running);
    assert.equal(running.status, 'running', `in three tries, the job was still running after its checkpoint at iteration ${KILL_AT_CHECKPOINT}`);
    const victim = workers.find((worker) => worker.name === running.worker);
    assert.ok(victim, `the job runs on one of the workers (${running.worker})`);
    await victim.kill('SIGKILL');
    const killedAt = Date.now();
    const final = await alice.waitFor(job.id, ended, 120_000);
    const recoveredInS = (Date.now() - killedAt) / 1000;
    t.diagnostic(`finished ${recoveredInS.toFixed(1)} s after the SIGKILL, resumed from iteration ${final.resumedFromIteration} of ${ITERATIONS_TO_KILL} (checkpoint seen at ${running.checkpointIteration})`);
    assert.equal(final.status, 'done', JSON.stringify(final));
    assert.notEqual(final.worker, victim.name, 'finished by the other worker');
    assert.equal(final.runs, 2, 'started twice: once on each worker');
    assert.ok((final.resumedFromIteration ?? 0) >= KILL_AT_CHECKPOINT, `resumed from the checkpoint (iteration ${final.resumedFromIteration}), not from the start`);
    assert.ok(recoveredInS < 30, `finished ${recoveredInS.toFixed(1)} s after the kill`);
    const items = await database.query('SELECT count(*)::int AS n FROM gallery_items WHERE job_id = $1', [job.id]);
    assert.equal(items.rows[0].n, 1, 'one gallery item, not two');
    assert.equal((await alice.call(`/api/jobs/${job.id}/result`)).status, 200);
  });
});
