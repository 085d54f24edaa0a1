/**
 * Work is never lost (issue 14), against the real `painterly serve`: jobs that waited when the server
 * stopped wait again after a restart, in their order; a quality job interrupted by a stop or by
 * killing the server continues from its checkpoint, and its elapsed time from where it was, and
 * finishes; fast jobs running when the server is killed run again, in their order, to whole images;
 * a damaged or missing checkpoint is a clear 400; and the launcher and the process it relaunches
 * itself as live and die together.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { ELAPSED_WRITE_MS } from '../src/server/jobs/run-clock.js';
import { freezeNewWorkers, jobIteration, stepWorkerUntil, thaw } from './server-helpers/job-workers.js';
import { api, assertError, CONTENT_FIXTURE, isProcessAlive, startStudio, streamJob, upload, waitForIdle, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/** Checkpoints every 5 iterations, so an interrupted job has one soon. */
const ARGS = ['--checkpoint-every', '5', '--preview-every', '5'];
/** How long the relaunched process may take to notice its launcher died and stop. */
const ORPHAN_EXIT_MS = 15_000;
/** How long the server stays down between a stop and the restart: time a resumed job must not count. */
const DOWN_MS = 2_000;
/**
 * A fast job's size. Whether the job still runs when the server stops does not depend on it: its
 * worker is frozen (SIGSTOP) as soon as it exists, so no machine is fast enough to finish it first.
 */
const FAST_SIZE_PX = 256;
/** Slack for the clocks of the test and the server (whole ms, ISO times). */
const CLOCK_SLACK_MS = 50;
/**
 * The quality job a stop or a kill interrupts: Darknet Tiny (the studio's default here) at 64 px.
 * Its worker is stepped to iteration 12 and frozen there (`stepWorkerUntil`), so it is still running
 * when the server stops or dies on a machine of any speed. Before the stop it is thawed (it meets
 * the stop running, as a user's job does): its 188 iterations left take ~0.9 CPU s here (4.7 ms each,
 * `painterly stylize --network darknet-tiny --size 64`, 2-core EPYC), ~0.2 s on a machine 4× faster,
 * against the few ms the stop takes to reach it. After the restart it runs them from its checkpoint
 * at 10: ~1 CPU s, and ~1 CPU s for its worker's start (VGG19's untrained weights took ~6 CPU s only
 * to start, twice per test).
 */
const INTERRUPTED_SIZE_PX = 64;
const INTERRUPTED_ITERATIONS = 200;

function qualityJob(content: string, iterations: number, size = 32): Json {
  return { mode: 'quality', content, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size, iterations };
}

/** The gallery record of job `id` on disk. */
async function readStored(dataDir: string, id: string): Promise<Json> {
  return JSON.parse(await readFile(join(dataDir, 'gallery', id, 'settings.json'), 'utf8')) as Json;
}

async function submit(studio: StudioProcess, body: Json): Promise<string> {
  const response = await api<Json>(studio, '/api/jobs', { json: body });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return String(response.body.id);
}

