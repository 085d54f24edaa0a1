/**
 * Hardening round 2 of the studio server (issue 19), over real HTTP against `painterly serve` (the
 * built `dist/`): one server per data folder (a second refuses before reading or rewriting anything,
 * a killed one's lock is taken over), bounded uploads, and preset checks by checksum.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { api, CONTENT_FIXTURE, isProcessAlive, MODEL_MIRROR, SAMPLES_DIR, startStudio, upload, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/** The gallery record of job `id` on disk. */
async function readStored(dataDir: string, id: string): Promise<Json> {
  return JSON.parse(await readFile(join(dataDir, 'gallery', id, 'settings.json'), 'utf8')) as Json;
}

/** Polls job `id` until `check` accepts its view (or 60 s pass). */
async function waitForView(studio: StudioProcess, id: string, check: (view: Json) => boolean, what: string): Promise<Json> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = (await api<Json>(studio, `/api/jobs/${id}`)).body;
    if (check(view)) return view;
    if (Date.now() > deadline) throw new Error(`job ${id}: timed out waiting for ${what} (last ${JSON.stringify(view)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not exit`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('one studio server per data folder', () => {
  test('a second server on the same folder refuses before touching it (exit 2, naming the folder and the holder), even on a busy port; the running job stays running', async () => {
    const first = await startStudio();
    try {
      const content = await upload(first, await readFile(CONTENT_FIXTURE));
      const response = await api<Json>(first, '/api/jobs', { json: { mode: 'quality', content, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 32, iterations: 5000 } });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      const id = String(response.body.id);
      await waitForView(first, id, (view) => view.status === 'running' && Number((view.progress as Json | undefined)?.iteration) >= 1, 'the job to run');
      const pid = Number((await api<{ pid: number }>(first, '/api/health')).body.pid);
      const port = new URL(first.url).port;
      for (const extra of [['--port', '0'], ['--port', port]]) {
        const second = await runCli(['serve', '--data', first.dataDir, '--samples', SAMPLES_DIR, '--weights', 'random', ...extra], { env: { PAINTERLY_HOME: join(first.dataDir, '..'), PAINTERLY_MODEL_MIRROR: MODEL_MIRROR } });
        assert.equal(second.code, 2, second.stderr);
        assert.ok(second.stderr.includes(`The studio's data folder ${first.dataDir} is in use by another studio server (pid ${pid} on this machine`), second.stderr);
        assert.match(second.stderr, new RegExp(`at ${first.url.replace(/[.]/g, '\\.')}/\\).*Stop that server \\(kill ${pid}\\), or pass --data with another folder`));
        assert.equal((await readStored(first.dataDir, id)).status, 'running', 'the second server did not rewrite the running job');
      }
      const view = (await api<Json>(first, `/api/jobs/${id}`)).body;
      assert.equal(view.status, 'running', 'the first server still runs its job');
      await api(first, `/api/jobs/${id}`, { method: 'DELETE' });
    } finally {
      await first.dispose();
    }
  });

  test('the lock is freed by a stop and taken over after a kill: the next server starts at once', async () => {
    const first = await startStudio();
    const lockPath = join(first.dataDir, 'studio.lock');
    try {
      assert.ok(existsSync(lockPath), 'the running server holds studio.lock');
      const { pid } = (await api<{ pid: number }>(first, '/api/health')).body;
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 10_000);
      await first.stop();
      assert.ok(existsSync(lockPath), 'a killed server leaves its lock');
      const second = await startStudio({ dataDir: first.dataDir });
      assert.equal((await api(second, '/api/config')).status, 200);
      assert.equal(await second.stop(), 0);
      assert.equal(existsSync(lockPath), false, 'a stopped server removes its lock');
      await second.dispose();
    } finally {
      await first.dispose();
    }
  });
});
