/**
 * Issue 13, model store: concurrent first downloads share one download; a damaged cached model is
 * reported with its fix and never used; a bad cache folder is a clear error; an unknown model name
 * is a usage error; darknet-tiny comes from the mirror and verifies. CLI cases run the built
 * `dist/` as subprocesses (build first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isPainterlyError } from '../src/engine/errors.js';
import { readFastStyleCheckpoint } from '../src/node/fast-checkpoint.js';
import { downloadFile } from '../src/node/model-store/download.js';
import { HOST_TAG } from '../src/node/model-store/owner.js';
import { findModel, type ModelEntry } from '../src/node/model-store/registry.js';
import { downloadModel, ensureModel, isCached, listModels } from '../src/node/model-store/store.js';
import { REPO_ROOT, runCli, SHARED_IMAGES } from './helpers/cli.js';
import { startModelFileServer } from './helpers/model-store-server.js';

const SHARED_MODELS = join(REPO_ROOT, '..', 'shared', 'models');
const UDNIE_MIRROR = join(SHARED_MODELS, 'fast-style', 'udnie');
const hasSharedModels = existsSync(join(UDNIE_MIRROR, 'manifest.json')) && existsSync(join(SHARED_MODELS, 'darknet', 'tiny', 'model.json'));
const noShared = !hasSharedModels && 'no ../shared/models';

type TestContext = { after: (fn: () => Promise<void>) => void };

async function tempDir(t: TestContext, prefix = 'painterly-hard-store-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const sha256 = (data: Buffer) => ({ algorithm: 'sha256' as const, hex: createHash('sha256').update(data).digest('hex') });

function expectError(code: string, ...patterns: RegExp[]) {
  return (error: unknown): boolean => {
    assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  };
}

/** A leftover of this test run: any `.part`, lock or temp file under `dir`. */
async function leftovers(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    if (/\.part$|\.lock$|\.tmp$|\.stale-/.test(name)) found.push(name);
  }
  return found;
}

test('4 concurrent ensureModel calls in one process download each file once and all succeed', async (t) => {
  const payloads = [randomBytes(120_000), randomBytes(80_000), randomBytes(1_000)];
  const files = Object.fromEntries(payloads.map((body, index) => [`/m/f${index}`, body]));
  const server = await startModelFileServer(files);
  t.after(() => server.close());
  server.behaviour.bodyDelayMs = 30;
  const registry: ModelEntry[] = [
    {
      ...findModel('udnie'),
      files: payloads.map((body, index) => ({ name: `f${index}`, bytes: body.length, checksum: sha256(body), url: `${server.baseUrl}/m/f${index}` })),
    },
  ];
  const home = await tempDir(t);
  const env = { PAINTERLY_HOME: home };
  const results = await Promise.allSettled([1, 2, 3, 4].map(() => ensureModel('udnie', { env, registry })));
  for (const result of results) assert.equal(result.status, 'fulfilled', String((result as PromiseRejectedResult).reason));
  const dir = (results[0] as PromiseFulfilledResult<string>).value;
  for (const [index, body] of payloads.entries()) assert.deepEqual(await readFile(join(dir, `f${index}`)), body);
  assert.deepEqual(server.requests.map((request) => request.path).sort(), ['/m/f0', '/m/f1', '/m/f2'], 'each file was fetched once');
  assert.deepEqual(await leftovers(home), []);
});

test('4 worker threads of one process share one download of an uncached model', async (t) => {
  const payloads = [randomBytes(150_000), randomBytes(2_000)];
  const files = Object.fromEntries(payloads.map((body, index) => [`/w/f${index}`, body]));
  const server = await startModelFileServer(files);
  t.after(() => server.close());
  server.behaviour.bodyDelayMs = 40;
  const registry: ModelEntry[] = [
    { ...findModel('udnie'), files: payloads.map((body, index) => ({ name: `f${index}`, bytes: body.length, checksum: sha256(body), url: `${server.baseUrl}/w/f${index}` })) },
  ];
  const home = await tempDir(t);
  const env = { PAINTERLY_HOME: home };
  const workerUrl = pathToFileURL(join(REPO_ROOT, 'test', 'helpers', 'ensure-model-worker.mjs'));
  const results = await Promise.all(
    [1, 2, 3, 4].map(
      () =>
        new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
          const worker = new Worker(workerUrl, { workerData: { name: 'udnie', env, registry } });
          worker.once('message', (message: { ok: boolean; message?: string }) => void worker.terminate().then(() => resolve(message)));
          worker.once('error', reject);
        }),
    ),
  );
  for (const result of results) assert.equal(result.ok, true, result.message ?? '');
  assert.deepEqual(server.requests.map((request) => request.path).sort(), ['/w/f0', '/w/f1'], 'each file was fetched once');
  assert.deepEqual(await leftovers(home), []);
});

