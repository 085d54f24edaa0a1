/**
 * Work is never lost (issue 14), against the real `painterly serve`: jobs that waited when the server
 * stopped wait again after a restart, in their order; a quality job interrupted by a stop or by
 * killing the server continues from its checkpoint and finishes; a damaged or missing checkpoint is
 * a clear 400; and the launcher and the process it relaunches itself as live and die together.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, assertError, CONTENT_FIXTURE, isProcessAlive, startStudio, streamJob, upload, waitForIdle, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/** Checkpoints every 5 iterations, so an interrupted job has one soon. */
const ARGS = ['--checkpoint-every', '5', '--preview-every', '5'];
/** How long the relaunched process may take to notice its launcher died and stop. */
const ORPHAN_EXIT_MS = 15_000;

function qualityJob(content: string, iterations: number): Json {
  return { mode: 'quality', content, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 32, iterations };
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

/** The lowest iteration job `id` reports on `studio` until it ends, and its final view. */
async function followToEnd(studio: StudioProcess, id: string): Promise<{ lowest: number; final: Json }> {
  let lowest = Number.POSITIVE_INFINITY;
  const events = await streamJob(studio, id, (event) => {
    const progress = event.data.progress as Json | undefined;
    if (progress) lowest = Math.min(lowest, Number(progress.iteration));
  });
  return { lowest, final: events.at(-1)!.data };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return !isProcessAlive(pid);
}

describe('restart', () => {
  test('waiting jobs wait again after a stop, in their order, and the running quality job continues from its checkpoint', async () => {
    const first = await startStudio({ args: ARGS });
    try {
      const content = await upload(first, await readFile(CONTENT_FIXTURE));
      const running = await submit(first, qualityJob(content, 120));
      const waiting = [await submit(first, qualityJob(content, 3)), await submit(first, qualityJob(content, 4)), await submit(first, qualityJob(content, 5))];
      await reachIteration(first, running, 12);
      assert.equal(await first.stop(), 0);
      const stored = JSON.parse(await readFile(join(first.dataDir, 'gallery', running, 'settings.json'), 'utf8')) as Json;
      assert.equal(stored.status, 'interrupted');
      for (const id of waiting) assert.equal((JSON.parse(await readFile(join(first.dataDir, 'gallery', id, 'settings.json'), 'utf8')) as Json).status, 'queued');

      const second = await startStudio({ args: ARGS, dataDir: first.dataDir });
      try {
        const { lowest, final } = await followToEnd(second, running);
        assert.equal(final.status, 'done', JSON.stringify(final.error));
        assert.ok(lowest >= 10, `continued from its checkpoint (lowest iteration seen ${lowest})`);
        await waitForIdle(second);
        const views = await Promise.all(waiting.map(async (id) => (await api<Json>(second, `/api/jobs/${id}`)).body));
        assert.deepEqual(views.map((view) => view.status), ['done', 'done', 'done']);
        const started = views.map((view) => Date.parse(String(view.startedAt)));
        assert.ok(started[0] <= started[1] && started[1] <= started[2], `in their order: ${views.map((view) => view.startedAt).join(', ')}`);
      } finally {
        await second.stop();
      }
    } finally {
      await first.dispose();
    }
  });

  test('a quality job interrupted by killing the server resumes after the restart and finishes', async () => {
    const first = await startStudio({ args: ARGS });
    try {
      const content = await upload(first, await readFile(CONTENT_FIXTURE));
      const id = await submit(first, qualityJob(content, 80));
      await reachIteration(first, id, 12);
      const { pid } = (await api<{ pid: number }>(first, '/api/health')).body;
      process.kill(pid, 'SIGKILL');
      await first.stop();
      const second = await startStudio({ args: ARGS, dataDir: first.dataDir });
      try {
        // The first answer after the restart already sees the job queued again, never "interrupted".
        assert.notEqual((await api<Json>(second, `/api/jobs/${id}`)).body.status, 'interrupted');
        const { lowest, final } = await followToEnd(second, id);
        assert.equal(final.status, 'done', JSON.stringify(final.error));
        assert.ok(lowest >= 10, `continued from its checkpoint (lowest iteration seen ${lowest})`);
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
    const studio = await startStudio();
    try {
      const server = (await api<{ pid: number }>(studio, '/api/health')).body.pid;
      if (server === studio.child.pid) return t.skip('this platform does not relaunch (not Linux, or PAINTERLY_NO_RELAUNCH)');
      studio.child.kill('SIGTERM');
      assert.equal(await studio.stop(), 0, 'the launcher exits with the server, cleanly');
      assert.ok(await waitForExit(server, ORPHAN_EXIT_MS), 'the server stopped too');
    } finally {
      await studio.dispose();
    }
    const killed = await startStudio();
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
