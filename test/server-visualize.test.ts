/**
 * "What the network sees" over real HTTP, against the real server (`painterly serve`, from `dist/`):
 * the bad requests (unknown layer, bad units, bad weights, an empty gallery, ids that are not ids),
 * then a fast job fills the gallery and a visualization over it runs in a worker, reports progress
 * and serves its grid PNG. Random weights and tiny images keep it quick.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { gridSizePx } from '../src/node/patch-grid.js';
import { VGG19 } from '../src/engine/vgg/architecture.js';
import { api, assertError, CONTENT_FIXTURE, startStudio, streamJob, upload, type Json, type StudioProcess } from './server-helpers/studio-server.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let studio: StudioProcess;
let contentId: string;

before(async () => {
  studio = await startStudio({ weights: 'random' });
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE), 'content.png');
});
after(async () => {
  await studio?.dispose();
});

const visualize = (json: unknown) => api<Json>(studio, '/api/visualize', { json });

/** Polls run `id` until it ends; returns its last view and every progress seen. */
async function waitForRun(id: string, timeoutMs = 120_000): Promise<{ view: Json; progress: Json[] }> {
  const progress: Json[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await api<Json>(studio, `/api/visualize/${id}`);
    assert.equal(status, 200);
    if (body.progress) progress.push(body.progress as Json);
    if (!['queued', 'running'].includes(String(body.status))) return { view: body, progress };
    assert.ok(Date.now() < deadline, `the visualization did not finish: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('bad visualize requests', () => {
  test('an empty gallery is a 409 that says to paint something first', async () => {
    assertError(await visualize({ layer: 'conv1_1' }), 409, 'CONFLICT', /The gallery has no images yet: paint something first/, 'images');
    assertError(await visualize({ layer: 'conv1_1', images: 'photos' }), 409, 'CONFLICT', /paint something first/, 'images');
  });

  test('unknown layers, bad units and weights are 400s naming the field', async () => {
    assertError(await visualize({ layer: 'conv9_9' }), 400, 'INVALID_OPTION', /Expected a VGG19 layer \(conv1_1 … conv5_4\) for layer but received "conv9_9"/, 'layer');
    assertError(await visualize({}), 400, 'INVALID_OPTION', /layer/, 'layer');
    assertError(await visualize({ layer: 'conv1_1', units: '0-64' }), 400, 'INVALID_OPTION', /conv1_1 has units 0–63/, 'units');
    assertError(await visualize({ layer: 'conv1_1', units: 'one,two' }), 400, 'INVALID_OPTION', /unit numbers and ranges/, 'units');
    assertError(await visualize({ layer: 'conv1_1', units: '7-3' }), 400, 'INVALID_OPTION', /a range goes up/, 'units');
    assertError(await visualize({ layer: 'conv1_1', units: '0-3', topUnits: 4 }), 400, 'INVALID_OPTION', /either units or topUnits/, 'units');
    assertError(await visualize({ layer: 'conv1_1', topUnits: 0 }), 400, 'INVALID_OPTION', /topUnits/, 'topUnits');
    assertError(await visualize({ layer: 'conv1_1', weights: '../../weights.h5' }), 400, 'INVALID_OPTION', /weights/, 'weights');
    assertError(await visualize({ layer: 'conv1_1', images: '/etc' }), 400, 'INVALID_OPTION', /images/, 'images');
    assertError(await visualize({ layer: 'conv1_1', output: '/tmp/x.png' }), 400, 'INVALID_OPTION', /output/);
    assertError(await visualize([1]), 400, 'INVALID_OPTION', /JSON object/);
  });

  test('a body that is not JSON, ids that are not ids, and runs that do not exist', async () => {
    const text = await api<Json>(studio, '/api/visualize', { method: 'POST', body: 'layer=conv1_1', headers: { 'Content-Type': 'text/plain' } });
    assertError(text, 415, 'UNSUPPORTED_MEDIA', /application\/json/);
    const broken = await api<Json>(studio, '/api/visualize', { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json' } });
    assertError(broken, 400, 'BAD_REQUEST', /not valid JSON/);
    assertError(await api<Json>(studio, '/api/visualize/..%2F..%2Fgallery'), 404, 'NOT_FOUND', /No visualization/);
    assertError(await api<Json>(studio, '/api/visualize/..%2F..%2Fgallery/image'), 404, 'NOT_FOUND', /No visualization/);
    assertError(await api<Json>(studio, '/api/visualize/3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/image'), 404, 'NOT_FOUND', /No visualization/);
  });
});

describe('visualizing the gallery', () => {
  test('after a fast job, a visualization runs in a worker, reports progress and serves its grid PNG', async () => {
    const job = await api<Json>(studio, '/api/jobs', { json: { mode: 'fast', content: contentId, preset: 'udnie', size: 64 } });
    assert.equal(job.status, 202, JSON.stringify(job.body));
    const events = await streamJob(studio, String(job.body.id));
    assert.equal(events.at(-1)!.data.status, 'done', JSON.stringify(events.at(-1)!.data));

    const started = await visualize({ layer: 'conv2_1', units: '0-3', size: 32 });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.match(String(started.body.id), UUID_V4);
    assert.equal(started.body.images, 1);
    assert.deepEqual(started.body.weights, { requested: 'default' });
    const health = await api<Json>(studio, '/api/health');
    assert.equal(health.status, 200, 'the server answers while the visualization runs');

    const { view, progress } = await waitForRun(String(started.body.id));
    assert.equal(view.status, 'done', JSON.stringify(view));
    assert.deepEqual(view.weights, { requested: 'default', name: 'random:0', pretrained: false, network: 'VGG19' });
    assert.equal(view.units, '0-3');
    assert.ok(progress.every((step) => step.images === 1));
    const result = view.result as { width: number; height: number; imageUrl: string };
    assert.equal(result.imageUrl, `/api/visualize/${view.id}/image`);
    const image = await api<Uint8Array>(studio, result.imageUrl);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    const meta = await sharp(image.body).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', result.width, result.height]);
    const expected = gridSizePx(VGG19, 'conv2_1', 4);
    assert.deepEqual([result.width, result.height], [expected.widthPx, expected.heightPx], 'four rows of nine patches');

    const folder = join(studio.dataDir, 'visualizations', String(view.id));
    assert.deepEqual(await readdir(folder), ['grid.png'], 'the linked inputs are removed once the run ends');
    const list = await api<{ runs: Json[] }>(studio, '/api/visualize');
    assert.equal(list.body.runs[0].id, view.id);
    assertError(await api<Json>(studio, `/api/visualize/${view.id}/cancel`, { method: 'POST' }), 409, 'CONFLICT', /already ended/);
  });

  test('the most active units over the paintings and their photos, with explicit random weights', async () => {
    const started = await visualize({ layer: 'conv1_1', topUnits: 3, images: 'both', weights: 'random', size: 32 });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.images, 2, 'the painting and the photo it was painted from');
    const { view } = await waitForRun(String(started.body.id));
    assert.equal(view.status, 'done', JSON.stringify(view));
    assert.equal(view.topUnits, 3);
    assert.deepEqual(view.weights, { requested: 'random', name: 'random:0', pretrained: false, network: 'VGG19' });
    const image = await api<Uint8Array>(studio, String((view.result as Json).imageUrl));
    assert.equal((await sharp(image.body).metadata()).format, 'png');
  });

  test('a Darknet Tiny run says which network it loaded, so the page names it (not "pretrained VGG19")', async () => {
    const started = await visualize({ layer: 'conv1', units: '0-1', weights: 'darknet-tiny', size: 32 });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const { view } = await waitForRun(String(started.body.id));
    assert.equal(view.status, 'done', JSON.stringify(view));
    assert.deepEqual({ ...(view.weights as Json), name: undefined }, { requested: 'darknet-tiny', name: undefined, pretrained: true, network: 'Darknet Tiny' });
  });
});
