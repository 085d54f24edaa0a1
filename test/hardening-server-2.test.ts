/**
 * Hardening round 2 of the studio server (issue 19), over real HTTP against `painterly serve` (the
 * built `dist/`): one server per data folder (a second refuses before reading or rewriting anything,
 * a killed one's lock is taken over), bounded uploads, and preset checks by checksum.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { api, CONTENT_FIXTURE, isProcessAlive, MODEL_MIRROR, SAMPLES_DIR, startStudio, upload, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/** The gallery record of job `id` on disk. */
async function readStored(dataDir: string, id: string): Promise<Json> {
  return JSON.parse(await readFile(join(dataDir, 'gallery', id, 'settings.json'), 'utf8')) as Json;
}

/** Polls job `id` until `check` accepts its view (or 180 s pass: a deadline for a hang, generous for a busy machine). */
async function waitForView(studio: StudioProcess, id: string, check: (view: Json) => boolean, what: string): Promise<Json> {
  const deadline = Date.now() + 180_000;
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
      const response = await api<Json>(first, '/api/jobs', { json: { mode: 'quality', content, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 32, iterations: 100_000 } });
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

/** A client that declares `declaredBytes`, sends `sentBytes` and stalls; resolves with the response, if one comes. */
function stallingUpload(studio: StudioProcess, declaredBytes: number, sentBytes: number): { request: ClientRequest; response: Promise<{ status: number; body: Json } | { error: string }> } {
  const url = new URL('/api/uploads?name=stall.png', studio.url);
  const request = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(declaredBytes) } });
  const response = new Promise<{ status: number; body: Json } | { error: string }>((resolve) => {
    request.on('response', (incoming) => {
      let text = '';
      incoming.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text || '{}') as Json }));
      incoming.on('error', (error) => resolve({ error: error.message }));
    });
    request.on('error', (error) => resolve({ error: error.message }));
  });
  request.write(Buffer.alloc(sentBytes, 7));
  return { request, response };
}

async function health(studio: StudioProcess, gc = false): Promise<{ uploadsReceiving: number; memory: { rssBytes: number } }> {
  return (await api<{ uploadsReceiving: number; memory: { rssBytes: number } }>(studio, `/api/health${gc ? '?gc' : ''}`)).body;
}

describe('bounded uploads', () => {
  test('at most 4 uploads are received at once (429 for more); senders that stall are cut off (408) within the rate window; memory is given back and uploads work again', async () => {
    const studio = await startStudio({ exposeGc: true });
    const clients: Array<ReturnType<typeof stallingUpload>> = [];
    try {
      const baseline = (await health(studio, true)).memory.rssBytes;
      const started = Date.now();
      for (let i = 0; i < 4; i++) clients.push(stallingUpload(studio, 25_000_000, 20_000_000));
      const deadline = Date.now() + 20_000;
      while ((await health(studio)).uploadsReceiving < 4) {
        assert.ok(Date.now() < deadline, 'the four uploads are being received');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const extra = stallingUpload(studio, 25_000_000, 1_000_000);
      clients.push(extra);
      const refused = await extra.response;
      assert.ok('status' in refused, JSON.stringify(refused));
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error?.code, 'TOO_MANY_UPLOADS');
      assert.match(String(refused.body.error?.message), /already receiving 4 uploads/);
      for (const client of clients.slice(0, 4)) {
        const cut = await client.response;
        assert.ok('status' in cut, `a stalled upload gets an answer, not a dropped connection: ${JSON.stringify(cut)}`);
        assert.equal(cut.status, 408, JSON.stringify(cut.body));
        assert.equal(cut.body.error?.code, 'UPLOAD_TOO_SLOW');
        assert.match(String(cut.body.error?.message), /stopped arriving: 0 kB\/s over the last 10 s \(after 20,000 kB of 25,000 kB\)/);
      }
      assert.ok(Date.now() - started < 120_000, `cut off within the window (${Date.now() - started} ms), not after a 5-minute socket timeout`);
      assert.equal((await health(studio)).uploadsReceiving, 0);
      // Freed buffers go back to the system once collected (a finalizer may take a second collection).
      const memoryDeadline = Date.now() + 15_000;
      let rssBytes = (await health(studio, true)).memory.rssBytes;
      while (rssBytes >= baseline + 40e6 && Date.now() < memoryDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        rssBytes = (await health(studio, true)).memory.rssBytes;
      }
      assert.ok(rssBytes < baseline + 40e6, `memory given back: ${Math.round(baseline / 1e6)} MB before, ${Math.round(rssBytes / 1e6)} MB after 80 MB of stalled uploads`);
      const id = await upload(studio, await readFile(CONTENT_FIXTURE));
      assert.equal((await api(studio, `/api/uploads/${id}`)).status, 200);
    } finally {
      for (const client of clients) client.request.destroy();
      await studio.dispose();
    }
  });
});

