import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPainterlyError } from '../src/engine/errors.js';
import type { Checksum } from '../src/node/model-store/checksum.js';
import { downloadFile, type DownloadEvent } from '../src/node/model-store/download.js';
import { startModelFileServer } from './helpers/model-store-server.js';

const FILE_BYTES = 200_000;
const payload = randomBytes(FILE_BYTES);
const sha256 = (data: Buffer): Checksum => ({ algorithm: 'sha256', hex: createHash('sha256').update(data).digest('hex') });

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-download-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function servePayload(t: { after: (fn: () => Promise<void>) => void }) {
  const server = await startModelFileServer({ '/weights.bin': payload });
  t.after(() => server.close());
  return { server, url: `${server.baseUrl}/weights.bin` };
}

function expectCode(code: string) {
  return (error: unknown): boolean => {
    assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

test('downloads a whole file, verifies it and reports progress', async (t) => {
  const dir = await tempDir(t);
  const { server, url } = await servePayload(t);
  const destination = join(dir, 'nested', 'weights.bin');
  const events: DownloadEvent[] = [];
  await downloadFile({ url, destination, checksum: sha256(payload), expectedBytes: FILE_BYTES, model: 'm', onProgress: (e) => events.push(e) });
  assert.deepEqual(await readFile(destination), payload);
  assert.equal(existsSync(`${destination}.part`), false);
  assert.deepEqual(events.at(-1), { type: 'download', model: 'm', file: 'weights.bin', receivedBytes: FILE_BYTES, totalBytes: FILE_BYTES });
  assert.equal(server.requests[0]?.range, undefined);
  assert.equal(server.requests[0]?.acceptEncoding, 'identity');
});

test('an interrupted download keeps its .part and the next call resumes with Range', async (t) => {
  const dir = await tempDir(t);
  const { server, url } = await servePayload(t);
  server.behaviour.cutFirstResponseAfterBytes = 64 * 1024;
  const destination = join(dir, 'weights.bin');
  const options = { url, destination, checksum: sha256(payload), expectedBytes: FILE_BYTES, retries: 0 };
  await assert.rejects(downloadFile(options), (error) => {
    expectCode('DOWNLOAD_FAILED')(error);
    assert.match((error as Error).message, /127\.0\.0\.1.*weights\.bin/);
    assert.match((error as Error).message, /run the command again to resume/);
    return true;
  });
  assert.equal(existsSync(destination), false);
  const keptBytes = (await stat(`${destination}.part`)).size;
  assert.ok(keptBytes > 0 && keptBytes <= 64 * 1024, `kept ${keptBytes} bytes`);

  await downloadFile(options);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[1]?.range, `bytes=${keptBytes}-`);
  assert.deepEqual(await readFile(destination), payload);
  assert.equal(existsSync(`${destination}.part`), false);
});

test('retries resume within one call', async (t) => {
  const dir = await tempDir(t);
  const { server, url } = await servePayload(t);
  server.behaviour.cutFirstResponseAfterBytes = 1000;
  const destination = join(dir, 'weights.bin');
  await downloadFile({ url, destination, checksum: sha256(payload), expectedBytes: FILE_BYTES, retries: 1, retryDelayMs: 0 });
  assert.match(server.requests[1]?.range ?? '', /^bytes=\d+-$/);
  assert.deepEqual(await readFile(destination), payload);
});

test('a server that ignores Range (200) makes the download start over', async (t) => {
  const dir = await tempDir(t);
  const { server, url } = await servePayload(t);
  server.behaviour.ignoreRange = true;
  const destination = join(dir, 'weights.bin');
  await writeFile(`${destination}.part`, Buffer.alloc(1000, 7)); // wrong bytes: appending would corrupt
  await downloadFile({ url, destination, checksum: sha256(payload), expectedBytes: FILE_BYTES });
  assert.equal(server.requests[0]?.range, 'bytes=1000-');
  assert.deepEqual(await readFile(destination), payload);
});

test('416 Range Not Satisfiable drops the .part and downloads from the start', async (t) => {
  const dir = await tempDir(t);
  const { server, url } = await servePayload(t);
  const destination = join(dir, 'weights.bin');
  await writeFile(`${destination}.part`, Buffer.alloc(FILE_BYTES + 10));
  await downloadFile({ url, destination, checksum: sha256(payload) }); // no expectedBytes: the server decides
  assert.deepEqual(server.requests.map((request) => request.range), [`bytes=${FILE_BYTES + 10}-`, undefined]);
  assert.deepEqual(await readFile(destination), payload);
});

test('a checksum mismatch deletes the download and says so', async (t) => {
  const dir = await tempDir(t);
  const { url } = await servePayload(t);
  const destination = join(dir, 'weights.bin');
  const expected = sha256(Buffer.from('something else'));
  await assert.rejects(downloadFile({ url, destination, checksum: expected }), (error) => {
    expectCode('CHECKSUM_MISMATCH')(error);
    const { message } = error as Error;
    assert.ok(message.includes('weights.bin') && message.includes(expected.hex) && message.includes(sha256(payload).hex), message);
    assert.match(message, /deleted; run the command again/);
    return true;
  });
  assert.equal(existsSync(destination), false);
  assert.equal(existsSync(`${destination}.part`), false);
});

test('HTTP errors and refused connections are DOWNLOAD_FAILED naming the URL', async (t) => {
  const dir = await tempDir(t);
  const { server } = await servePayload(t);
  const missingUrl = `${server.baseUrl}/missing.bin`;
  await assert.rejects(downloadFile({ url: missingUrl, destination: join(dir, 'a'), checksum: sha256(payload) }), (error) => {
    expectCode('DOWNLOAD_FAILED')(error);
    assert.ok((error as Error).message.includes(`${missingUrl}: HTTP 404`), (error as Error).message);
    return true;
  });
  const closed = await startModelFileServer({});
  await closed.close();
  await assert.rejects(downloadFile({ url: `${closed.baseUrl}/x`, destination: join(dir, 'b'), checksum: sha256(payload) }), expectCode('DOWNLOAD_FAILED'));
});

test('an aborted download is ABORTED', async (t) => {
  const dir = await tempDir(t);
  const { url } = await servePayload(t);
  const signal = AbortSignal.abort();
  await assert.rejects(downloadFile({ url, destination: join(dir, 'w'), checksum: sha256(payload), signal }), expectCode('ABORTED'));
});

test('copies local paths and file:// URLs with the same verification', async (t) => {
  const dir = await tempDir(t);
  const source = join(dir, 'source.bin');
  await writeFile(source, payload);
  for (const url of [source, pathToFileURL(source).href]) {
    const destination = join(dir, 'out', `${url.length}.bin`);
    const events: DownloadEvent[] = [];
    await downloadFile({ url, destination, checksum: sha256(payload), expectedBytes: FILE_BYTES, onProgress: (e) => events.push(e) });
    assert.deepEqual(await readFile(destination), payload);
    assert.equal(events.at(-1)?.receivedBytes, FILE_BYTES);
  }
  await assert.rejects(
    downloadFile({ url: source, destination: join(dir, 'bad.bin'), checksum: sha256(Buffer.from('x')) }),
    expectCode('CHECKSUM_MISMATCH'),
  );
  assert.equal(existsSync(join(dir, 'bad.bin.part')), false);
});