test('concurrent downloadFile calls without any lock never mix bytes (each its own .part)', async (t) => {
  const body = randomBytes(300_000);
  const server = await startModelFileServer({ '/w.bin': body });
  t.after(() => server.close());
  server.behaviour.bodyDelayMs = 20;
  const dir = await tempDir(t);
  const destination = join(dir, 'w.bin');
  const calls = [1, 2, 3, 4].map(() => downloadFile({ url: `${server.baseUrl}/w.bin`, destination, checksum: sha256(body), expectedBytes: body.length }));
  await Promise.all(calls);
  assert.deepEqual(await readFile(destination), body);
  assert.deepEqual(await leftovers(dir), []);
});

test('a SIGKILLed writer’s .part is adopted and resumed; a stale lock of a dead process is broken', async (t) => {
  const body = randomBytes(200_000);
  const server = await startModelFileServer({ '/m/w.bin': body });
  t.after(() => server.close());
  const home = await tempDir(t);
  const env = { PAINTERLY_HOME: home };
  const registry: ModelEntry[] = [{ ...findModel('udnie'), files: [{ name: 'w.bin', bytes: body.length, checksum: sha256(body), url: `${server.baseUrl}/m/w.bin` }] }];
  const deadPid = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.on('exit', () => resolve(child.pid!));
  });
  const dir = join(home, 'models', 'fast-style', 'udnie');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `w.bin.${HOST_TAG}-${deadPid}-0badc0de.part`), body.subarray(0, 50_000));
  await mkdir(join(home, 'models', '.locks'), { recursive: true });
  await writeFile(join(home, 'models', '.locks', 'udnie.lock'), JSON.stringify({ pid: deadPid, host: hostname(), token: 'dead', startedMs: 0 }));
  await ensureModel('udnie', { env, registry });
  assert.deepEqual(server.requests.map((request) => request.range), ['bytes=50000-']);
  assert.deepEqual(await readFile(join(dir, 'w.bin')), body);
  assert.deepEqual(await leftovers(home), []);
});

test('4 concurrent `painterly models download udnie` through a local HTTP mirror all succeed, sharing one download', { skip: noShared }, async (t) => {
  const files: Record<string, Buffer> = {};
  for (const name of await readdir(UDNIE_MIRROR)) files[`/mirror/fast-style/udnie/${name}`] = await readFile(join(UDNIE_MIRROR, name));
  const server = await startModelFileServer(files);
  t.after(() => server.close());
  server.behaviour.bodyDelayMs = 5;
  const home = await tempDir(t);
  const env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: `${server.baseUrl}/mirror` };
  const runs = await Promise.all([1, 2, 3, 4].map(() => runCli(['models', 'download', 'udnie'], { env, timeoutMs: 120_000 })));
  for (const run of runs) {
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /udnie: ready in /);
    assert.doesNotMatch(run.stderr, /unexpected error|checksum mismatch|ENOENT/i);
  }
  const perPath = new Map<string, number>();
  for (const request of server.requests) perPath.set(request.path, (perPath.get(request.path) ?? 0) + 1);
  assert.equal(perPath.size, 49);
  assert.ok([...perPath.values()].every((count) => count === 1), 'every file was fetched once');
  assert.ok(runs.some((run) => /waiting to share it/.test(run.stderr)), runs.map((run) => run.stderr).join('\n'));
  assert.equal(await isCached('udnie', { env, verifyChecksums: true }), true);
  assert.deepEqual(await leftovers(home), []);
});

