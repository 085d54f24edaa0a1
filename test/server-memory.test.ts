/**
 * Memory back to rest (issue 14): over repeated bursts of fast and quality jobs the server's resident
 * memory, once idle, returns near the figure it started at. Jobs run in worker processes
 * (src/server/jobs/worker-host.ts), so what a job allocates leaves with its process; the server keeps
 * only its own small state (the gallery records, sharp for uploads and card images).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { api, CONTENT_FIXTURE, startStudio, streamJob, upload, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/**
 * How far idle RSS may sit above the start figure after the bursts: the server's own heap growth
 * (gallery records, code paths run once: routes, sharp's first decode and encode of a card image).
 * Measured on the 2-core development machine: 128 MB at start, 213 / 254 / 267 MB after three bursts
 * when jobs ran in threads; with worker processes 120 MB at start and 113–114 MB after each burst.
 */
const RSS_TOLERANCE_BYTES = 48 * 1024 * 1024;
const BURSTS = 3;

let studio: StudioProcess;
let contentId: string;

before(async () => {
  studio = await startStudio({ exposeGc: true });
});
after(async () => {
  await studio?.dispose();
});

/** The server's RSS after garbage collection: the least of three samples, 300 ms apart. */
async function idleRss(): Promise<number> {
  let least = Number.POSITIVE_INFINITY;
  for (let sample = 0; sample < 3; sample += 1) {
    least = Math.min(least, (await api<{ memory: { rssBytes: number } }>(studio, '/api/health?gc')).body.memory.rssBytes);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return least;
}

test(`after ${BURSTS} bursts of jobs the idle server is back near its start memory`, async () => {
  const start = await idleRss();
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE));
  const megabytes = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
  const figures = [`start ${megabytes(start)}`];
  for (let burst = 0; burst < BURSTS; burst += 1) {
    const bodies: Json[] = [
      ...['udnie', 'wave'].map((preset) => ({ mode: 'fast', content: contentId, preset, size: 48 })),
      ...[3, 4].map((iterations) => ({ mode: 'quality', content: contentId, styles: [{ source: 'upload', id: contentId }], weights: 'darknet-tiny', size: 32, iterations })),
    ];
    const ids = await Promise.all(bodies.map(async (body) => String((await api<Json>(studio, '/api/jobs', { json: body })).body.id)));
    for (const id of ids) assert.equal((await streamJob(studio, id)).at(-1)!.data.status, 'done');
    // Card images are made in the server itself: ask for them, as the gallery page does.
    for (const id of ids) assert.equal((await api(studio, `/api/gallery/${id}/thumbnail`)).status, 200);
    figures.push(`burst ${burst + 1} ${megabytes(await idleRss())}`);
  }
  const idle = await idleRss();
  process.stderr.write(`# memory: ${figures.join(', ')}\n`);
  assert.ok(idle <= start + RSS_TOLERANCE_BYTES, figures.join(', '));
});
