/**
 * Times a fast-style network on one image and prints one JSON object.
 *
 *   npx tsx bench/fast-bench.ts                              # udnie, 512 px, 2 warm-ups, 7 timed runs
 *   npx tsx bench/fast-bench.ts --size 768 --runs 5 --preset wave --threads 2
 *   npx tsx bench/fast-bench.ts --profile                    # + ONNX Runtime profile, top operators by time
 *
 * Reads presets from ../shared/models/fast-style/<preset> (or --dir). Session creation, warm-up and
 * timed runs are reported separately; `medianMs` (wall) is the number to compare against the 1 s target;
 * `cpuMedianMs` (CPU time of all threads) helps when other processes share the machine (`loadAverage1m`).
 * `variants.fixedStatistics` times the graph tiled runs use (norms folded into the convs).
 * Profiles go to bench/results/ (ignored by git).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import type { FastStyleCheckpoint } from '../src/engine/fast/checkpoint.js';
import { buildFastStyleGraph, type FastNormalization, type FastStyleGraph } from '../src/engine/fast/network-graph.js';
import { measureFastStatistics } from '../src/engine/fast/tiled-run.js';
import { createRgbImage, type RgbImage } from '../src/engine/image.js';
import { readFastStyleCheckpoint } from '../src/node/fast-checkpoint.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '512' },
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    threads: { type: 'string', default: String(availableParallelism()) },
    preset: { type: 'string', default: 'udnie' },
    dir: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const sizePx = Number(args.size);
const threads = Number(args.threads);
const presetDir = args.dir ?? new URL(`../../shared/models/fast-style/${args.preset}`, import.meta.url).pathname;

/** A deterministic textured test image (timings do not depend on content, but keep it natural-ish). */
function benchImage(size: number): RgbImage {
  const image = createRgbImage(size, size);
  for (let index = 0; index < image.data.length; index++) image.data[index] = 128 + 100 * Math.sin(index * 0.013) * Math.cos(index * 0.00071);
  return image;
}

async function timeSession(graph: FastStyleGraph, image: RgbImage, profilePrefix?: string) {
  let started = performance.now();
  const session = await ort.InferenceSession.create(graph.model, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    ...(profilePrefix ? { enableProfiling: true, profileFilePrefix: profilePrefix } : {}),
  });
  const sessionMs = performance.now() - started;
  const feeds = { [graph.inputName]: new ort.Tensor('float32', image.data, graph.dims) };
  const warmupMs: number[] = [];
  const runsMs: number[] = [];
  const cpuMs: number[] = [];
  for (let run = 0; run < Number(args.warmup) + Number(args.runs); run++) {
    started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outputs = await session.run(feeds);
    const cpu = process.cpuUsage(cpuBefore);
    for (const tensor of Object.values(outputs)) tensor.dispose();
    (run < Number(args.warmup) ? warmupMs : runsMs).push(Math.round(performance.now() - started));
    if (run >= Number(args.warmup)) cpuMs.push(Math.round((cpu.user + cpu.system) / 1000));
  }
  if (profilePrefix) session.endProfiling();
  await session.release();
  // CPU time (all threads) is less sensitive than wall time to other processes on a busy machine.
  return { sessionMs: Math.round(sessionMs), warmupMs, runsMs, medianMs: median(runsMs), cpuMedianMs: median(cpuMs) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Sums the profile's node events by operator type; returns the top ones in ms. */
function topOperators(profileDir: string, prefix: string): Record<string, number> {
  const file = readdirMatching(profileDir, prefix);
  const events = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as { cat: string; dur: number; args?: { op_name?: string } }[];
  const totals = new Map<string, number>();
  for (const event of events) {
    if (event.cat !== 'Node' || !event.args?.op_name) continue;
    totals.set(event.args.op_name, (totals.get(event.args.op_name) ?? 0) + event.dur / 1000);
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([op, ms]) => [op, Math.round(ms)]));
}

function readdirMatching(dir: string, prefix: string): string {
  const files = readdirSync(dir).filter((name) => name.startsWith(prefix)).sort();
  return files[files.length - 1];
}

async function main(): Promise<void> {
  let started = performance.now();
  const checkpoint: FastStyleCheckpoint = await readFastStyleCheckpoint(presetDir);
  const loadMs = Math.round(performance.now() - started);
  const image = benchImage(sizePx);
  started = performance.now();
  const graph = buildFastStyleGraph(checkpoint, { height: sizePx, width: sizePx });
  const buildMs = Math.round(performance.now() - started);
  const profileDir = join(new URL('.', import.meta.url).pathname, 'results');
  const prefix = `fast-profile-${args.preset}-${sizePx}`;
  if (args.profile) mkdirSync(profileDir, { recursive: true });
  const instance = await timeSession(graph, image, args.profile ? join(profileDir, prefix) : undefined);
  const statistics = await measureFastStatistics(createOrtRuntime({ threads }), checkpoint, image);
  const fixed: FastNormalization = { kind: 'fixed', statistics };
  const fixedStatistics = await timeSession(buildFastStyleGraph(checkpoint, { height: sizePx, width: sizePx, normalization: fixed }), image);
  const result = {
    preset: args.preset,
    sizePx,
    threads,
    cpus: availableParallelism(),
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
    loadMs,
    buildMs,
    ...instance,
    variants: { fixedStatistics },
    ...(args.profile ? { profileTopOpsMs: topOperators(profileDir, prefix) } : {}),
  };
  console.log(JSON.stringify(result, null, 2));
}

await main();