/** A temp cache holding udnie copied from the mirror, with one float of Variable_12 set to NaN. */
async function cacheWithNanUdnie(t: TestContext): Promise<{ home: string; dir: string }> {
  const home = await tempDir(t);
  const dir = join(home, 'models', 'fast-style', 'udnie');
  await cp(UDNIE_MIRROR, dir, { recursive: true });
  await chmod(dir, 0o755);
  const path = join(dir, 'Variable_12');
  await chmod(path, 0o644);
  const bytes = await readFile(path);
  bytes.writeFloatLE(Number.NaN, 4 * 1000);
  await writeFile(path, bytes);
  return { home, dir };
}

test('a NaN in a cached preset: `models list` says damaged, stylize refuses it naming --force, --force repairs it', { skip: noShared }, async (t) => {
  const { home } = await cacheWithNanUdnie(t);
  const work = await tempDir(t);
  const env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: SHARED_MODELS };

  const list = await runCli(['models', 'list'], { env });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^udnie\s+DAMAGED/m);
  assert.match(list.stdout, /udnie is damaged \(Variable_12 fail.*painterly models download udnie --force/);

  const output = join(work, 'out.png');
  const stylize = await runCli(['stylize', join(SHARED_IMAGES, 'content', 'coffee_cup.jpg'), '--model', 'udnie', '--size', '64', '-o', output], { env });
  assert.equal(stylize.code, 1, stylize.stderr);
  assert.match(stylize.stderr, /Model "udnie" in the cache is damaged: Variable_12 .*not used.*`painterly models download udnie --force`/s);
  assert.equal(existsSync(output), false, 'no black image was written');

  const plain = await runCli(['models', 'download', 'udnie'], { env });
  assert.equal(plain.code, 1);
  assert.match(plain.stderr, /--force/);

  const repair = await runCli(['models', 'download', 'udnie', '--force'], { env });
  assert.equal(repair.code, 0, repair.stderr);
  const models = await listModels({ env });
  assert.equal(models.find((model) => model.name === 'udnie')?.state, 'cached');
  const again = await runCli(['stylize', join(SHARED_IMAGES, 'content', 'coffee_cup.jpg'), '--model', 'udnie', '--size', '64', '-o', output, '-q'], { env });
  assert.equal(again.code, 0, again.stderr);
});

test('a NaN or Infinity in preset weights given as a folder is refused on load', { skip: noShared }, async (t) => {
  const { dir } = await cacheWithNanUdnie(t);
  await assert.rejects(readFastStyleCheckpoint(dir), expectError('WEIGHTS_INVALID', /Variable_12/, /1 of \d+ values .* NaN or infinite/, /models download udnie --force/));
  const folder = join(await tempDir(t), 'my-weights');
  await cp(UDNIE_MIRROR, folder, { recursive: true });
  await chmod(join(folder, 'Variable_3'), 0o644);
  const bytes = await readFile(join(folder, 'Variable_3'));
  bytes.writeFloatLE(Number.POSITIVE_INFINITY, 0);
  await writeFile(join(folder, 'Variable_3'), bytes);
  await assert.rejects(readFastStyleCheckpoint(folder), expectError('WEIGHTS_INVALID', /Variable_3/, /Infinity/, /intact copy/));
});

test('the verdict is cached by size and mtime: an unchanged file is not hashed again; a rewrite is checked again', { skip: noShared }, async (t) => {
  const home = await tempDir(t);
  const env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: SHARED_MODELS };
  const dir = await ensureModel('udnie', { env });
  const verdicts = JSON.parse(await readFile(join(home, 'models', '.verified', 'udnie.json'), 'utf8')) as { files: Record<string, { ok: boolean }> };
  assert.equal(Object.values(verdicts.files).filter((verdict) => verdict.ok).length, 49);
  const path = join(dir, 'Variable_12');
  const pinnedSeconds = 1_700_000_000;
  await utimes(path, pinnedSeconds, pinnedSeconds);
  await ensureModel('udnie', { env }); // hashes Variable_12 once more (new mtime) and records it
  const bytes = await readFile(path);
  bytes[100] ^= 0xff;
  await writeFile(path, bytes);
  await utimes(path, pinnedSeconds, pinnedSeconds);
  // Same size and mtime: the recorded verdict stands, so the file was not read (the limit of the rule).
  assert.equal(await ensureModel('udnie', { env }), dir);
  await writeFile(path, bytes); // a real rewrite moves the mtime
  await assert.rejects(ensureModel('udnie', { env }), expectError('WEIGHTS_INVALID', /Variable_12/, /--force/));
  await downloadModel('udnie', { env, force: true });
  assert.equal((await stat(path)).size, bytes.length);
  assert.equal(await ensureModel('udnie', { env }), dir);
});