/** Resolves once job `id` reported iteration `iteration` (or more). */
async function reachIteration(studio: StudioProcess, id: string, iteration: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const progress = (await api<Json>(studio, `/api/jobs/${id}`)).body.progress as Json | undefined;
    if (progress && Number(progress.iteration) >= iteration) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not reach iteration ${iteration}`);
}

/** The lowest iteration job `id` reports on `studio` until it ends, the elapsed time it first reports running, and its final view. */
async function followToEnd(studio: StudioProcess, id: string): Promise<{ lowest: number; firstRunningElapsedMs?: number; final: Json }> {
  let lowest = Number.POSITIVE_INFINITY;
  let firstRunningElapsedMs: number | undefined;
  const events = await streamJob(studio, id, (event) => {
    const progress = event.data.progress as Json | undefined;
    if (progress) lowest = Math.min(lowest, Number(progress.iteration));
    if (event.data.status === 'running') firstRunningElapsedMs ??= Number(event.data.elapsedMs);
  });
  return { lowest, firstRunningElapsedMs, final: events.at(-1)!.data };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return !isProcessAlive(pid);
}

describe('restart', () => {
  test('waiting jobs wait again after a stop, in their order, a running fast job with them, and the running quality job continues from its checkpoint and its elapsed time', async () => {
    const first = await startStudio({ args: ARGS });
    try {
      const content = await upload(first, await readFile(CONTENT_FIXTURE));
      const { pid: server } = (await api<{ pid: number }>(first, '/api/health')).body;
      const running = await submit(first, qualityJob(content, INTERRUPTED_ITERATIONS, INTERRUPTED_SIZE_PX));
      const [qualityWorker] = await freezeNewWorkers(server, 1);
      const waiting = [await submit(first, qualityJob(content, 3)), await submit(first, qualityJob(content, 4)), await submit(first, qualityJob(content, 5))];
      await stepWorkerUntil(qualityWorker, async () => (await jobIteration(first, running)) >= 12, { serverLog: first.stderr });
      const fast = await submit(first, { mode: 'fast', content, preset: 'udnie', size: FAST_SIZE_PX });
      // Frozen, the fast job is still running at the stop; the server's stop kills it after CANCEL_GRACE_MS.
      await freezeNewWorkers(server, 1, [qualityWorker]);
      assert.equal((await api<Json>(first, `/api/jobs/${fast}`)).body.status, 'running');
      const beforeStop = Number((await api<Json>(first, `/api/jobs/${running}`)).body.elapsedMs);
      assert.ok(beforeStop > 0, `a running job reports its elapsed time (${beforeStop})`);
      // The quality job meets the stop running, as a user's does: it saves its checkpoint and stops by itself.
      thaw(qualityWorker);
      assert.equal(await first.stop(), 0);
      const stoppedAt = Date.now();
      const stored = await readStored(first.dataDir, running);
      assert.equal(stored.status, 'interrupted');
      assert.ok(Number(stored.elapsedMs) >= beforeStop, `the stop recorded the time it ran (${stored.elapsedMs} ms, ${beforeStop} ms before the stop)`);
      for (const id of waiting) assert.equal((await readStored(first.dataDir, id)).status, 'queued');
      assert.equal((await readStored(first.dataDir, fast)).status, 'queued', 'the fast job stopped mid-run waits again');

      await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
      const restartedAt = Date.now();
      const second = await startStudio({ args: ARGS, dataDir: first.dataDir });
      try {
        const { lowest, firstRunningElapsedMs, final } = await followToEnd(second, running);
        const doneAt = Date.now();
        assert.equal(final.status, 'done', JSON.stringify(final.error));
        assert.ok(Number.isFinite(lowest) && lowest >= 10, `continued from its checkpoint (lowest iteration seen ${lowest})`);
        assert.ok(firstRunningElapsedMs !== undefined && firstRunningElapsedMs >= beforeStop, `its elapsed time continues from before the stop (${firstRunningElapsedMs} ms after the resume, ${beforeStop} ms before the stop)`);
        const ranAtMost = stoppedAt - Date.parse(String(stored.createdAt)) + (doneAt - restartedAt);
        const total = Number(final.elapsedMs);
        assert.ok(total >= beforeStop && total <= ranAtMost + CLOCK_SLACK_MS, `the total counts both runs but not the ${DOWN_MS} ms the server was down (${total} ms, at most ${ranAtMost} ms)`);
        await waitForIdle(second);
        const views = await Promise.all(waiting.map(async (id) => (await api<Json>(second, `/api/jobs/${id}`)).body));
        assert.deepEqual(views.map((view) => view.status), ['done', 'done', 'done']);
        const started = views.map((view) => Date.parse(String(view.startedAt)));
        assert.ok(started[0] <= started[1] && started[1] <= started[2], `in their order: ${views.map((view) => view.startedAt).join(', ')}`);
        const rerun = (await api<Json>(second, `/api/jobs/${fast}`)).body;
        assert.equal(rerun.status, 'done', JSON.stringify(rerun.error));
        assert.ok(Date.parse(String(rerun.startedAt)) >= restartedAt, 'the fast job ran again after the restart');
      } finally {
        await second.stop();
      }
    } finally {
      await first.dispose();
    }
  });

  test('a quality job interrupted by killing the server resumes after the restart, its elapsed time too, and finishes', async () => {
    const first = await startStudio({ args: ARGS });
    try {
      const content = await upload(first, await readFile(CONTENT_FIXTURE));
      const { pid } = (await api<{ pid: number }>(first, '/api/health')).body;
      const id = await submit(first, qualityJob(content, INTERRUPTED_ITERATIONS, INTERRUPTED_SIZE_PX));
      const [worker] = await freezeNewWorkers(pid, 1);
      await stepWorkerUntil(worker, async () => (await jobIteration(first, id)) >= 12, { serverLog: first.stderr });
      const beforeKill = Number((await api<Json>(first, `/api/jobs/${id}`)).body.elapsedMs);
      // A kill loses the time since the server last wrote it (on a step, every ELAPSED_WRITE_MS):
      // frozen that long, the job's next step writes it, at least as much as it reported.
      await new Promise((resolve) => setTimeout(resolve, ELAPSED_WRITE_MS + 100));
      await stepWorkerUntil(worker, async () => Number((await readStored(first.dataDir, id)).elapsedMs) >= beforeKill, { serverLog: first.stderr });
      process.kill(pid, 'SIGKILL');
      process.kill(worker, 'SIGKILL');
      await first.stop();
      const stored = await readStored(first.dataDir, id);
      assert.equal(stored.status, 'running', 'still running when killed');
      assert.ok(Number(stored.elapsedMs) >= beforeKill, `the running job's elapsed time was written (${stored.elapsedMs} ms, ${beforeKill} ms reported)`);
      const second = await startStudio({ args: ARGS, dataDir: first.dataDir });
      try {
        // The first answer after the restart already sees the job queued again, never "interrupted".
        assert.notEqual((await api<Json>(second, `/api/jobs/${id}`)).body.status, 'interrupted');
        const { lowest, firstRunningElapsedMs, final } = await followToEnd(second, id);
        assert.equal(final.status, 'done', JSON.stringify(final.error));
        assert.ok(Number.isFinite(lowest) && lowest >= 10, `continued from its checkpoint (lowest iteration seen ${lowest})`);
        assert.ok(firstRunningElapsedMs !== undefined && firstRunningElapsedMs >= beforeKill, `its elapsed time continues from before the kill (${firstRunningElapsedMs} ms after the resume, ${beforeKill} ms before the kill)`);
        assert.ok(Number(final.elapsedMs) >= firstRunningElapsedMs, `the total (${final.elapsedMs} ms) counts both runs`);
      } finally {
        await second.stop();
      }
    } finally {
      await first.dispose();
    }
  });

  test('fast jobs running when the server is killed run again after the restart, in their order, to whole images', async () => {
    const first = await startStudio({ args: ARGS });
    try {
      const content = await upload(first, await readFile(CONTENT_FIXTURE));
      const { pid } = (await api<{ pid: number }>(first, '/api/health')).body;
      // The fast lane runs two at once: two run, the third waits behind them.
      const ids: string[] = [];
      for (let k = 0; k < 3; k++) ids.push(await submit(first, { mode: 'fast', content, preset: 'udnie', size: FAST_SIZE_PX }));
      const workers = await freezeNewWorkers(pid, 2);
      process.kill(pid, 'SIGKILL');
      for (const worker of workers) process.kill(worker, 'SIGKILL');
      await first.stop();
      assert.deepEqual(await Promise.all(ids.map(async (id) => (await readStored(first.dataDir, id)).status)), ['running', 'running', 'queued'], 'killed while two ran');
      // What a write cut short by a kill leaves next to the result: a temp file, never renamed into place.
      const leftover = join(first.dataDir, 'gallery', ids[0], `.result.png.painterly-${pid}-0123456789ab.tmp`);
      await writeFile(leftover, Buffer.alloc(100, 1));

      const second = await startStudio({ args: ARGS, dataDir: first.dataDir });
      try {
        assert.equal(existsSync(leftover), false, 'the half-written file is gone');
        assert.equal((await api<Json>(second, `/api/jobs/${ids[0]}`)).body.error, undefined, 'queued again, not interrupted');
        await waitForIdle(second);
        const views = await Promise.all(ids.map(async (id) => (await api<Json>(second, `/api/jobs/${id}`)).body));
        assert.deepEqual(views.map((view) => view.status), ['done', 'done', 'done'], JSON.stringify(views.map((view) => view.error)));
        const started = views.map((view) => Date.parse(String(view.startedAt)));
        assert.ok(started[0] <= started[1] && started[1] <= started[2], `in their order: ${views.map((view) => view.startedAt).join(', ')}`);
        for (const [index, id] of ids.entries()) {
          const response = await api<Uint8Array>(second, `/api/gallery/${id}/image`);
          assert.equal(response.status, 200);
          const { info } = await sharp(response.body).raw().toBuffer({ resolveWithObject: true });
          assert.deepEqual([info.width, info.height], [(views[index].result as Json).width, (views[index].result as Json).height]);
          assert.equal(info.width, FAST_SIZE_PX, 'a whole image at the size asked for');
          assert.deepEqual((await readdir(join(first.dataDir, 'gallery', id))).filter((name) => name.endsWith('.tmp')), [], 'no temp files left');
          assert.ok(Number(views[index].elapsedMs) < Date.now() - started[index] + CLOCK_SLACK_MS, 'the elapsed time of the run that made it');
        }
      } finally {
        await second.stop();
      }
    } finally {
      await first.dispose();
    }
  });

  test('a damaged or missing checkpoint is a clear 400 that suggests starting over; only interrupted quality jobs resume', async () => {
    const first = await startStudio({ args: ARGS });
    try {
      const content = await upload(first, await readFile(CONTENT_FIXTURE));
      const id = await submit(first, qualityJob(content, 100_000));
      await reachIteration(first, id, 12);
      assert.equal(await first.stop(), 0);
      const checkpoint = join(first.dataDir, 'gallery', id, 'result.png.checkpoint');
      const bytes = await readFile(checkpoint);
      bytes[bytes.length - 100] ^= 0xff;
      await writeFile(checkpoint, bytes);
      const second = await startStudio({ args: ARGS, dataDir: first.dataDir });
      try {
        const view = (await api<Json>(second, `/api/jobs/${id}`)).body;
        assert.equal(view.status, 'interrupted');
        assert.match(String((view.error as Json).message), /cannot continue.*damaged/);
        assertError(await api(second, `/api/jobs/${id}/resume`, { method: 'POST' }), 400, 'CHECKPOINT_INVALID', /checkpoint cannot be used: it is damaged\. Start over/);
        await rm(checkpoint);
        assert.equal((await api<Json>(second, `/api/jobs/${id}`)).body.resumable, undefined);
        assertError(await api(second, `/api/jobs/${id}/resume`, { method: 'POST' }), 400, 'CHECKPOINT_MISSING', /no checkpoint to continue from.*Start over/);
        const fast = await submit(second, { mode: 'fast', content, preset: 'udnie', size: 32 });
        await streamJob(second, fast);
        assertError(await api(second, `/api/jobs/${fast}/resume`, { method: 'POST' }), 409, 'CONFLICT', /Only an interrupted quality job can be resumed/);
      } finally {
        await second.stop();
      }
    } finally {
      await first.dispose();
    }
  });
});

describe('the launcher and the server it relaunches', () => {
  test('SIGTERM to the launcher stops both; a launcher killed with SIGKILL takes the server with it', async (t) => {
    const studio = await startStudio({ relaunch: true });
    try {
      const server = (await api<{ pid: number }>(studio, '/api/health')).body.pid;
      if (server === studio.child.pid) return t.skip('this platform does not relaunch (not Linux, or PAINTERLY_NO_RELAUNCH)');
      studio.child.kill('SIGTERM');
      assert.equal(await studio.stop(), 0, 'the launcher exits with the server, cleanly');
      assert.ok(await waitForExit(server, ORPHAN_EXIT_MS), 'the server stopped too');
    } finally {
      await studio.dispose();
    }
    const killed = await startStudio({ relaunch: true });
    try {
      const server = (await api<{ pid: number }>(killed, '/api/health')).body.pid;
      killed.child.kill('SIGKILL');
      await killed.stop();
      assert.ok(await waitForExit(server, ORPHAN_EXIT_MS), `the relaunched server ${server} noticed its launcher died and stopped`);
    } finally {
      await killed.dispose();
    }
  });
});
