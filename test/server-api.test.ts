/**
 * The studio's JSON API over real HTTP, against the real server (`painterly serve`, from `dist/`):
 * configuration, uploads, fast and quality jobs with their event streams, cancellation, the gallery
 * (list, image, download, delete) and what a restart keeps. Tiny images and Darknet Tiny (VGG19's untrained weights
 * only where a test is about them) keep it quick.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { api, CONTENT_FIXTURE, startStudio, streamJob, upload, type Json, type SseEvent, type StudioProcess } from './server-helpers/studio-server.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let studio: StudioProcess;
let contentId: string;

before(async () => {
  studio = await startStudio({ weights: 'random', args: ['--preview-every', '2'] });
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE), 'content.png');
});
after(async () => {
  await studio?.dispose();
});

/**
 * A quality job small enough for a 2-core machine: 32 px, on this studio's default (VGG19's untrained
 * weights, for the test of the load event) unless `weights` names another. The jobs that are only
 * cancelled or deleted run on Darknet Tiny (real weights from the mirror): 100 000 iterations keep
 * them running until the test acts, and they start in a fraction of VGG19's ~6 CPU s.
 */
function qualityJob(iterations: number, weights?: 'darknet-tiny'): Json {
  return { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg', weight: 1 }], size: 32, iterations, ...(weights ? { weights } : {}) };
}

async function submit(body: Json): Promise<Json> {
  const response = await api(studio, '/api/jobs', { json: body });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return response.body;
}

describe('configuration and uploads', () => {
  test('GET /api/config lists the nine presets, the sample paintings, the weights and the limits', async () => {
    const { status, body } = await api<{ presets: Json[]; samples: Json[]; weights: Json; limits: Json }>(studio, '/api/config');
    assert.equal(status, 200);
    assert.equal(body.presets.length, 9);
    assert.ok(body.presets.some((preset) => preset.name === 'udnie'));
    assert.ok(body.samples.some((sample) => sample.name === 'van_gogh_starry_night.jpg' && sample.title === 'Van Gogh Starry Night'));
    assert.equal(body.weights.default, 'random');
    assert.equal(typeof body.limits.maxUploadBytes, 'number');
  });

  test('an upload is sniffed, gets an unguessable id, a record, the image back and a thumbnail', async () => {
    const bytes = await readFile(CONTENT_FIXTURE);
    const first = await api<Json>(studio, '/api/uploads?name=..%2F..%2Fphoto.jpg', { method: 'POST', body: bytes, headers: { 'Content-Type': 'image/jpeg' } });
    assert.equal(first.status, 201);
    assert.match(String(first.body.id), UUID_V4);
    assert.deepEqual([first.body.format, first.body.width, first.body.height, first.body.name], ['png', 32, 24, 'photo.jpg']);
    const second = await upload(studio, bytes);
    assert.notEqual(second, first.body.id);
    const image = await api<Uint8Array>(studio, `/api/uploads/${first.body.id}/image`);
    assert.equal(image.headers.get('content-type'), 'image/png', 'the sniffed type, not the one the client sent');
    assert.deepEqual(Buffer.from(image.body), bytes);
    const thumbnail = await api<Uint8Array>(studio, `/api/uploads/${first.body.id}/thumbnail`);
    assert.equal((await sharp(thumbnail.body).metadata()).format, 'jpeg');
    const record = await api<Json>(studio, `/api/uploads/${first.body.id}`);
    assert.equal(record.body.width, 32);
  });

  test('sample thumbnails are served by file name', async () => {
    const { status, body } = await api<Uint8Array>(studio, '/api/samples/hokusai_great_wave.jpg/thumbnail');
    assert.equal(status, 200);
    const { width = 0, height = 0 } = await sharp(body).metadata();
    assert.ok(Math.max(width, height) <= 320);
  });
});

describe('jobs', () => {
  test('a fast job streams its progress and lands in the gallery with its image and settings', async () => {
    const job = await submit({ mode: 'fast', content: contentId, preset: 'udnie', size: 64, strength: 0.8 });
    assert.match(String(job.id), UUID_V4);
    const events = await streamJob(studio, String(job.id));
    const last = events.at(-1)!;
    assert.equal(last.event, 'status');
    assert.equal(last.data.status, 'done', JSON.stringify(last.data));
    assert.deepEqual(last.data.weights, { name: 'preset udnie', pretrained: true });
    assert.deepEqual(last.data.result, { width: 64, height: 48 });

    const gallery = await api<{ items: Json[] }>(studio, '/api/gallery');
    const item = gallery.body.items.find((candidate) => candidate.id === job.id)!;
    assert.equal(item.status, 'done');
    assert.deepEqual(item.settings, { mode: 'fast', content: contentId, preset: 'udnie', size: 64, originalColors: false, strength: 0.8 });
    const image = await api<Uint8Array>(studio, String(item.imageUrl));
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.deepEqual(await sharp(image.body).metadata().then((meta) => [meta.width, meta.height]), [64, 48]);
    const download = await api<Uint8Array>(studio, `${item.imageUrl}?download=1`);
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="content x udnie\.png"; filename\*=UTF-8''content%20%C3%97%20udnie\.png$/);
    const onDisk = JSON.parse(await readFile(join(studio.dataDir, 'gallery', String(job.id), 'settings.json'), 'utf8')) as Json;
    assert.equal(onDisk.status, 'done');
  });

  test('a quality job streams load (which weights), iterations with loss and ETA, and previews', async () => {
    const job = await submit(qualityJob(24));
    const previews: Uint8Array[] = [];
    const events = await streamJob(studio, String(job.id), async (event: SseEvent) => {
      if (event.event === 'preview' && previews.length === 0) {
        const preview = event.data.preview as { url: string };
        const response = await api<Uint8Array>(studio, preview.url);
        if (response.status === 200) previews.push(response.body);
      }
    });
    const load = events.find((event) => event.event === 'load');
    assert.deepEqual(load?.data.weights, { name: 'VGG19 (random:0)', pretrained: false });
    const iterations = events.filter((event) => event.event === 'iteration').map((event) => event.data.progress as Json);
    assert.ok(iterations.length >= 3, `iteration events: ${iterations.length}`);
    assert.ok(iterations.every((progress) => typeof progress.loss === 'number' && progress.iterations === 24));
    assert.ok(iterations.some((progress) => typeof progress.etaMs === 'number'));
    assert.ok(events.some((event) => event.event === 'preview'));
    assert.equal(previews.length, 1, 'the preview image can be fetched while the job runs');
    assert.equal((await sharp(previews[0]).metadata()).format, 'jpeg');
    const last = events.at(-1)!;
    assert.equal(last.data.status, 'done', JSON.stringify(last.data));
    assert.deepEqual(last.data.result, { width: 32, height: 24 });
    assert.deepEqual((last.data.settings as Json).weights, 'default');
    assert.equal((last.data.settings as Json).iterations, 24);
  });

  test('a running quality job can be cancelled; cancelling again is a 409', async () => {
    const job = await submit(qualityJob(100_000, 'darknet-tiny'));
    let cancelledAt: number | undefined;
    const events = await streamJob(studio, String(job.id), async (event) => {
      if (event.event === 'iteration' && cancelledAt === undefined) {
        cancelledAt = Date.now();
        const response = await api<Json>(studio, `/api/jobs/${job.id}/cancel`, { method: 'POST' });
        assert.equal(response.status, 200);
      }
    });
    assert.equal(events.at(-1)!.data.status, 'cancelled');
    // 100 000 iterations would run for hours: a minute tells a prompt stop from a run to the end on any machine
    assert.ok(Date.now() - cancelledAt! < 60_000, 'the worker stops within the grace period');
    const again = await api<Json>(studio, `/api/jobs/${job.id}/cancel`, { method: 'POST' });
    assert.equal(again.status, 409);
    assert.match(again.body.error!.message, /already ended \(cancelled\)/);
    assert.equal(existsSync(join(studio.dataDir, 'gallery', String(job.id), 'result.png')), false);
  });

  test('a waiting job is cancelled at once, without running', async () => {
    const running = await submit(qualityJob(100_000, 'darknet-tiny'));
    const waiting = await submit(qualityJob(5, 'darknet-tiny'));
    const view = await api<Json>(studio, `/api/jobs/${waiting.id}`);
    assert.equal(view.body.status, 'queued');
    assert.equal(view.body.queuePosition, 1);
    const cancelled = await api<Json>(studio, `/api/jobs/${waiting.id}/cancel`, { method: 'POST' });
    assert.equal(cancelled.body.status, 'cancelled');
    await api(studio, `/api/jobs/${running.id}/cancel`, { method: 'POST' });
    const events = await streamJob(studio, String(running.id));
    assert.equal(events.at(-1)!.data.status, 'cancelled');
  });
});