test('a bad PAINTERLY_HOME is a clear error naming the problem and the fix, quickly', { skip: noShared }, async (t) => {
  const base = await tempDir(t);
  const file = join(base, 'a-file');
  await writeFile(file, 'not a folder');
  const readOnly = join(base, 'read-only');
  await mkdir(readOnly);
  await chmod(readOnly, 0o555);
  const cases: Array<[string, RegExp]> = [
    [file, /a-file is a file, not a folder/],
    [join(file, 'below'), /a-file is a file, so nothing can be created below it/],
    [join(readOnly, 'cache'), /read-only|not writable/],
    ['/proc/self/painterly', /inside \/proc, a kernel filesystem/],
    ['/sys/kernel/painterly', /inside \/sys, a kernel filesystem/],
  ];
  for (const [home, problem] of cases) {
    const env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: SHARED_MODELS };
    const run = await runCli(['models', 'download', 'udnie'], { env });
    assert.equal(run.code, 1, `${home}: ${run.stderr}`);
    assert.match(run.stderr, problem);
    assert.match(run.stderr, /PAINTERLY_HOME=.* cannot be used: .*Set PAINTERLY_HOME to a writable folder/);
    assert.doesNotMatch(run.stderr, /unexpected error/);
    assert.doesNotMatch(run.stderr + run.stdout, /downloading udnie|MB\/s/i, `${home}: refused before any transfer`);
  }
  const stylize = await runCli(['stylize', join(SHARED_IMAGES, 'content', 'coffee_cup.jpg'), '--model', 'udnie', '-o', join(base, 'o.png')], {
    env: { PAINTERLY_HOME: '/proc/self/painterly', PAINTERLY_MODEL_MIRROR: SHARED_MODELS },
  });
  assert.equal(stylize.code, 1, stylize.stderr);
  assert.match(stylize.stderr, /inside \/proc/);
  const list = await runCli(['models', 'list'], { env: { PAINTERLY_HOME: file } });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /warning: PAINTERLY_HOME=.*is a file/);
});

test('a full disk is blamed on the disk, not on the mirror; a mirror without the file says so', async (t) => {
  const dir = await tempDir(t);
  const source = join(dir, 'source.bin');
  const body = randomBytes(10_000);
  await writeFile(source, body);
  const destination = join(dir, 'cache', 'w.bin');
  await mkdir(join(dir, 'cache'));
  if (existsSync('/dev/full')) {
    // The resumable .part points at /dev/full: every write into it fails with ENOSPC.
    await symlink('/dev/full', `${destination}.part`);
    await assert.rejects(
      downloadFile({ url: source, destination, checksum: sha256(body), expectedBytes: body.length }),
      (error) => {
        expectError('OUTPUT_NOT_WRITABLE', /disk is full/, /ENOSPC/, /Free at least 1 MB/, /PAINTERLY_HOME/)(error);
        assert.doesNotMatch((error as Error).message, /mirror/i);
        return true;
      },
    );
    await rm(`${destination}.part`, { force: true });
  }
  await assert.rejects(
    downloadFile({ url: join(dir, 'missing.bin'), destination, checksum: sha256(body) }),
    expectError('DOWNLOAD_FAILED', /model mirror \(PAINTERLY_MODEL_MIRROR\) has no file .*missing\.bin/),
  );
});

test('an unknown model name exits 2 listing the valid names', async (t) => {
  const env = { PAINTERLY_HOME: await tempDir(t) };
  const run = await runCli(['models', 'download', 'monet'], { env });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /Unknown model "monet"\. Known models: vgg19, vgg16, darknet-tiny, la_muse, .*udnie.*\. Or use `all`\./);
});

