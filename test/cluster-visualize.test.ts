/**
 * "What the network sees" on a hosted deployment, as its users see it: real redis-server, PostgreSQL
 * and an S3-compatible server (s3rver), ONE API node and ONE worker, all over loopback. A user's run
 * over their uploads (Darknet Tiny's ImageNet weights from the shared mirror) must give the grid and
 * the per-unit records that `painterly visualize` gives locally for the same files; other users get
 * 404; a running run stops when cancelled; runs count against the hourly quota with paintings; and
 * "delete my data" deletes the stored grids.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { runCli, SHARED_IMAGES } from './helpers/cli.js';
import { MODEL_MIRROR, startApiNode, startServices, startWorker, type GroupProcess, type Services } from './helpers/cluster.js';
import { HostedUser, type HostedResponse } from './helpers/hosted-api.js';
import { clusterSkip } from './helpers/required-tools.js';
import { createObjectStorage } from '../src/server/hosted/storage.js';
import { visualizationGridKey, visualizationUnitsKey } from '../src/server/hosted/object-keys.js';
import type { VisualizationView } from '../src/server/api-types.js';
import type { HostedVisualizationUnits } from '../src/server/hosted/visualization-types.js';

/** The photos a user uploads, oldest first (a run lists them newest first). */
const PHOTOS = ['cat_chelsea.jpg', 'coffee_cup.jpg', 'golden_gate_bridge_fog.jpg'].map((name) => join(SHARED_IMAGES, 'content', name));
/** Paintings and visualize runs a user may start per hour in this deployment. */
const JOBS_PER_HOUR = 4;
/** The compared run: a few units of an early Darknet Tiny layer at a small size (cheap, and its patches are small). */
const COMPARED = { layer: 'conv2', units: '0-3', size: 64 } as const;
/**
 * The hosted worker's job process and the local CLI run the same ONNX graph on the same files with one
 * thread each, so the run is deterministic: activations and grid pixels must be bit-identical
 * (measured: worst difference 0). A tolerance would only hide a different image order or resize.
 */
const ACTIVATION_RELATIVE_TOLERANCE = 0;
/** Grid pixels: bit-identical, as above. */
const GRID_PIXEL_TOLERANCE = 0;

