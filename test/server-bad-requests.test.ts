/**
 * Every bad request gets a 4xx with a clear message (and, for job fields, the field at fault) —
 * never a stack trace: bad uploads (empty, not an image, disguised, truncated, too many bytes or
 * pixels), bad job requests, ids and names that try to leave their folder, cross-origin requests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { api, assertError, CONTENT_FIXTURE, startStudio, upload, type Json, type StudioProcess } from './server-helpers/studio-server.js';

/** Limits of this server: 50 kB uploads, 2,000 pixels (the 32×24 fixture fits, a 64×64 image does not). */
const MAX_UPLOAD_MB = 0.05;
const MAX_PIXELS = 2000;

let studio: StudioProcess;
let contentId: string;

before(async () => {
  studio = await startStudio({ args: ['--max-upload-mb', String(MAX_UPLOAD_MB), '--max-pixels', String(MAX_PIXELS)] });
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE));
});
after(async () => {
  await studio?.dispose();
});

const postUpload = (body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = {}) => api<Json>(studio, '/api/uploads?name=photo.png', { method: 'POST', body, headers });
const postJob = (json: unknown) => api<Json>(studio, '/api/jobs', { json });

describe('uploads', () => {
  test('an empty body', async () => {
    assertError(await postUpload(new Uint8Array()), 400, 'BAD_REQUEST', /Expected image bytes/);
  });

  test('bytes that are no image, whatever the name and content type say', async () => {
    assertError(await postUpload('<html><script>alert(1)</script></html>', { 'Content-Type': 'image/png' }), 415, 'IMAGE_DECODE_FAILED', /not an image the studio can use.*JPEG, PNG/);
  });

  test('an SVG (a format the engine does not take)', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
    assertError(await postUpload(svg), 415, 'IMAGE_DECODE_FAILED', /it is SVG/);
  });

  test('a truncated PNG', async () => {
    const bytes = await readFile(CONTENT_FIXTURE);
    assertError(await postUpload(new Uint8Array(bytes.subarray(0, Math.floor(bytes.length / 2)))), 415, 'IMAGE_DECODE_FAILED', /could not be decoded/);
  });

  test('more bytes than --max-upload-mb', async () => {
    assertError(await postUpload(new Uint8Array(MAX_UPLOAD_MB * 1e6 + 1)), 413, 'PAYLOAD_TOO_LARGE', /The upload is over this studio's limit of 50 kB/);
  });

  test('more pixels than --max-pixels: scaled down; more than 20 times as many: refused (checked from the header)', async () => {
    const large = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png().toBuffer();
    const scaled = await postUpload(new Uint8Array(large));
    assert.equal(scaled.status, 201);
    assert.deepEqual([scaled.body.width, scaled.body.height, scaled.body.scaledFrom], [44, 44, { width: 64, height: 64 }]);
    const bomb = await sharp({ create: { width: 210, height: 200, channels: 3, background: '#808080' } }).png().toBuffer();
    assertError(await postUpload(new Uint8Array(bomb)), 413, 'IMAGE_TOO_LARGE', /210×200 = 42,000 pixels, more than this studio can open \(40,000\)/);
  });
});