describe('presets in /api/config', () => {
  test('a downloaded preset with a damaged file (same size) is not reported as ready', async () => {
    const studio = await startStudio();
    try {
      const home = dirname(studio.dataDir);
      const env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: MODEL_MIRROR };
      const download = await runCli(['models', 'download', 'udnie'], { env });
      assert.equal(download.code, 0, download.stderr);
      const ready = async () => ((await api<{ presets: Array<{ name: string; cached: boolean }> }>(studio, '/api/config')).body.presets.find((preset) => preset.name === 'udnie')!.cached);
      assert.equal(await ready(), true);
      const folder = join(home, 'models', 'fast-style', 'udnie');
      const shard = readdirSync(folder).map((name) => join(folder, name)).filter((path) => statSync(path).isFile() && !path.endsWith('.json')).sort((a, b) => statSync(b).size - statSync(a).size)[0];
      const bytes = readFileSync(shard);
      bytes[bytes.length >> 1] ^= 0xff;
      writeFileSync(shard, bytes);
      assert.equal(await ready(), false, 'a file that fails its checksum is not ready');
    } finally {
      await studio.dispose();
    }
  });
});

describe('the data folder under faults', () => {
  test('temp files a killed server left in uploads/ are removed at start; files that are not ours stay', async () => {
    const home = mkdtempSync(join(tmpdir(), 'painterly-stale-uploads-'));
    const dataDir = join(home, 'data');
    mkdirSync(join(dataDir, 'uploads'), { recursive: true });
    const deadPid = spawnSync('true').pid;
    const stale = join(dataDir, 'uploads', `.0123.png.painterly-${deadPid}-0123456789ab.tmp`);
    writeFileSync(stale, Buffer.alloc(1024));
    writeFileSync(join(dataDir, 'uploads', 'notes.txt'), 'mine');
    const studio = await startStudio({ dataDir });
    try {
      assert.equal(existsSync(stale), false, 'the stale temp file is gone');
      assert.equal(readFileSync(join(dataDir, 'uploads', 'notes.txt'), 'utf8'), 'mine');
    } finally {
      await studio.dispose();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a job submitted while the data folder cannot be written gets a 503 saying so, not a bare 500', async (t) => {
    const studio = await startStudio();
    const gallery = join(studio.dataDir, 'gallery');
    try {
      const content = await upload(studio, await readFile(CONTENT_FIXTURE));
      // Root ignores permissions; an immutable folder is read-only even for root (needs chattr and a file system that has it).
      if (spawnSync('chattr', ['+i', gallery]).status !== 0) return t.skip('chattr +i is not available here');
      const response = await api<Json>(studio, '/api/jobs', { json: { mode: 'fast', content, preset: 'udnie', size: 64 } });
      assert.equal(response.status, 503, JSON.stringify(response.body));
      assert.equal(response.body.error?.code, 'DATA_NOT_WRITABLE');
      assert.match(String(response.body.error?.message), /could not save this: its data folder \(.*gallery.*\) cannot be written \(operation not permitted: read-only or immutable\)\. Make it writable again/);
    } finally {
      spawnSync('chattr', ['-i', gallery]);
      await studio.dispose();
    }
  });
});
