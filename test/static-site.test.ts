/**
 * `painterly serve --static-only` over HTTP, as the real command: the in-browser page with
 * cross-origin isolation, the registered model files under /models/ (mirror or cache) and nothing
 * else — no other file, no other method, no foreign Host. Needs the built page (`npm run build`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startCli, type RunningCli } from './helpers/cli.js';

const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');

async function startSite(env: Record<string, string>): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli(['serve', '--static-only', '--port', '0'], { env, timeoutMs: 120_000 });
  const line = await cli.waitForLine((text) => text.includes('http://'));
  return { cli, url: /(http:\/\/\S+)/.exec(line)![1] };
}

async function stop(cli: RunningCli | undefined): Promise<void> {
  cli?.child.kill('SIGINT');
  await cli?.result;
}

describe('painterly serve --static-only', () => {
  let home: string;
  let withMirror: { cli: RunningCli; url: string };
  let withCache: { cli: RunningCli; url: string };

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'painterly-static-'));
    withMirror = await startSite({ PAINTERLY_HOME: join(home, 'a'), PAINTERLY_MODEL_MIRROR: MIRROR });
    withCache = await startSite({ PAINTERLY_HOME: join(home, 'b'), PAINTERLY_MODEL_MIRROR: '' });
  });

  after(async () => {
    await stop(withMirror?.cli);
    await stop(withCache?.cli);
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('serves the page cross-origin isolated, with its WebAssembly runtime from the build', async () => {
    const page = await fetch(withMirror.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
    const html = await page.text();
    const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const main = await (await fetch(new URL(script, withMirror.url))).text();
    const workerPath = /(paint-worker-[\w-]+\.js)/.exec(main)?.[1];
    assert.ok(workerPath, 'the page starts its paint worker from the build');
    const worker = await (await fetch(new URL(`assets/${workerPath}`, withMirror.url))).text();
    const wasm = /(ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm)/.exec(worker)?.[1];
    assert.ok(wasm, 'the worker loads onnxruntime-web/webgpu\'s WASM file from the build');
    const wasmResponse = await fetch(new URL(`assets/${wasm}`, withMirror.url), { method: 'HEAD' });
    assert.equal(wasmResponse.status, 200);
    assert.equal(wasmResponse.headers.get('content-type'), 'application/wasm');
  });

  test('serves registered model files from the mirror, byte for byte', async () => {
    const response = await fetch(new URL('models/fast-style/udnie/manifest.json', withMirror.url));
    assert.equal(response.status, 200);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), await readFile(join(MIRROR, 'fast-style', 'udnie', 'manifest.json')));
    assert.equal((await fetch(new URL('models/darknet/tiny/group1-shard1of1', withMirror.url))).status, 200);
  });

  test('anything else under /models/ is 404: VGG19, unknown files, escapes', async () => {
    for (const path of ['models/vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5', 'models/fast-style/udnie/README.md', 'models/fast-style/%2e%2e/README.md', 'models/..%2f..%2fpackage.json', 'package.json']) {
      assert.equal((await fetch(new URL(path, withMirror.url))).status, 404, path);
    }
  });

  test('without a mirror it reads the model cache, and a missing model names the download command', async () => {
    const response = await fetch(new URL('models/fast-style/udnie/manifest.json', withCache.url));
    assert.equal(response.status, 404);
    assert.match(await response.text(), /painterly models download udnie/);
  });

  test('only GET and HEAD, only under its own host names', async () => {
    const post = await fetch(withMirror.url, { method: 'POST', body: 'photo bytes' });
    assert.equal(post.status, 405);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(withMirror.url, { headers: { Host: 'attacker.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('error', reject);
      request.end();
    });
    assert.equal(status, 403);
  });
});
