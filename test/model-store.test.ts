import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPainterlyError } from '../src/engine/errors.js';
import { cacheRoot } from '../src/node/model-store/cache-dir.js';
import type { DownloadEvent } from '../src/node/model-store/download.js';
import { VGG19_FILE_NAME, findModel, type ModelEntry } from '../src/node/model-store/registry.js';
import { downloadModel, ensureModel, isCached, listModels, modelPath } from '../src/node/model-store/store.js';
import { startModelFileServer } from './helpers/model-store-server.js';
import { SHARED } from './helpers/repo-root.js';

const SHARED_MODELS = join(SHARED, 'models');
const hasSharedModels = existsSync(join(SHARED_MODELS, 'fast-style', 'udnie', 'manifest.json'));
const UDNIE_BYTES = 6_715_241; // 48 float32 tensors (6,710,552 bytes) + manifest.json (4,689 bytes)

type TestContext = { after: (fn: () => Promise<void>) => void };

async function tempHome(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-home-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function expectError(code: string, ...fragments: string[]) {
  return (error: unknown): boolean => {
    assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${fragment}" not in: ${error.message}`);
    return true;
  };
}

/** A tiny stand-in for the 80 MB VGG19 file, with an MD5 checksum like Keras publishes. */
const fakeWeights = Buffer.from('HDF5 stand-in for vgg19 notop weights');
function fakeVgg19(url: string): ModelEntry {
  const hex = createHash('md5').update(fakeWeights).digest('hex');
  return { ...findModel('vgg19'), files: [{ name: VGG19_FILE_NAME, bytes: fakeWeights.length, checksum: { algorithm: 'md5', hex }, url }] };
}

test('cache root: PAINTERLY_HOME, then XDG_CACHE_HOME/painterly, then ~/.cache/painterly', () => {
  assert.equal(cacheRoot({ PAINTERLY_HOME: '/p', XDG_CACHE_HOME: '/x' }, '/home/u'), '/p');
  assert.equal(cacheRoot({ XDG_CACHE_HOME: '/x' }, '/home/u'), '/x/painterly');
  assert.equal(cacheRoot({ PAINTERLY_HOME: '', XDG_CACHE_HOME: 'relative' }, '/home/u'), '/home/u/.cache/painterly');
  assert.equal(cacheRoot({}, '/home/u'), '/home/u/.cache/painterly');
});

test('model paths: vgg19 is a file, presets are folders', () => {
  const env = { PAINTERLY_HOME: '/p' };
  assert.equal(modelPath('vgg19', { env }), `/p/models/vgg19/${VGG19_FILE_NAME}`);
  assert.equal(modelPath('udnie', { env }), '/p/models/fast-style/udnie');
});

test('an unknown model name lists the known ones', async () => {
  assert.throws(() => modelPath('mona_lisa'), expectError('MODEL_UNKNOWN', '"mona_lisa"', 'vgg19', 'udnie', 'wreck'));
  await assert.rejects(ensureModel('mona_lisa', { env: { PAINTERLY_HOME: '/nonexistent' } }), expectError('MODEL_UNKNOWN'));
});

test('the registry: vgg19 with its Keras MD5 and nine presets of 49 files each', () => {
  const vgg19 = findModel('vgg19');
  assert.deepEqual(vgg19.files[0]?.checksum, { algorithm: 'md5', hex: '253f8cb515780f3b799900260a226db6' });
  assert.equal(vgg19.files[0]?.bytes, 80_134_624);
  for (const style of ['la_muse', 'mathura', 'matilde_perez', 'matta', 'rain_princess', 'scream', 'udnie', 'wave', 'wreck']) {
    const entry = findModel(style);
    assert.equal(entry.files.length, 49);
    assert.equal(entry.files.reduce((sum, file) => sum + file.bytes, 0), UDNIE_BYTES);
    assert.equal(entry.files[1]?.url, `https://raw.githubusercontent.com/ml5js/ml5-data-and-models/main/models/style-transfer/${style}/Variable`);
  }
});

test('a mirror directory fills the cache with udnie; isCached and listModels see it', { skip: !hasSharedModels && 'no ../shared/models' }, async (t) => {
  const env = { PAINTERLY_HOME: await tempHome(t), PAINTERLY_MODEL_MIRROR: SHARED_MODELS };
  assert.equal(await isCached('udnie', { env }), false);
  const events: DownloadEvent[] = [];
  const dir = await ensureModel('udnie', { env, onProgress: (event) => events.push(event) });
  assert.equal(dir, join(env.PAINTERLY_HOME, 'models', 'fast-style', 'udnie'));
  assert.equal((await readdir(dir)).length, 49);
  assert.equal(await isCached('udnie', { env }), true);
  assert.equal(await isCached('udnie', { env, verifyChecksums: true }), true);
  const last = events.at(-1);
  assert.equal(last?.overallReceivedBytes, UDNIE_BYTES);
  assert.equal(last?.overallTotalBytes, UDNIE_BYTES);
  const models = await listModels({ env });
  assert.equal(models.length, 12); // vgg19, vgg16, darknet-tiny and nine presets
  assert.deepEqual(
    models.filter((model) => model.cached).map((model) => [model.name, model.kind, model.bytes, model.path]),
    [['udnie', 'fast-style', UDNIE_BYTES, dir]],
  );
});

test('the generated preset table matches the shared copy of every preset', { skip: !hasSharedModels && 'no ../shared/models' }, async () => {
  const env = { PAINTERLY_HOME: join(SHARED_MODELS, '..') }; // <shared>/models/fast-style/<style>/<file>
  for (const model of await listModels({ env })) {
    if (model.kind === 'fast-style') assert.equal(model.cached, true, `${model.name} sizes differ from the shared copy`);
  }
});

test('vgg19 through an injected registry entry: downloaded over HTTP with an MD5 check', async (t) => {
  const server = await startModelFileServer({ '/weights/vgg19.h5': fakeWeights });
  t.after(() => server.close());
  const env = { PAINTERLY_HOME: await tempHome(t) };
  const registry = [fakeVgg19(`${server.baseUrl}/weights/vgg19.h5`)];
  const path = await ensureModel('vgg19', { env, registry });
  assert.equal(path, join(env.PAINTERLY_HOME, 'models', 'vgg19', VGG19_FILE_NAME));
  assert.deepEqual(await readFile(path), fakeWeights);
  await ensureModel('vgg19', { env, registry });
  assert.equal(server.requests.length, 1, 'a cached model is not downloaded again');
});

test('an http mirror base serves <base>/vgg19/<file>', async (t) => {
  const server = await startModelFileServer({ [`/mirror/vgg19/${VGG19_FILE_NAME}`]: fakeWeights });
  t.after(() => server.close());
  const env = { PAINTERLY_HOME: await tempHome(t), PAINTERLY_MODEL_MIRROR: `${server.baseUrl}/mirror/` };
  const registry = [fakeVgg19(`${server.baseUrl}/not-the-mirror.h5`)];
  assert.deepEqual(await readFile(await ensureModel('vgg19', { env, registry })), fakeWeights);
  assert.deepEqual(server.requests.map((request) => request.path), [`/mirror/vgg19/${VGG19_FILE_NAME}`]);
});

test('offline and not cached: WEIGHTS_NOT_FOUND naming the download command', async (t) => {
  const env = { PAINTERLY_HOME: await tempHome(t) };
  await assert.rejects(ensureModel('vgg19', { env, offline: true }), expectError('WEIGHTS_NOT_FOUND', '`painterly models download vgg19`'));
});

test('a failed download is DOWNLOAD_FAILED naming the download command', async (t) => {
  const server = await startModelFileServer({});
  t.after(() => server.close());
  const env = { PAINTERLY_HOME: await tempHome(t) };
  const registry = [fakeVgg19(`${server.baseUrl}/gone.h5`)];
  await assert.rejects(
    ensureModel('vgg19', { env, registry, retries: 0 }),
    expectError('DOWNLOAD_FAILED', `${server.baseUrl}/gone.h5`, 'HTTP 404', '`painterly models download vgg19`'),
  );
});

test("downloadModel('all') reports per-file and overall bytes", async (t) => {
  const files = { '/a.bin': Buffer.alloc(3000, 1), '/b/x': Buffer.alloc(2000, 2), '/b/y': Buffer.alloc(1000, 3) };
  const server = await startModelFileServer(files);
  t.after(() => server.close());
  const fileOf = (name: string, path: keyof typeof files) => ({
    name,
    bytes: files[path].length,
    checksum: { algorithm: 'sha256' as const, hex: createHash('sha256').update(files[path]).digest('hex') },
    url: `${server.baseUrl}${path}`,
  });
  const registry: ModelEntry[] = [
    { ...findModel('vgg19'), files: [fileOf('a.bin', '/a.bin')] },
    { ...findModel('udnie'), files: [fileOf('x', '/b/x'), fileOf('y', '/b/y')] },
  ];
  const env = { PAINTERLY_HOME: await tempHome(t) };
  const events: DownloadEvent[] = [];
  const paths = await downloadModel('all', { env, registry, onProgress: (event) => events.push(event) });
  assert.deepEqual(paths, [join(env.PAINTERLY_HOME, 'models', 'vgg19', 'a.bin'), join(env.PAINTERLY_HOME, 'models', 'fast-style', 'udnie')]);
  const finals = events.filter((event) => event.receivedBytes === event.totalBytes);
  assert.deepEqual(
    finals.map((event) => [event.model, event.file, event.overallReceivedBytes, event.overallTotalBytes]),
    [['vgg19', 'a.bin', 3000, 6000], ['udnie', 'x', 5000, 6000], ['udnie', 'y', 6000, 6000]],
  );
  assert.equal(await isCached('udnie', { env, registry, verifyChecksums: true }), true);
});
