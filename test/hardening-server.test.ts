/**
 * Hardening of the studio server (issue 13), over real HTTP against `painterly serve` (the built
 * `dist/`): the DNS-rebinding guard (Host and Origin matched exactly, whatever they start with), a
 * non-loopback bind only with --allow-remote and still with a Host allow-list, the cap on
 * iterations × pixels of a quality job, `--data` checked up front, the start warnings, readable
 * validation messages, and sample files held to the rules jobs apply.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { isLoopback } from '../src/server/host-names.js';
import { CLI_SCRIPT, REPO_ROOT } from './helpers/cli.js';
import { api, assertError, CONTENT_FIXTURE, SAMPLES_DIR, startStudio, upload, type Json, type StudioProcess } from './server-helpers/studio-server.js';

const REAL_SAMPLE = 'van_gogh_starry_night.jpg';

let samplesDir: string;
let studio: StudioProcess;
let port: number;
let contentId: string;

before(async () => {
  samplesDir = await mkdtemp(join(tmpdir(), 'painterly-hardening-samples-'));
  await symlink(join(SAMPLES_DIR, REAL_SAMPLE), join(samplesDir, REAL_SAMPLE));
  await writeFile(join(samplesDir, 'disguised.png'), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>');
  await writeFile(join(samplesDir, 'vector.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
  await writeFile(join(samplesDir, 'huge.png'), hugePngHeader(30_000, 30_000));
  studio = await startStudio({ args: ['--samples', samplesDir, '--allow-host', 'studio.test'] });
  port = Number(new URL(studio.url).port);
  contentId = await upload(studio, await readFile(CONTENT_FIXTURE));
});
after(async () => {
  await studio?.dispose();
  if (samplesDir) await rm(samplesDir, { recursive: true, force: true });
});

describe('DNS rebinding: Host and Origin', () => {
  test('names that only look like loopback are refused with 403, whatever they start with', async () => {
    const refused = [
      `127.0.0.1.evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.evil.example:${port}`,
      `127.1:${port}`,
      `2130706433:${port}`,
      `0x7f.1:${port}`,
      `0x7f000001:${port}`,
      `0177.0.0.1:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `[::ffff:7f00:1]:${port}`,
      `[0:0:0:0:0:0:0:1]:${port}`,
      `localhost.:${port}`,
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `127.0.0.1:${port}:${port}`,
      '',
    ];
    const badRequests: string[] = [];
    for (const host of refused) {
      const response = await rawRequest('GET', '/api/config', { Host: host });
      // The HTTP layer itself answers a bare 400 to IPv6 Host values a URL would rewrite, and to two ports.
      if (response.status === 400 && response.body === '') {
        badRequests.push(host);
        continue;
      }
      assert.equal(response.status, 403, `Host ${JSON.stringify(host)} → ${response.status}`);
      assert.match(response.body, /only answers on 127\.0\.0\.1, localhost, \[::1\] and studio\.test \(port \d+\); the request was addressed to .*--allow-host NAME/);
    }
    assert.ok(badRequests.every((host) => host.startsWith('[') || host.endsWith(`:${port}:${port}`)), `bare 400s: ${badRequests.join(' ')}`);
  });

  test('the rebinding attack of the issue (Host and Origin 127.0.0.1.evil.example) cannot upload, start jobs or read the gallery', async () => {
    const evil = `127.0.0.1.evil.example:${port}`;
    const headers = { Host: evil, Origin: `http://${evil}` };
    assert.equal((await rawRequest('POST', '/api/uploads?name=x.png', headers, await readFile(CONTENT_FIXTURE))).status, 403);
    assert.equal((await rawRequest('POST', '/api/jobs', { ...headers, 'Content-Type': 'application/json' }, JSON.stringify({ mode: 'fast', content: contentId, preset: 'udnie' }))).status, 403);
    assert.equal((await rawRequest('GET', '/api/gallery', headers)).status, 403);
  });

  test('the real loopback names, in any case, and an --allow-host name are served', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`, `studio.test:${port}`]) {
      const response = await rawRequest('GET', '/api/config', { Host: host });
      assert.equal(response.status, 200, `Host ${host}: ${response.body}`);
    }
  });

  test('an Origin is checked the same way; a state-changing request must come from its own origin', async () => {
    const host = `localhost:${port}`;
    for (const origin of [`http://127.0.0.1.evil.example:${port}`, `http://127.1:${port}`, 'null', `https://localhost:${port}`, `http://localhost:${port + 1}`]) {
      const response = await rawRequest('GET', '/api/config', { Host: host, Origin: origin });
      assert.equal(response.status, 403, `Origin ${origin}`);
      assert.match(response.body, /Cross-origin requests are not accepted/);
    }
    assert.equal((await rawRequest('GET', '/api/config', { Host: host, Origin: `http://127.0.0.1:${port}` })).status, 200, 'reading from another of our own names');
    const png = await readFile(CONTENT_FIXTURE);
    assert.equal((await rawRequest('POST', '/api/uploads?name=x.png', { Host: host, Origin: `http://127.0.0.1:${port}` }, png)).status, 403, 'writing from another origin');
    assert.equal((await rawRequest('POST', '/api/uploads?name=x.png', { Host: host, Origin: `http://${host}` }, png)).status, 201, 'same origin');
  });
});

describe('which bind addresses are loopback', () => {
  test('exact spellings only', () => {
    for (const address of ['127.0.0.1', '127.4.5.6', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopback(address), true, address);
    for (const address of ['127.1', '2130706433', '0x7f.1', '127.0.0.1.evil.example', 'localhost.evil.example', '0.0.0.0', '::', '192.168.1.2']) assert.equal(isLoopback(address), false, address);
  });
});

describe('binding to a non-loopback address', () => {
  test('is refused without --allow-remote (exit 2, the message names the flag)', async () => {
    const { code, stderr } = await runCli(['serve', '--port', '0', '--host', '0.0.0.0', '--weights', 'random']);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /Listening on 0\.0\.0\.0 lets other machines.*--allow-remote/);
    assert.doesNotMatch(stderr, /unexpected error/);
  });

  test('with --allow-remote it keeps a Host allow-list: this machine\u2019s names, never any name; plus the start warnings and a configured job cap', async () => {
    const remote = await startStudio({
      args: ['--host', '0.0.0.0', '--allow-remote', '--weights', '/nonexistent/vgg19.h5', '--samples', '/nonexistent/paintings', '--max-megapixel-iterations', '2'],
    });
    try {
      const remotePort = Number(new URL(remote.url).port);
      const status = async (host: string): Promise<number> => (await rawRequest('GET', '/api/config', { Host: host }, undefined, remotePort)).status;
      assert.equal(await status(`127.0.0.1:${remotePort}`), 200);
      assert.equal(await status(`${hostname().toLowerCase()}:${remotePort}`), 200);
      for (const host of [`evil.example:${remotePort}`, `127.0.0.1.evil.example:${remotePort}`, `0.0.0.0:${remotePort}`]) assert.equal(await status(host), 403, host);
      assert.match(remote.stderr(), /Warning: listening on 0\.0\.0\.0/);

      // serve warns, one line each, about a missing --weights file and a missing --samples folder
      assert.match(remote.stderr(), /^Warning: the --weights file \/nonexistent\/vgg19\.h5 does not exist; .*--weights auto, vgg19, darknet-tiny, random/m);
      assert.match(remote.stderr(), /^Warning: the --samples folder \/nonexistent\/paintings does not exist; no sample paintings are offered/m);

      // --max-megapixel-iterations sets the cap: 100 iterations at 256×192 px = 4.9 megapixel-iterations > 2
      const content = await upload(remote, await readFile(CONTENT_FIXTURE));
      const response = await api<Json>(remote, '/api/jobs', { json: { mode: 'quality', content, styles: [{ source: 'upload', id: content }], size: 256, iterations: 100, weights: 'random' } });
      assertError(response, 400, 'INVALID_OPTION', /100 iterations at 256×192 px is 4\.9 megapixel-iterations, over the limit of 2\b.*at most 40 iterations/, 'iterations');
    } finally {
      await remote.dispose();
    }
  });
});

describe('quality job size (iterations × pixels)', () => {
  test('1,000,000 iterations at 2048 px is refused with a 400 that says why and what the limit is', async () => {
    const response = await api<Json>(studio, '/api/jobs', { json: { mode: 'quality', content: contentId, styles: [{ source: 'sample', id: REAL_SAMPLE }], size: 2048, iterations: 1_000_000 } });
    assertError(response, 400, 'INVALID_OPTION', /1,000,000 iterations at 2048×1536 px is 3,145,728 megapixel-iterations, over the limit of 25,000 .*--max-megapixel-iterations/, 'iterations');
    const { body } = await api<{ limits: { maxMegapixelIterations: number } }>(studio, '/api/config');
    assert.equal(body.limits.maxMegapixelIterations, 25_000);
  });
});

describe('--data checked up front', () => {
  test('a file, a path below a file, /proc and /sys: a clear message naming the problem, exit 2, at once', async () => {
    const home = await mkdtemp(join(tmpdir(), 'painterly-hardening-data-'));
    try {
      const file = join(home, 'a-file');
      await writeFile(file, 'x');
      const cases: [string, RegExp][] = [
        [file, /data folder .*a-file \(--data\) is a file, not a folder\. Pass --data with a folder of your own/],
        [join(file, 'studio'), /lies below .*a-file, which is a file, not a folder/],
        ['/proc/painterly-studio', /is in \/proc, a kernel file system/],
        ['/proc/self/fd/studio', /is in \/proc, a kernel file system/],
        ['/sys/painterly-studio', /is in \/sys, a kernel file system/],
      ];
      for (const [data, message] of cases) {
        const { code, stdout, stderr } = await runCli(['serve', '--port', '0', '--weights', 'random', '--data', data], { PAINTERLY_HOME: home });
        assert.equal(code, 2, `${data}: ${stderr}`);
        assert.match(stderr, message);
        assert.doesNotMatch(stderr, /unexpected error/);
        // at once: refused before the server listened (no address printed), not after a start that failed
        assert.doesNotMatch(stdout, /http:\/\//, `${data}: the server started before refusing`);
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  test('a read-only folder', { skip: process.getuid?.() === 0 ? 'root may write anywhere' : false }, async () => {
    const home = await mkdtemp(join(tmpdir(), 'painterly-hardening-ro-'));
    try {
      const readOnly = join(home, 'read-only');
      await mkdir(readOnly);
      await chmod(readOnly, 0o555);
      const { code, stderr } = await runCli(['serve', '--port', '0', '--weights', 'random', '--data', join(readOnly, 'studio')], { PAINTERLY_HOME: home });
      assert.equal(code, 2, stderr);
      assert.match(stderr, /cannot be written: no permission in .*read-only/);
    } finally {
      await chmod(join(home, 'read-only'), 0o755).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('readable validation messages (what the studio shows)', () => {
  const postJob = (json: unknown) => api<Json>(studio, '/api/jobs', { json });
  const readable = (response: { status: number; body: unknown }, message: RegExp, field: string): void => {
    assertError(response, 400, 'INVALID_OPTION', message, field);
    assert.doesNotMatch((response.body as Json).error!.message, /\[object Object\]|Invalid discriminator|Invalid input|a array|a object/);
  };

  test('a missing or unknown mode names the modes', async () => {
    readable(await postJob({ content: contentId }), /^Expected one of fast, quality for mode but received nothing\.$/, 'mode');
    readable(await postJob({ mode: 'slow', content: contentId }), /^Expected one of fast, quality for mode but received "slow"\.$/, 'mode');
  });

  test('nested fields are named by their path, objects shown as JSON', async () => {
    const styles = [{ source: 'web', id: 'a' }, { source: 'sample' }];
    readable(await postJob({ mode: 'quality', content: contentId, styles }), /Expected one of sample, upload for styles\[0\]\.source but received "web"\.\nExpected a text for styles\[1\]\.id but received nothing\./, 'styles');
    readable(await postJob({ mode: 'quality', content: contentId, styles: [1, 2] }), /Expected an object for styles\[0\] but received 1\./, 'styles');
    readable(await postJob({ mode: 'fast', content: { id: contentId }, preset: 'udnie' }), /Expected a text for content but received \{"id":"/, 'content');
    readable(await postJob({ mode: 'quality', content: contentId, styles: 'starry' }), /Expected a list for styles but received "starry"\./, 'styles');
    readable(await postJob({ mode: 'fast', content: contentId, preset: 'udnie', originalColors: 'yes' }), /Expected true or false for originalColors/, 'originalColors');
  });
});

describe('sample paintings follow the rules of jobs', () => {
  test('only images jobs read are listed; an SVG (disguised or not) and a 30000² image are not', async () => {
    const { body } = await api<{ samples: { name: string }[] }>(studio, '/api/config');
    assert.deepEqual(body.samples.map((sample) => sample.name), [REAL_SAMPLE]);
    assert.match(studio.stderr(), /^Warning: not offered as a style: The sample painting "disguised\.png" is not an image jobs can read: it is SVG\./m);
    assert.match(studio.stderr(), /^Warning: not offered as a style: The sample painting "huge\.png" is 30000×30000 = 900,000,000 pixels/m);
  });

  test('their thumbnails and jobs give a clear 4xx, never an SVG rendering or a 500', async () => {
    assert.equal((await api(studio, `/api/samples/${REAL_SAMPLE}/thumbnail`)).status, 200);
    assertError(await api<Json>(studio, '/api/samples/disguised.png/thumbnail'), 415, 'IMAGE_DECODE_FAILED', /"disguised\.png" is not an image jobs can read: it is SVG/);
    assertError(await api<Json>(studio, '/api/samples/huge.png/thumbnail'), 413, 'IMAGE_TOO_LARGE', /"huge\.png" is 30000×30000 = 900,000,000 pixels, over this studio's limit of 25,000,000/);
    assertError(await api<Json>(studio, '/api/samples/vector.svg/thumbnail'), 404, 'NOT_FOUND', /No sample painting/);
    const job = (id: string) => api<Json>(studio, '/api/jobs', { json: { mode: 'quality', content: contentId, styles: [{ source: 'sample', id }], size: 64, iterations: 1 } });
    assertError(await job('disguised.png'), 415, 'IMAGE_DECODE_FAILED', /it is SVG/);
    assertError(await job('huge.png'), 413, 'IMAGE_TOO_LARGE', /900,000,000 pixels/);
  });
});

/** A PNG that says it is `width × height` px (the header is all a size check reads). */
function hugePngHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.alloc(16))), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** CRC-32 (PNG's), bit by bit: fine for a few bytes. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** One request with headers exactly as given (fetch would set Host itself). */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: Uint8Array | string, toPort = port): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: toPort, method, path, headers, setHost: false }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs the CLI to its exit (killed after 30 s, which fails the exit-code check). */
function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_SCRIPT, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
