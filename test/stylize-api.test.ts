/**
 * The library entry point `stylize()` (src/node/stylize.ts): cancellation, memory over repeated runs,
 * and validation errors. Real images from ../shared/images, untrained weights (Darknet Tiny's; VGG19's for memory), 48 px.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPainterlyError, type PainterlyErrorCode } from '../src/engine/errors.js';
import { stylize, type StylizeEvent } from '../src/node/stylize.js';
import { parseStylizeOptions, type StylizeOptionsInput } from '../src/options/stylize-schema.js';
import { REPO_ROOT, SHARED_IMAGES } from './helpers/cli.js';

const CONTENT = join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg');
const STYLE = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
/** Darknet Tiny's untrained weights: no download, a fifth of a second to start (VGG19's take seconds). */
const SMALL_RUN: StylizeOptionsInput = { content: CONTENT, styles: [STYLE], network: 'darknet-tiny', weights: 'random', size: 48, iterations: 3 };
/** The memory test runs VGG19: a leaked session set of it holds tens of MB, which the tolerance below catches. */
const MEMORY_RUN: StylizeOptionsInput = { ...SMALL_RUN, network: 'vgg19' };

/** The engine checks the signal before every iteration (~30 ms at 48 px); 2 s allows a loaded machine. */
const ABORT_DEADLINE_MS = 2_000;
/**
 * Runs in the memory child; the first two warm up (ONNX Runtime, sharp and V8 caches fill once).
 * Checked against a simulated leak (sessions never released): RSS then grew ~186 MB per run, so the
 * two runs measured after run 2 added 372 MB (2026-12-07, with the 48 px run's convolutions all
 * direct; each run costs ~2.5 CPU s, the child ~10).
 */
const MEMORY_RUNS = 4;
/**
 * Allowed RSS growth from after run 2 to after the last run. One run builds ONNX sessions holding
 * VGG19 weights up to conv5_1 (~40 MB of float32, plus the serialized model): a leaked run keeps
 * well over 60 MB alive, so the two leaked runs after run 2 would add well over 120 MB. With glibc's mmap threshold
 * pinned (see the child's env) RSS measured flat within ~5 MB over 12 runs; 60 MB leaves room for
 * allocator noise while still catching one leaked session set.
 */
const RSS_GROWTH_TOLERANCE_MB = 60;
/** JS heap + ArrayBuffers after gc measured flat within 0.5 MB per run; 8 MB catches leaked image buffers. */
const JS_GROWTH_TOLERANCE_MB = 8;

