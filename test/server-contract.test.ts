/**
 * The studio API of issue 14 over real HTTP (docs/studio.md, the contract in src/server/api-types.ts):
 * titles and sources, card images under 100 KB for a 2048 px result, downloads named after the work,
 * "stop and keep", the estimate before Start, preset samples, upload warnings and scale-down (while
 * real decompression bombs are still refused), and one job manager serving fast, quality and
 * visualize jobs. Tiny images and Darknet Tiny keep it quick.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { SHARED_IMAGES } from './helpers/cli.js';
import { freezeNewWorkers, thaw } from './server-helpers/job-workers.js';
import { api, assertError, CONTENT_FIXTURE, startStudio, streamJob, upload, waitForIdle, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/** The contract's bound on a card image (the gallery loads one per card). */
const CARD_IMAGE_MAX_BYTES = 100_000;

let studio: StudioProcess;
let contentId: string;

before(async () => {
  studio = await startStudio({ args: ['--preview-every', '2', '--max-pixels', '4000000'] });
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE), 'My Photo.png');
});
after(async () => {
  await studio?.dispose();
});

/** A PNG of `width`×`height` px that holds the first two rows only: signature, IHDR (8-bit RGB), a short IDAT, IEND. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc((width * 3 + 1) * 2))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

async function submit(body: Json): Promise<Json> {
  const response = await api(studio, '/api/jobs', { json: body });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return response.body;
}

describe('names, sources and pictures of a result', () => {
  test('a fast job is named photo × preset, lists its sources, and has a small cached card image', async () => {
    const job = await submit({ mode: 'fast', content: contentId, preset: 'wave', size: 64 });
    assert.equal(job.title, 'my-photo × wave');
    const sources = job.sources as { content: Json; styles: Json[] };
    assert.deepEqual(sources.content, { title: 'my-photo', imageUrl: `/api/uploads/${contentId}/image` });
    assert.deepEqual(sources.styles[0], { title: 'wave', imageUrl: '/api/presets/wave/sample' });
    const events = await streamJob(studio, String(job.id));
    const done = events.at(-1)!.data;
    assert.equal(done.status, 'done');
    assert.ok(typeof done.startedAt === 'string' && Date.parse(String(done.startedAt)) >= Date.parse(String(done.createdAt)));
    assert.equal(done.thumbnailUrl, `/api/gallery/${job.id}/thumbnail`);
    const card = await api<Uint8Array>(studio, String(done.thumbnailUrl));
    assert.equal(card.headers.get('content-type'), 'image/jpeg');
    const again = await api<Uint8Array>(studio, String(done.thumbnailUrl));
    assert.deepEqual(Buffer.from(again.body), Buffer.from(card.body), 'made once, then served from disk');
  });

  test('a 2048 px result has a card image under 100 KB and downloads as JPEG at a smaller size, named after the work', async () => {
    const photo = await upload(studio, await readFile(join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg')), 'golden_gate_bridge_fog.jpg');
    const job = await submit({ mode: 'fast', content: photo, preset: 'udnie', size: 2048 });
    const done = (await streamJob(studio, String(job.id))).at(-1)!.data;
    assert.equal(done.status, 'done', JSON.stringify(done.error));
    assert.equal(Math.max(...Object.values(done.result as Record<string, number>)), 2048);
    const card = await api<Uint8Array>(studio, String(done.thumbnailUrl));
    const meta = await sharp(card.body).metadata();
    assert.equal(Math.max(meta.width, meta.height), 480);
    assert.ok(card.body.byteLength < CARD_IMAGE_MAX_BYTES, `card image ${card.body.byteLength} bytes`);
    const download = await api<Uint8Array>(studio, `/api/gallery/${job.id}/download?format=jpeg&longSidePx=1024`);
    assert.equal(download.headers.get('content-type'), 'image/jpeg');
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="golden-gate-bridge-fog x udnie.jpg"; filename*=UTF-8''golden-gate-bridge-fog%20%C3%97%20udnie.jpg`);
    const downloaded = await sharp(download.body).metadata();
    assert.equal(Math.max(downloaded.width, downloaded.height), 1024);
    const png = await api<Uint8Array>(studio, `/api/gallery/${job.id}/download`);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assertError(await api(studio, `/api/gallery/${job.id}/download?format=gif`), 400, 'INVALID_OPTION', /png or jpeg for format/, 'format');
    // The page names a repeated work "… (2)": its file follows, made safe for any file system.
    const named = await api<Uint8Array>(studio, `/api/gallery/${job.id}/download?name=${encodeURIComponent('golden-gate × udnie (2)')}`);
    assert.equal(named.headers.get('content-disposition'), `attachment; filename="golden-gate x udnie (2).png"; filename*=UTF-8''golden-gate%20%C3%97%20udnie%20%282%29.png`);
    const unsafe = await api<Uint8Array>(studio, `/api/gallery/${job.id}/download?name=${encodeURIComponent('..a/b:c*d?.')}`);
    assert.match(unsafe.headers.get('content-disposition') ?? '', /filename="a-b-c-d-\.png"/);
    assertError(await api(studio, `/api/gallery/${job.id}/download?name=${'x'.repeat(151)}`), 400, 'INVALID_OPTION', /file name of 1 to 150 characters for name/, 'name');
  });

  test('a quality job is named photo × painting(s), joined with +', async () => {
    const style = await upload(studio, await readFile(CONTENT_FIXTURE), 'Starry Night.jpg');
    const body = { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }, { source: 'upload', id: style, weight: 2 }], weights: 'darknet-tiny', size: 32, iterations: 2 };
    const job = await submit(body);
    assert.equal(job.title, 'my-photo × hokusai-great-wave + starry-night');
    assert.equal((job.sources as { styles: Json[] }).styles[1].weight, 2);
    await streamJob(studio, String(job.id));
  });
});

describe('stop and keep, estimates, samples', () => {
  test('stop and keep turns a running quality job into an unfinished gallery image; a plain cancel leaves none', async () => {
    const body = { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 32, iterations: 100_000 };
    const kept = await submit(body);
    let asked = false;
    const events = await streamJob(studio, String(kept.id), async (event) => {
      if (event.event === 'preview' && !asked) {
        asked = true;
        await api(studio, `/api/jobs/${kept.id}/cancel`, { json: { keep: true } });
      }
    });
    const done = events.at(-1)!.data;
    assert.equal(done.status, 'done');
    assert.equal(done.unfinished, true);
    const image = await api<Uint8Array>(studio, String(done.imageUrl));
    assert.equal((await sharp(image.body).metadata()).width, 32);
    const cancelled = await submit(body);
    await streamJob(studio, String(cancelled.id), async (event) => {
      if (event.event === 'iteration') await api(studio, `/api/jobs/${cancelled.id}/cancel`, { method: 'POST' });
    });
    assert.equal((await api<Json>(studio, `/api/jobs/${cancelled.id}`)).body.status, 'cancelled');
    assertError(await api(studio, `/api/jobs/${cancelled.id}/cancel`, { json: { keep: 'yes' } }), 400, 'INVALID_OPTION', /true or false for keep/, 'keep');
  });

  test('POST /api/estimate answers the expected time of a job before it starts, refusing what POST /api/jobs refuses', async () => {
    const quality = await api<Json>(studio, '/api/estimate', { json: { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 32, iterations: 50 } });
    assert.equal(quality.status, 200, JSON.stringify(quality.body));
    assert.ok(typeof quality.body.etaMs === 'number' && quality.body.etaMs > 0);
    const longer = await api<Json>(studio, '/api/estimate', { json: { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 32, iterations: 500 } });
    assert.ok(Number(longer.body.etaMs) > Number(quality.body.etaMs) * 5);
    // A fast job's cost is its pixels: four times the side, about sixteen times the time (rounded to whole ms).
    const fast = await api<Json>(studio, '/api/estimate', { json: { mode: 'fast', content: contentId, preset: 'udnie', size: 128 } });
    assert.equal(fast.status, 200, JSON.stringify(fast.body));
    assert.ok(typeof fast.body.etaMs === 'number' && fast.body.etaMs > 0, `a fast job takes time: ${JSON.stringify(fast.body)}`);
    const bigger = await api<Json>(studio, '/api/estimate', { json: { mode: 'fast', content: contentId, preset: 'udnie', size: 512 } });
    assert.ok(Number(bigger.body.etaMs) > Number(fast.body.etaMs) * 8, `512 px (${bigger.body.etaMs} ms) vs 128 px (${fast.body.etaMs} ms)`);
    assertError(await api(studio, '/api/estimate', { json: { mode: 'fast', content: contentId, preset: 'nope' } }), 400, 'INVALID_OPTION', /preset/, 'preset');
  });

  test('a submitted job starts from the estimate POST /api/estimate gave for it (one estimator, one number)', async () => {
    await waitForIdle(studio);
    const body = { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 300, iterations: 40 };
    const estimate = await api<Json>(studio, '/api/estimate', { json: body });
    const job = await submit(body);
    assert.equal(job.etaMs, estimate.body.etaMs, 'the new job\u2019s time is the estimate beside Start');
    // Once the running estimate shows, the job has said what it had to: stop it (the machine may be busy).
    let cancelled = false;
    const events = await streamJob(studio, String(job.id), async (event) => {
      if (cancelled || (event.data.progress as Json | undefined)?.etaMs === undefined) return;
      cancelled = true;
      await api(studio, `/api/jobs/${job.id}/cancel`, { method: 'POST' });
    });
    const beforeProgress = events.filter((event) => !['done', 'cancelled'].includes(String(event.data.status)) && event.data.progress === undefined);
    assert.ok(beforeProgress.length > 0, 'the stream starts before the first step');
    for (const event of beforeProgress) assert.equal(event.data.etaMs, estimate.body.etaMs, `${event.event} before the first step`);
    assert.ok(events.some((event) => (event.data.progress as Json | undefined)?.etaMs !== undefined), 'then the running estimate');
  });

  test('a stop-and-keep result from an early, smaller scale records the size it was painted at', async () => {
    const job = await submit({ mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], size: 300, iterations: 100_000 });
    let asked = false;
    const events = await streamJob(studio, String(job.id), async (event) => {
      if (event.event === 'preview' && !asked) {
        asked = true;
        await api(studio, `/api/jobs/${job.id}/cancel`, { json: { keep: true } });
      }
    });
    const done = events.at(-1)!.data;
    const result = done.result as { width: number; height: number; painted?: { width: number; height: number } };
    assert.equal(done.unfinished, true);
    assert.deepEqual([result.width, result.height], [300, 225], 'the file is at the full size');
    assert.ok(result.painted && Math.max(result.painted.width, result.painted.height) === 128, `painted at the first scale (128 px): ${JSON.stringify(result)}`);
    const image = await sharp((await api<Uint8Array>(studio, String(done.imageUrl))).body).metadata();
    assert.deepEqual([image.width, image.height], [300, 225]);
  });

  test('a preset sample is a small JPEG painted by that preset (made once); one not downloaded or unknown is a 404', async () => {
    assertError(await api(studio, '/api/presets/mathura/sample'), 404, 'NOT_FOUND', /mathura is not downloaded/);
    // A job with the preset fetches it (from the test mirror).
    await streamJob(studio, String((await submit({ mode: 'fast', content: contentId, preset: 'udnie', size: 32 })).id));
    const sample = await api<Uint8Array>(studio, '/api/presets/udnie/sample');
    assert.equal(sample.status, 200);
    const meta = await sharp(sample.body).metadata();
    assert.deepEqual([meta.format, Math.max(meta.width, meta.height)], ['jpeg', 256]);
    const again = await api<Uint8Array>(studio, '/api/presets/udnie/sample');
    assert.deepEqual(Buffer.from(again.body), Buffer.from(sample.body));
    assertError(await api(studio, '/api/presets/picasso/sample'), 404, 'NOT_FOUND', /picasso/);
  });
});

describe('uploads', () => {
  test('a tiny photo gets a warning; a large one is scaled down; a decompression bomb is still refused', async () => {
    const tiny = await api<Json>(studio, '/api/uploads?name=tiny.png', { method: 'POST', body: await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png().toBuffer() });
    assert.equal(tiny.status, 201);
    assert.match(String(tiny.body.warning), /only 1×1 px; the result will be blurry/);
    // 3000×2000 = 6 MP over this studio's 4 MP limit: scaled to 2048 on its long side (and within the limit).
    const large = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const scaled = await api<Json>(studio, '/api/uploads?name=large.jpg', { method: 'POST', body: large });
    assert.equal(scaled.status, 201, JSON.stringify(scaled.body));
    assert.deepEqual([scaled.body.width, scaled.body.height, scaled.body.scaledFrom], [2048, 1365, { width: 3000, height: 2000 }]);
    assert.equal(scaled.body.warning, undefined);
    // 10000×10000 = 100 MP, 25 times the limit: refused from its header, never decoded.
    const bomb = pngHeaderOnly(10_000, 10_000);
    assertError(await api(studio, '/api/uploads?name=bomb.png', { method: 'POST', body: new Uint8Array(bomb) }), 413, 'IMAGE_TOO_LARGE', /more than this studio can open/);
  });
});

describe('one job manager', () => {
  test('fast, quality and visualize jobs run side by side on the one manager (its lanes), and all finish', async () => {
    const fast = await submit({ mode: 'fast', content: contentId, preset: 'udnie', size: 48 });
    const quality = await submit({ mode: 'quality', content: contentId, styles: [{ source: 'sample', id: 'hokusai_great_wave.jpg' }], weights: 'darknet-tiny', size: 32, iterations: 30 });
    // Darknet Tiny's real weights (the mirror): VGG19's untrained ones took ~6 CPU s only to start.
    const run = await api<Json>(studio, '/api/visualize', { json: { layer: 'conv1', weights: 'darknet-tiny', topUnits: 2, size: 32, images: 'photos' } });
    assert.equal(run.status, 202, JSON.stringify(run.body));
    // All three start in a fraction of a second: the first worker to appear is frozen until the counts are read, so one still runs then.
    const workers = await freezeNewWorkers((await api<{ pid: number }>(studio, '/api/health')).body.pid, 1);
    const { body } = await api<{ counts: Record<string, { running: number; waiting: number }> }>(studio, '/api/jobs');
    assert.deepEqual(Object.keys(body.counts).sort(), ['fast', 'quality', 'visualize']);
    const health = (await api<{ counts: typeof body.counts }>(studio, '/api/health')).body;
    workers.forEach(thaw);
    assert.ok(health.counts.visualize.running + health.counts.visualize.waiting + health.counts.quality.running + health.counts.fast.running >= 1);
    await waitForIdle(studio);
    for (const id of [fast.id, quality.id]) assert.equal((await api<Json>(studio, `/api/jobs/${id}`)).body.status, 'done');
    const deadline = Date.now() + 60_000;
    let view: Json = run.body;
    while (!['done', 'failed'].includes(String(view.status)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      view = (await api<Json>(studio, `/api/visualize/${run.body.id}`)).body;
    }
    assert.equal(view.status, 'done', JSON.stringify(view.error));
    assert.equal((await api(studio, String((view.result as Json).imageUrl))).status, 200);
  });
});