test('darknet-tiny downloads from the mirror as a folder of model.json + 31 shards, verified, listed with its licence', { skip: noShared }, async (t) => {
  const home = await tempDir(t);
  const env = { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: SHARED_MODELS };
  const run = await runCli(['models', 'download', 'darknet-tiny'], { env });
  assert.equal(run.code, 0, run.stderr);
  const dir = await ensureModel('darknet-tiny', { env, offline: true });
  assert.equal(dir, join(home, 'models', 'darknet', 'tiny'));
  const names = await readdir(dir);
  assert.equal(names.length, 32);
  assert.ok(names.includes('model.json') && names.includes('group31-shard1of1'));
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
  assert.equal(manifest.weightsManifest.flatMap((group) => group.paths).length, 31);
  assert.equal(await isCached('darknet-tiny', { env, verifyChecksums: true }), true);
  const entry = findModel('darknet-tiny');
  assert.equal(entry.files[1]?.url, 'https://raw.githubusercontent.com/ml5js/ml5-data-and-models/main/models/darknetclassifier/darknettiny/group1-shard1of1');
  const list = await runCli(['models', 'list'], { env });
  assert.match(list.stdout, /^darknet-tiny\s+cached\s+4\.2 MB\s+Tiny Darknet/m);
  assert.match(list.stdout, /^darknet-tiny: .*ml5\.js.*MIT/m);
});

test('a cached vgg19 that fails its MD5 is refused by stylize naming --force', async (t) => {
  const home = await tempDir(t);
  const cached = join(home, 'models', 'vgg19', 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5');
  await mkdir(join(home, 'models', 'vgg19'), { recursive: true });
  await writeFile(cached, '');
  await truncate(cached, findModel('vgg19').files[0]!.bytes); // right size, wrong bytes
  const content = join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg');
  const run = await runCli(['stylize', content, '--style', content, '--size', '32', '-n', '1', '-o', join(home, 'o.png')], { env: { PAINTERLY_HOME: home } });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /Model "vgg19" in the cache is damaged: vgg19_weights_tf_dim_ordering_tf_kernels_notop\.h5 .*`painterly models download vgg19 --force`/);
  assert.equal(existsSync(join(home, 'o.png')), false);
});

test('a lock of another host is waited for while it is fresh and taken over once silent for 30 s', { timeout: 30_000 }, async (t) => {
  const body = randomBytes(1_000);
  const server = await startModelFileServer({ '/m/w.bin': body });
  t.after(() => server.close());
  const home = await tempDir(t);
  const env = { PAINTERLY_HOME: home };
  const registry: ModelEntry[] = [{ ...findModel('udnie'), files: [{ name: 'w.bin', bytes: body.length, checksum: sha256(body), url: `${server.baseUrl}/m/w.bin` }] }];
  const lockPath = join(home, 'models', '.locks', 'udnie.lock');
  await mkdir(join(home, 'models', '.locks'), { recursive: true });
  await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'another-host.example', token: 'theirs', startedMs: 0, processStartedMs: 0 }));
  const owner = { model: 'udnie', pid: 1, host: 'another-host.example', token: 'theirs', startedMs: 0, processStartedMs: 0 };
  /** Starts a download and resolves with its first wait, or fails if it settles without waiting. */
  const startWaiting = (signal?: AbortSignal): { done: Promise<string>; waited: Promise<unknown> } => {
    let hasWaited = false;
    let waited!: (event: unknown) => void;
    const onWait = new Promise<unknown>((resolve) => (waited = resolve));
    const done = ensureModel('udnie', { env, registry, signal, onWait: (event) => ((hasWaited = true), waited(event)) });
    const settledFirst = done.then(
      () => assert.ok(hasWaited, 'downloaded despite a fresh lock of another host'),
      (error: unknown) => assert.ok(hasWaited, `failed before waiting: ${String(error)}`),
    );
    return { done, waited: Promise.race([onWait, settledFirst.then(() => onWait)]) };
  };
  // A cancelled waiter: it waited (the lock is fresh), downloaded nothing, and stops on abort.
  const controller = new AbortController();
  const cancelled = startWaiting(controller.signal);
  assert.deepEqual(await cancelled.waited, owner);
  assert.equal(server.requests.length, 0, 'a fresh foreign lock is respected');
  controller.abort();
  await assert.rejects(cancelled.done, expectError('ABORTED'));
  // A patient waiter: it waits while the lock is fresh, and takes it over once the lock has been silent for 30 s.
  const patient = startWaiting();
  assert.deepEqual(await patient.waited, owner);
  assert.equal(server.requests.length, 0, 'still respected');
  const silentSince = Date.now() / 1000 - 31;
  await utimes(lockPath, silentSince, silentSince);
  await patient.done;
  assert.equal(server.requests.length, 1);
  assert.deepEqual(await leftovers(home), []);
});
