/**
 * The queue under load: 20 submissions at once (fast and quality) are all accepted and queued; at
 * most one quality job and two fast jobs run at a time; the server keeps answering; two quality jobs
 * waiting behind a running one are cancelled at once (never started), then the running one; every
 * other job ends `done`; and the server's memory
 * returns to its baseline afterwards (workers exit and take their memory with them).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { api, CONTENT_FIXTURE, startStudio, streamJob, upload, waitForIdle, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/**
 * How far the server's resident memory may sit above its warmed-up baseline once the queue is idle.
 * Jobs run in worker processes (src/server/jobs/worker-host.ts), so what they allocate leaves with
 * them; the tolerance covers the server's own heap and sharp's use for uploads and card images. A
 * quality job at 32 px allocates ~250 MB natively (VGG19 weights, the ONNX model, ONNX Runtime's copy),
 * so keeping even one job's buffers would exceed this. test/server-memory.test.ts compares with the start figure.
 */
const RSS_TOLERANCE_BYTES = 64 * 1024 * 1024;
/** The main thread's JS heap holds no per-job state after a job ends (previews are dropped). */
const HEAP_TOLERANCE_BYTES = 8 * 1024 * 1024;
const FAST_PRESETS = ['udnie', 'wave', 'scream', 'la_muse'];

let studio: StudioProcess;
let contentId: string;

before(async () => {
  studio = await startStudio({ exposeGc: true, args: ['--quality-jobs', '1', '--fast-jobs', '2'] });
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE));
});
after(async () => {
  await studio?.dispose();
});

interface Memory {
  rssBytes: number;
  heapUsedBytes: number;
}

async function memoryAfterGc(): Promise<Memory> {
  const samples: Memory[] = [];
  for (let index = 0; index < 3; index += 1) {
    samples.push((await api<{ memory: Memory }>(studio, '/api/health?gc')).body.memory);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { rssBytes: Math.min(...samples.map((sample) => sample.rssBytes)), heapUsedBytes: Math.min(...samples.map((sample) => sample.heapUsedBytes)) };
}

const fastJob = (index: number): Json => ({ mode: 'fast', content: contentId, preset: FAST_PRESETS[index % FAST_PRESETS.length], size: 48 });
/** On Darknet Tiny (from the mirror): the queue is the subject, and its jobs start in a fraction of VGG19's time. */
const qualityJob = (iterations: number): Json => ({ mode: 'quality', content: contentId, styles: [{ source: 'upload', id: contentId }], weights: 'darknet-tiny', size: 32, iterations });

test('20 submissions at once are queued, waiting jobs are cancelled at once, the rest complete, and memory returns to its baseline', async () => {
  // Warm up with both lanes busy at once: the first jobs load ONNX Runtime and sharp into the process
  // for good, and malloc sets up its arenas for as many threads as run together.
  const warmUp = await Promise.all([fastJob(0), qualityJob(2), fastJob(1), fastJob(2), qualityJob(2)].map((body) => api<Json>(studio, '/api/jobs', { json: body })));
  for (const { body } of warmUp) assert.equal((await streamJob(studio, String(body.id))).at(-1)!.data.status, 'done');
  const baseline = await memoryAfterGc();

  const bodies = Array.from({ length: 20 }, (_, index) => (index % 3 === 2 ? qualityJob(index === 2 ? 100_000 : 3) : fastJob(index)));
  // The long quality job first, so the other quality jobs all wait behind it; then the other 19 at once.
  const long = await api<Json>(studio, '/api/jobs', { json: bodies[2] });
  const submitted = await Promise.all(bodies.map((body, index) => (index === 2 ? long : api<Json>(studio, '/api/jobs', { json: body }))));
  assert.deepEqual(submitted.map((response) => response.status), Array(20).fill(202));
  const ids = submitted.map((response) => String(response.body.id));
  assert.equal(new Set(ids).size, 20);

  // While they run: the lanes' limits hold and the server answers promptly.
  let maxQuality = 0;
  let maxFast = 0;
  let slowestHealthMs = 0;
  const watching = (async () => {
    for (;;) {
      const started = Date.now();
      const { body } = await api<{ counts: { fast: { running: number }; quality: { running: number } } }>(studio, '/api/health');
      slowestHealthMs = Math.max(slowestHealthMs, Date.now() - started);
      maxQuality = Math.max(maxQuality, body.counts.quality.running);
      maxFast = Math.max(maxFast, body.counts.fast.running);
      const { body: active } = await api<{ jobs: unknown[] }>(studio, '/api/jobs');
      if (active.jobs.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  // While the long quality job runs, the other quality jobs wait behind it (one quality job at a time):
  // cancel two of them there, then the long job itself.
  const longJob = ids[2];
  const cancelledWhileWaiting = [ids[17], ids[14]];
  const waitingCancels: Json[] = [];
  await streamJob(studio, longJob, async (event) => {
    if (event.event !== 'iteration' || event.data.status !== 'running' || waitingCancels.length > 0) return;
    for (const id of cancelledWhileWaiting) {
      assert.equal((await api<Json>(studio, `/api/jobs/${id}`)).body.status, 'queued', `job ${id} waits behind the running quality job`);
      const response = await api<Json>(studio, `/api/jobs/${id}/cancel`, { method: 'POST' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      waitingCancels.push(response.body);
    }
    await api(studio, `/api/jobs/${longJob}/cancel`, { method: 'POST' });
  });
  // A waiting job is cancelled at once: the answer already says so, and it never started.
  assert.deepEqual(waitingCancels.map((view) => [view.status, view.startedAt]), [['cancelled', undefined], ['cancelled', undefined]]);
  await waitForIdle(studio);
  await watching;

  const { body } = await api<{ items: Json[] }>(studio, '/api/gallery');
  const statusById = new Map(body.items.map((item) => [String(item.id), String(item.status)]));
  const cancelled = new Set([longJob, ...cancelledWhileWaiting]);
  assert.deepEqual(ids.map((id) => statusById.get(id)), ids.map((id) => (cancelled.has(id) ? 'cancelled' : 'done')));
  for (const id of cancelledWhileWaiting) assert.equal(body.items.find((item) => item.id === id)?.startedAt, undefined, `job ${id} never ran`);
  assert.ok(maxQuality <= 1, `quality jobs at once: ${maxQuality}`);
  assert.ok(maxFast <= 2, `fast jobs at once: ${maxFast}`);
  assert.ok(slowestHealthMs < 2000, `the server took ${slowestHealthMs} ms to answer while jobs ran`);

  const after = await memoryAfterGc();
  const megabytes = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
  const report = `baseline rss ${megabytes(baseline.rssBytes)} heap ${megabytes(baseline.heapUsedBytes)}; after rss ${megabytes(after.rssBytes)} heap ${megabytes(after.heapUsedBytes)}`;
  process.stderr.write(`# memory: ${report}\n`);
  assert.ok(after.rssBytes <= baseline.rssBytes + RSS_TOLERANCE_BYTES, report);
  assert.ok(after.heapUsedBytes <= baseline.heapUsedBytes + HEAP_TOLERANCE_BYTES, report);
});