describe('job requests', () => {
  test('not JSON', async () => {
    assertError(await api<Json>(studio, '/api/jobs', { method: 'POST', body: 'mode=fast', headers: { 'Content-Type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA', /application\/json/);
    assertError(await api<Json>(studio, '/api/jobs', { method: 'POST', body: '{"mode":', headers: { 'Content-Type': 'application/json' } }), 400, 'BAD_REQUEST', /not valid JSON/);
    assertError(await postJob([1, 2]), 400, 'INVALID_OPTION', /Expected a JSON object/);
  });

  test('a body over 64 kB', async () => {
    assertError(await postJob({ mode: 'fast', content: contentId, preset: 'udnie', padding: 'x'.repeat(70_000) }), 413, 'PAYLOAD_TOO_LARGE', /at most 65536 bytes/);
  });

  test('no or an unknown mode', async () => {
    assertError(await postJob({ content: contentId }), 400, 'INVALID_OPTION', /for mode/, 'mode');
    assertError(await postJob({ mode: 'slow', content: contentId }), 400, 'INVALID_OPTION', /for mode but received "slow"/, 'mode');
  });

  test('an unknown preset', async () => {
    assertError(await postJob({ mode: 'fast', content: contentId, preset: 'mona' }), 400, 'INVALID_OPTION', /Expected one of la_muse, .* for preset but received "mona"/, 'preset');
  });

  test('sizes, iterations, weights and strength out of range or of the wrong type', async () => {
    assertError(await postJob({ mode: 'fast', content: contentId, preset: 'udnie', size: 99_999 }), 400, 'INVALID_OPTION', /Expected a number ≤ 2048 for size but received 99999/, 'size');
    assertError(await postJob({ mode: 'fast', content: contentId, preset: 'udnie', size: 'big' }), 400, 'INVALID_OPTION', /for size but received "big"/, 'size');
    assertError(await postJob({ mode: 'fast', content: contentId, preset: 'udnie', strength: 2 }), 400, 'INVALID_OPTION', /≤ 1 for strength/, 'strength');
    const quality = { mode: 'quality', content: contentId, styles: [{ source: 'upload', id: contentId }] };
    assertError(await postJob({ ...quality, iterations: 1.5 }), 400, 'INVALID_OPTION', /Expected a whole number for iterations but received 1.5/, 'iterations');
    assertError(await postJob({ ...quality, styleWeight: -1 }), 400, 'INVALID_OPTION', /≥ 0 for styleWeight but received -1/, 'styleWeight');
    assertError(await postJob({ ...quality, size: 4096 }), 400, 'INVALID_OPTION', /≤ 2048 for size/, 'size');
    assertError(await postJob({ ...quality, styles: [] }), 400, 'INVALID_OPTION', /at least one value for styles/, 'styles');
    assertError(await postJob({ ...quality, styles: [{ source: 'upload', id: contentId, weight: 0 }] }), 400, 'INVALID_OPTION', /> 0 for styles/, 'styles');
  });

  test('the pretrained weights when they are not downloaded (a 409 that says how to get them)', async () => {
    const body = { mode: 'quality', content: contentId, styles: [{ source: 'upload', id: contentId }], weights: 'vgg19' };
    assertError(await postJob(body), 409, 'WEIGHTS_NOT_FOUND', /painterly models download vgg19.*random weights/, 'weights');
  });

  test('ids and names that are not ours, or try to leave their folder', async () => {
    assertError(await postJob({ mode: 'fast', content: '../../../etc/passwd', preset: 'udnie' }), 400, 'INVALID_OPTION', /No upload/, 'content');
    assertError(await postJob({ mode: 'fast', content: '3f1e2a4b-0000-4000-8000-000000000000', preset: 'udnie' }), 400, 'INVALID_OPTION', /No upload/, 'content');
    const styles = [{ source: 'sample', id: '../content/cat_chelsea.jpg' }];
    assertError(await postJob({ mode: 'quality', content: contentId, styles }), 400, 'INVALID_OPTION', /No sample painting/, 'styles');
    const absolute = [{ source: 'sample', id: '/etc/hostname' }];
    assertError(await postJob({ mode: 'quality', content: contentId, styles: absolute }), 400, 'INVALID_OPTION', /No sample painting/, 'styles');
  });
});

describe('URLs', () => {
  test('unknown or malformed ids and names in paths are 404s', async () => {
    for (const path of [
      '/api/gallery/..%2F..%2Fetc%2Fpasswd',
      '/api/gallery/not-an-id/image',
      '/api/jobs/3f1e2a4b-0000-4000-8000-000000000000',
      '/api/jobs/..%2Fx/events',
      '/api/jobs/x/preview',
      '/api/uploads/..%2Fgallery/image',
      '/api/uploads/../../package.json',
      '/api/samples/..%2Fcontent%2Fcat_chelsea.jpg/thumbnail',
      '/api/samples/%2Fetc%2Fhostname/thumbnail',
      '/api/nothing-here',
      '/../../package.json',
      '/assets/..%2F..%2Fpackage.json',
    ]) {
      const response = await api<Json>(studio, path);
      assertError(response, 404, 'NOT_FOUND', /No /);
    }
  });

  test('cancelling or deleting what does not exist', async () => {
    assertError(await api<Json>(studio, '/api/jobs/3f1e2a4b-0000-4000-8000-000000000000/cancel', { method: 'POST' }), 404, 'NOT_FOUND', /No gallery item/);
    assertError(await api<Json>(studio, '/api/gallery/nope', { method: 'DELETE' }), 404, 'NOT_FOUND', /No gallery item/);
  });

  test('a cross-origin request that would change something is refused', async () => {
    const response = await api<Json>(studio, '/api/jobs', { json: { mode: 'fast', content: contentId, preset: 'udnie' }, headers: { Origin: 'http://evil.example' } });
    assertError(response, 403, 'BAD_REQUEST', /Cross-origin/);
  });

  test('a request addressed to another host name (DNS rebinding) is refused', async () => {
    const { port } = new URL(studio.url);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/api/config', headers: { Host: `evil.example:${port}` } }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.end();
    });
    assert.equal(status, 403);
    assert.match(body, /only answers on 127\.0\.0\.1/);
  });

  test('the page itself carries a strict Content-Security-Policy and nosniff', async () => {
    const response = await api<Uint8Array>(studio, '/');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(Buffer.from(response.body).toString('utf8'), /Painterly Studio/);
  });
});