describe('visualize runs on a hosted deployment (redis, PostgreSQL, S3, one API node, one worker)', { skip: clusterSkip() }, () => {
  let services: Services;
  let api: GroupProcess & { url: string; home: string };
  let worker: (GroupProcess & { name: string; home: string }) | undefined;
  let alice: HostedUser;
  let bob: HostedUser;
  const photoIds: string[] = [];
  /** Ids later tests reuse. */
  const runs: Record<string, string> = {};
  const temp: string[] = [];

  before(async () => {
    services = await startServices();
    api = await startApiNode(services, ['--jobs-per-hour', String(JOBS_PER_HOUR), '--threads', '1']);
    worker = await startWorker(services);
    alice = await HostedUser.guest(api.url);
    bob = await HostedUser.guest(api.url);
    for (const photo of PHOTOS) photoIds.push(await alice.upload(photo));
  });

  after(async () => {
    for (const node of [worker, api]) {
      if (!node) continue;
      await node.kill('SIGKILL');
      await rm(node.home, { recursive: true, force: true });
    }
    await services?.dispose();
    for (const dir of temp) await rm(dir, { recursive: true, force: true });
  });

  /** Polls run `id` of `user` until `until` holds, or fails with the last view after `timeoutMs`. */
  async function waitForRun(user: HostedUser, id: string, until: (view: VisualizationView) => boolean, timeoutMs = 120_000): Promise<VisualizationView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await user.call<VisualizationView>(`/api/visualize/${id}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      if (until(response.body)) return response.body;
      assert.ok(Date.now() < deadline, `run ${id} did not reach the expected state in ${timeoutMs / 1000} s; last: ${JSON.stringify(response.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const ended = (view: VisualizationView): boolean => ['done', 'failed', 'cancelled'].includes(view.status);

  test('a run over the user\'s uploads gives the grid and unit records `painterly visualize` gives locally for the same files', async (t) => {
    const submitted = await alice.call<VisualizationView>('/api/visualize', { json: { ...COMPARED, weights: 'darknet-tiny', images: 'photos' } });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    assert.deepEqual(
      { status: submitted.body.status, layer: submitted.body.layer, units: submitted.body.units, source: submitted.body.source, size: submitted.body.size, images: submitted.body.images, weights: submitted.body.weights },
      { status: 'queued', layer: 'conv2', units: '0-3', source: 'photos', size: 64, images: PHOTOS.length, weights: { requested: 'darknet-tiny' } },
    );
    runs.compared = submitted.body.id;
    const done = await waitForRun(alice, submitted.body.id, ended);
    assert.equal(done.status, 'done', JSON.stringify(done));
    // Real ImageNet weights, and the view says so (never random weights shown as real).
    // Named by the network's id, not by a path on the worker's disk.
    assert.deepEqual(done.weights, { requested: 'darknet-tiny', name: 'darknet-tiny', pretrained: true, network: 'Darknet Tiny' });
    assert.equal(done.result?.imageUrl, `/api/visualize/${done.id}/image`);
    const listed = await alice.call<{ runs: VisualizationView[] }>('/api/visualize');
    assert.deepEqual(listed.body.runs.map((run) => run.id), [done.id]);

    const grid = await alice.call<Uint8Array>(`/api/visualize/${done.id}/image`);
    assert.equal(grid.status, 200);
    assert.equal(grid.headers.get('content-type'), 'image/png');
    const units = await alice.call<HostedVisualizationUnits>(`/api/visualize/${done.id}/units`);
    assert.equal(units.status, 200, JSON.stringify(units.body));

    // The same files, named as the run names them (newest first), through the local CLI.
    const dir = await mkdtemp(join(tmpdir(), 'painterly-visualize-local-'));
    temp.push(dir);
    const images = join(dir, 'images');
    await mkdir(images);
    const newestFirst = [...PHOTOS].reverse();
    for (const [index, photo] of newestFirst.entries()) await copyFile(photo, join(images, `${String(index).padStart(4, '0')}.jpeg`));
    const idOfFile = new Map(newestFirst.map((_, index) => [`${String(index).padStart(4, '0')}.jpeg`, photoIds[PHOTOS.length - 1 - index]]));
    const output = join(dir, 'grid.png');
    const local = await runCli(['visualize', '--layer', COMPARED.layer, '--units', COMPARED.units, '--size', String(COMPARED.size), '--weights', 'darknet-tiny', '--images', images, '--output', output, '--threads', '1', '--json'], {
      env: { PAINTERLY_HOME: join(dir, 'home'), PAINTERLY_MODEL_MIRROR: MODEL_MIRROR },
    });
    assert.equal(local.code, 0, local.stderr);
    const localUnits = local.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; unit?: number; maxActivation?: number; records?: { image: string; x: number; y: number; activation: number; box: unknown }[] }).filter((event) => event.type === 'unit');

    assert.equal(units.body.layer, COMPARED.layer);
    assert.equal(units.body.sizePx, COMPARED.size);
    assert.deepEqual(units.body.units.map((unit) => unit.unit), [0, 1, 2, 3]);
    assert.deepEqual(localUnits.map((unit) => unit.unit), [0, 1, 2, 3]);
    let worstActivation = 0;
    const assertClose = (actual: number, expected: number, what: string): void => {
      const difference = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
      worstActivation = Math.max(worstActivation, difference);
      assert.ok(difference <= ACTIVATION_RELATIVE_TOLERANCE, `${what}: ${actual} vs ${expected} (relative tolerance ${ACTIVATION_RELATIVE_TOLERANCE})`);
    };
    for (const [n, hosted] of units.body.units.entries()) {
      const reference = localUnits[n];
      assert.equal(hosted.records.length, reference.records!.length, `unit ${hosted.unit}: as many records`);
      assert.ok(hosted.records.length > 0);
      assertClose(hosted.maxActivation, reference.maxActivation!, `unit ${hosted.unit}: max activation`);
      for (const [k, record] of hosted.records.entries()) {
        const expected = reference.records![k];
        assert.deepEqual(record.image, { kind: 'upload', id: idOfFile.get(expected.image.split('/').pop()!) }, `unit ${hosted.unit} record ${k}: the same image`);
        assert.deepEqual({ x: record.x, y: record.y, box: record.box }, { x: expected.x, y: expected.y, box: expected.box }, `unit ${hosted.unit} record ${k}: the same place`);
        assertClose(record.activation, expected.activation, `unit ${hosted.unit} record ${k}: activation`);
      }
    }
    const [hostedPixels, localPixels] = await Promise.all([grid.body, await readFile(output)].map((bytes) => sharp(bytes).raw().toBuffer({ resolveWithObject: true })));
    assert.deepEqual(hostedPixels.info, localPixels.info, 'the same grid size and channels');
    assert.equal(done.result?.width, hostedPixels.info.width);
    assert.equal(done.result?.height, hostedPixels.info.height);
    let worst = 0;
    for (let i = 0; i < hostedPixels.data.length; i++) worst = Math.max(worst, Math.abs(hostedPixels.data[i] - localPixels.data[i]));
    t.diagnostic(`grid: worst pixel difference ${worst}; activations: worst relative difference ${worstActivation.toExponential(2)}`);
    assert.ok(worst <= GRID_PIXEL_TOLERANCE, `grid pixels differ by at most ${GRID_PIXEL_TOLERANCE} (worst: ${worst})`);
  });

  test('user B gets 404 on user A\'s run, its grid, its units and its cancel, and never sees it listed; bad requests get the studio\'s answers', async () => {
    const id = runs.compared;
    assert.ok(id, 'the first test made a run');
    for (const [path, method] of [[`/api/visualize/${id}`, 'GET'], [`/api/visualize/${id}/image`, 'GET'], [`/api/visualize/${id}/units`, 'GET'], [`/api/visualize/${id}/cancel`, 'POST']] as const) {
      const response = await bob.call<{ error: { code: string } }>(path, { method });
      assert.equal(response.status, 404, `${method} ${path}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.code, 'NOT_FOUND');
    }
    assert.deepEqual((await bob.call<{ runs: unknown[] }>('/api/visualize')).body.runs, []);
    // B has no images of their own: a clear 409 naming the images field, and nothing started.
    const none = await bob.call<{ error: { code: string; field?: string; message: string } }>('/api/visualize', { json: { layer: 'conv1', weights: 'darknet-tiny', images: 'photos' } });
    assert.equal(none.status, 409, JSON.stringify(none.body));
    assert.equal(none.body.error.field, 'images');
    // The studio's schema, with the studio's words.
    const bad = await bob.call<{ error: { code: string; field?: string; message: string } }>('/api/visualize', { json: { layer: 'conv99', weights: 'darknet-tiny' } });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.error.field, 'layer');
    assert.match(bad.body.error.message, /Darknet Tiny layer .* for layer but received "conv99"/);
    const notJson = await bob.call<{ error: { code: string } }>('/api/visualize', { method: 'POST', body: 'layer=conv1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(notJson.status, 415, JSON.stringify(notJson.body));
    const tooLarge = await bob.call<{ error: { code: string } }>('/api/visualize', { json: { layer: 'conv1', units: 'x'.repeat(100_000) } });
    assert.equal(tooLarge.status, 413, JSON.stringify(tooLarge.body));
  });

  test('cancel of a running run stops it on its worker: cancelled, no grid', async () => {
    // VGG19 (random weights, labelled untrained) to conv5_1 at 512 px: seconds per image, so it is still running when cancelled.
    const submitted = await alice.call<VisualizationView>('/api/visualize', { json: { layer: 'conv5_1', units: '0-1', weights: 'random', images: 'photos', size: 512 } });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const running = await waitForRun(alice, submitted.body.id, (view) => view.status === 'running' || ended(view));
    assert.equal(running.status, 'running', JSON.stringify(running));
    const cancel = await alice.call<VisualizationView>(`/api/visualize/${running.id}/cancel`, { method: 'POST' });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    const final = await waitForRun(alice, running.id, ended, 60_000);
    assert.equal(final.status, 'cancelled', JSON.stringify(final));
    assert.equal(final.result, undefined);
    if (final.weights.name !== undefined) assert.equal(final.weights.pretrained, false, 'random weights are never shown as trained');
    const grid = await alice.call<{ error: { code: string } }>(`/api/visualize/${running.id}/image`);
    assert.equal(grid.status, 409, 'no grid for a cancelled run');
    const again = await alice.call<{ error: { code: string } }>(`/api/visualize/${running.id}/cancel`, { method: 'POST' });
    assert.equal(again.status, 409, 'an ended run cannot be cancelled again');
    const storage = createObjectStorage(services.storage);
    try {
      assert.equal(await storage.get(visualizationGridKey(running.id)), undefined, 'nothing stored');
    } finally {
      storage.close();
    }
  });

  test('a run over `both` reads the user\'s finished painting too, newest first', async () => {
    const painting = await alice.submit({ mode: 'fast', content: photoIds[0], preset: 'udnie', size: 32 });
    const painted = await alice.waitFor(painting.id, (job) => ['done', 'failed', 'cancelled'].includes(job.status));
    assert.equal(painted.status, 'done', JSON.stringify(painted));
    runs.painting = painting.id;
    // Every unit of conv1 ranked over all four images: the painting's result is among the records of some unit.
    const submitted = await alice.call<VisualizationView>('/api/visualize', { json: { layer: 'conv1', topUnits: 16, weights: 'darknet-tiny', images: 'both', size: 32 } });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    assert.equal(submitted.body.images, PHOTOS.length + 1, 'the three uploads and the result');
    runs.both = submitted.body.id;
    const done = await waitForRun(alice, submitted.body.id, ended);
    assert.equal(done.status, 'done', JSON.stringify(done));
    const units = await alice.call<HostedVisualizationUnits>(`/api/visualize/${done.id}/units`);
    assert.equal(units.status, 200);
    assert.equal(units.body.units.length, 16);
    const seen = new Set(units.body.units.flatMap((unit) => unit.records.map((record) => `${record.image.kind}:${record.image.id}`)));
    assert.ok(seen.has(`result:${painting.id}`), `the painting's result is read: ${[...seen].join(', ')}`);
    for (const key of seen) assert.ok(key === `result:${painting.id}` || photoIds.some((id) => key === `upload:${id}`), `only the user's own images: ${key}`);
  });

  test('runs count against the hourly quota with paintings: 429 with Retry-After for both, nothing queued', async () => {
    // Alice started three runs and a painting above: the hour's quota is used.
    const refused: HostedResponse<{ error: { code: string } }>[] = [
      await alice.call('/api/visualize', { json: { layer: 'conv1', units: '0', weights: 'darknet-tiny', images: 'photos', size: 32 } }),
      await alice.call('/api/jobs', { json: { mode: 'fast', content: photoIds[0], preset: 'udnie', size: 32 } }),
    ];
    for (const response of refused) {
      assert.equal(response.status, 429, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'QUOTA_EXCEEDED');
      const retryAfter = Number(response.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 3600, `Retry-After: ${response.headers.get('retry-after')}`);
    }
    assert.equal((await alice.call<{ runs: unknown[] }>('/api/visualize')).body.runs.length, 3, 'the refused run was not stored');
    assert.equal(((await alice.call<{ jobs: unknown[] }>('/api/jobs')).body.jobs).length, 1, 'nor the refused painting');
    // Bob's quota is his own.
    const bobs = await bob.call<{ error: { code: string } }>('/api/visualize', { json: { layer: 'conv1', weights: 'darknet-tiny', images: 'photos' } });
    assert.equal(bobs.status, 409, 'not 429: Bob has no images, but quota left');
  });

  test('the OpenAPI description has the visualize routes and the request schema the API validates with', async () => {
    const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    for (const path of ['/api/visualize', '/api/visualize/{id}', '/api/visualize/{id}/image', '/api/visualize/{id}/units', '/api/visualize/{id}/cancel']) assert.ok(document.paths[path], path);
    assert.deepEqual(Object.keys(document.components.schemas.VisualizeRequest.properties ?? {}).sort(), ['images', 'layer', 'size', 'topUnits', 'units', 'weights']);
  });

  test('the metrics count the visualize queue and runs', async () => {
    const text = await (await fetch(`${api.url}/api/metrics`)).text();
    assert.match(text, /painterly_queue_jobs\{queue="visualize",state="completed"\} [1-9]/);
    assert.match(text, /painterly_jobs\{mode="visualize",status="done"\} 2/);
    assert.match(text, /painterly_jobs\{mode="visualize",status="cancelled"\} 1/);
    assert.match(text, /painterly_job_duration_seconds\{mode="visualize",stat="mean"\} [0-9.]+/);
  });

  test('delete my data deletes the runs and their stored grids and unit data', async () => {
    const storage = createObjectStorage(services.storage);
    try {
      const keys = [runs.compared, runs.both].flatMap((id) => [visualizationGridKey(id), visualizationUnitsKey(id)]);
      for (const key of keys) assert.ok(await storage.get(key), `${key} is stored before`);
      const deleted = await alice.call<{ deleted: { jobs: number } }>('/api/me', { method: 'DELETE' });
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.equal(deleted.body.deleted.jobs, 4, 'the three runs and the painting');
      for (const key of keys) assert.equal(await storage.get(key), undefined, `${key} is gone`);
    } finally {
      storage.close();
    }
  });
});