describe('gallery', () => {
  test('an item can be deleted: its folder goes, and it is gone from the list', async () => {
    const job = await submit({ mode: 'fast', content: contentId, preset: 'wave', size: 32 });
    await streamJob(studio, String(job.id));
    const folder = join(studio.dataDir, 'gallery', String(job.id));
    assert.ok(existsSync(join(folder, 'result.png')));
    const deleted = await api(studio, `/api/gallery/${job.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal(existsSync(folder), false);
    assert.equal((await api(studio, `/api/gallery/${job.id}`)).status, 404);
    const { body } = await api<{ items: Json[] }>(studio, '/api/gallery');
    assert.ok(!body.items.some((item) => item.id === job.id));
  });

  test('deleting an active job cancels it first', async () => {
    const job = await submit(qualityJob(100_000, 'darknet-tiny'));
    const deleted = await api(studio, `/api/gallery/${job.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal((await api(studio, `/api/jobs/${job.id}`)).status, 404);
    assert.equal(existsSync(join(studio.dataDir, 'gallery', String(job.id))), false);
  });
});

describe('restart', () => {
  test('a restart keeps the gallery, and a quality job that was running continues from its checkpoint', async () => {
    const first = await startStudio();
    try {
      const id = await upload(first, await readFile(CONTENT_FIXTURE));
      const done = (await api<Json>(first, '/api/jobs', { json: { mode: 'fast', content: id, preset: 'udnie', size: 32 } })).body;
      await streamJob(first, String(done.id));
      const running = (await api<Json>(first, '/api/jobs', { json: { mode: 'quality', content: id, styles: [{ source: 'upload', id }], size: 32, iterations: 100_000 } })).body;
      // Ctrl-C once while the job runs (a second Ctrl-C would kill the process outright).
      await streamJob(first, String(running.id), (event) => {
        if (event.event === 'iteration') void first.stop();
      }).catch(() => undefined);
      assert.equal(await first.stop(), 0);
      const second = await startStudio({ dataDir: first.dataDir });
      try {
        const { body } = await api<{ items: Json[] }>(second, '/api/gallery');
        const byId = new Map(body.items.map((item) => [item.id, item]));
        assert.equal(byId.get(done.id)?.status, 'done');
        assert.ok(['queued', 'running'].includes(String(byId.get(running.id)?.status)), JSON.stringify(byId.get(running.id)));
        await api(second, `/api/jobs/${running.id}/cancel`, { method: 'POST' });
        assert.equal((await api(second, `/api/gallery/${done.id}/image`)).status, 200);
        assert.deepEqual((await readdir(join(first.dataDir, 'gallery'))).sort(), [done.id, running.id].sort());
      } finally {
        await second.stop();
      }
    } finally {
      await first.dispose();
    }
  });
});