async function rejectsWithCode(promise: Promise<unknown>, code: PainterlyErrorCode, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

test('an AbortSignal aborted at the first iteration rejects promptly with ABORTED', async () => {
  const controller = new AbortController();
  const iterations: number[] = [];
  let abortedAtMs = 0;
  const onProgress = (event: StylizeEvent): void => {
    if (event.type !== 'iteration') return;
    iterations.push(event.iteration);
    if (!controller.signal.aborted) {
      abortedAtMs = Date.now();
      controller.abort();
    }
  };
  await rejectsWithCode(stylize({ ...SMALL_RUN, iterations: 2000 }, { onProgress, signal: controller.signal }), 'ABORTED', /cancelled/);
  const latencyMs = Date.now() - abortedAtMs;
  assert.ok(latencyMs < ABORT_DEADLINE_MS, `rejected ${latencyMs} ms after abort()`);
  assert.ok(iterations.length <= 2, `no iterations after the abort: saw ${iterations.join(',')}`);
});

test('a signal aborted before the call rejects with ABORTED without running', async () => {
  const events: string[] = [];
  await rejectsWithCode(stylize(SMALL_RUN, { signal: AbortSignal.abort(), onProgress: (event) => events.push(event.type) }), 'ABORTED');
  assert.deepEqual(events, []);
});

test('invalid options come back as INVALID_OPTION worded "Expected … for ⟨key⟩ but received …", with error.option the key', async () => {
  const cases: Array<[Partial<StylizeOptionsInput> | Record<string, unknown>, string, RegExp]> = [
    [{ size: 5 }, 'size', /^Expected a number ≥ 16 for size but received 5\.$/],
    [{ noiseRatio: 2 }, 'noiseRatio', /^Expected a number ≤ 1 for noiseRatio but received 2\.$/],
    [{ iterations: 2.5 }, 'iterations', /^Expected a whole number for iterations but received 2\.5\.$/],
    [{ pooling: 'median' }, 'pooling', /^Expected one of avg, max for pooling but received "median"\.$/],
    [{ styles: [] }, 'styles', /^Expected at least one value for styles but received nothing\.$/],
    [{ network: 'vgg19', styleLayers: ['conv1_1', 'conv9_9'] }, 'styleLayers', /^Expected a VGG19 layer name \(conv1_1 … conv5_4\) for styleLayers but received "conv9_9"\.$/],
    [{ styleBlendWeights: [3, 1] }, 'styleBlendWeights', /^Expected one weight per style image \(1 style, 2 weights\) for styleBlendWeights but received 3,1\.$/],
    [{ init: 'image' }, 'initImage', /^Expected an image path when the start image is chosen \(init image\) for initImage but received nothing\.$/],
  ];
  for (const [override, option, message] of cases) {
    await rejectsWithCode(stylize({ ...SMALL_RUN, ...override } as StylizeOptionsInput), 'INVALID_OPTION', message);
    await assert.rejects(stylize({ ...SMALL_RUN, ...override } as StylizeOptionsInput), (error: unknown) => isPainterlyError(error) && error.option === option);
    assert.doesNotMatch(message.source, /--/, 'library messages name no CLI flag');
  }
});

test('options validated at the caller\'s edge run as they are; raw and validated options give the same picture', async () => {
  const validated = parseStylizeOptions({ ...SMALL_RUN, iterations: 2 });
  assert.equal(parseStylizeOptions(validated), validated, 'validated options are not parsed again');
  // A worker thread receives a structured clone: it is still recognised as validated.
  assert.deepEqual(parseStylizeOptions(structuredClone(validated)), validated);
  const [fromRaw, fromValidated] = [await stylize({ ...SMALL_RUN, iterations: 2 }), await stylize(structuredClone(validated))];
  assert.deepEqual(fromValidated.rgb.data, fromRaw.rgb.data);
});

/** The child of the memory test: runs `stylize` repeatedly and prints memory after each run, after gc. */
const MEMORY_CHILD = `
const { stylize } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src', 'node', 'stylize.ts')).href)});
const options = ${JSON.stringify(MEMORY_RUN)};
const samples = [];
for (let run = 0; run < ${MEMORY_RUNS}; run++) {
  await stylize(options);
  for (let round = 0; round < 3; round++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const usage = process.memoryUsage();
  samples.push({ rssMb: usage.rss / 2 ** 20, jsMb: (usage.heapUsed + usage.arrayBuffers) / 2 ** 20 });
}
process.stdout.write(JSON.stringify(samples));
`;

test(`${MEMORY_RUNS} runs in one process do not grow memory`, async () => {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '--eval', MEMORY_CHILD], {
    cwd: REPO_ROOT,
    // Pin glibc's mmap threshold so freed model buffers go back to the OS: otherwise RSS swings by
    // ±200 MB between runs with the allocator's moving threshold, and says nothing about leaks.
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '65536', MALLOC_ARENA_MAX: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  const samples = JSON.parse(stdout) as Array<{ rssMb: number; jsMb: number }>;
  assert.equal(samples.length, MEMORY_RUNS);
  const shown = samples.map((sample) => `${sample.rssMb.toFixed(0)}/${sample.jsMb.toFixed(1)}`).join(' ');
  // The larger of the last two readings: the allocator sometimes hands a block back to the OS at the
  // very end, and one low reading must not hide growth.
  const last = samples.slice(-2);
  const rssGrowth = Math.max(...last.map((sample) => sample.rssMb)) - samples[1].rssMb;
  const jsGrowth = Math.max(...last.map((sample) => sample.jsMb)) - samples[1].jsMb;
  assert.ok(rssGrowth < RSS_GROWTH_TOLERANCE_MB, `RSS grew ${rssGrowth.toFixed(1)} MB after run 2 (RSS/JS MB per run: ${shown})`);
  assert.ok(jsGrowth < JS_GROWTH_TOLERANCE_MB, `JS heap + buffers grew ${jsGrowth.toFixed(1)} MB after run 2 (RSS/JS MB per run: ${shown})`);
});
