/**
 * WebGPU rows of `npm run bench`. With PAINTERLY_GPU=1 they run on the machine's own Vulkan GPU and
 * are GPU times (the targets: VGG19 512 px ≤ 15 s for 500 iterations, a fast preset at
 * 1024 px ≤ 100 ms). Otherwise they run on SwiftShader (Debian chromium's software Vulkan) when it is
 * there, at small sizes: those times are a CPU emulating a GPU, for correctness only, never GPU times.
 * `wallMs` includes compiling every shader (SwiftShader: tens of seconds per graph).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { buildFastStyleGraph } from '../src/engine/fast/network-graph.js';
import { createRgbImage } from '../src/engine/image.js';
import { readFastStyleCheckpoint } from '../src/node/fast-checkpoint.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { darknetBenchNetwork, painterlySecondsPerIteration, VGG19_BENCH } from './gatys-bench.js';

/** Debian chromium's SwiftShader Vulkan driver manifest. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** One WebGPU row. */
export interface WebGpuBenchRow {
  readonly what: string;
  readonly sizePx: number;
  /** The row's whole wall time: session, shader compilation, warm-up and timed runs. */
  readonly wallMs: number;
  /** Median of the timed runs after it (one Gatys iteration, or one preset pass). */
  readonly medianMs: number;
}

/** The rows and what ran them; null when neither a GPU was asked for nor SwiftShader is installed. */
export interface WebGpuBench {
  readonly device: 'gpu' | 'swiftshader';
  readonly rows: readonly WebGpuBenchRow[];
}

/** Runs the WebGPU rows (PAINTERLY_GPU=1: the real GPU at full sizes; else SwiftShader at small ones). */
export async function benchWebGpu(env: NodeJS.ProcessEnv = process.env): Promise<WebGpuBench | null> {
  const onGpu = env.PAINTERLY_GPU === '1';
  if (!onGpu) {
    if (!existsSync(SWIFTSHADER_ICD)) return null;
    env.VK_DRIVER_FILES = SWIFTSHADER_ICD; // before the first WebGPU session: Dawn reads the drivers once
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  const threads = availableParallelism();
  const runtime = createOrtRuntime({ provider: 'webgpu', threads });
  const rows: WebGpuBenchRow[] = [];
  const presetPx = onGpu ? 1024 : 128;
  const udnie = await readFastStyleCheckpoint(new URL('../../shared/models/fast-style/udnie', import.meta.url).pathname);
  const graph = buildFastStyleGraph(udnie, { height: presetPx, width: presetPx });
  const image = createRgbImage(presetPx, presetPx, new Float32Array(3 * presetPx * presetPx).map((_, i) => 128 + 100 * Math.sin(i * 0.013)));
  const feeds = { [graph.inputName]: { data: image.data, dims: [...graph.dims] } };
  let started = performance.now();
  const session = await runtime.createSession(graph.model);
  try {
    await session.run(feeds);
    const times: number[] = [];
    for (let i = 0; i < (onGpu ? 10 : 3); i++) {
      const runStarted = performance.now();
      await session.run(feeds);
      times.push(performance.now() - runStarted);
    }
    rows.push({ what: 'fast preset udnie, network', sizePx: presetPx, wallMs: performance.now() - started, medianMs: median(times) });
  } finally {
    await session.release();
  }
  const [gatysPx, network, name] = onGpu ? [512, VGG19_BENCH(), 'Gatys iteration, VGG19'] : [64, await darknetBenchNetwork(), 'Gatys iteration, Darknet Tiny'];
  started = performance.now();
  const secondsPerIteration = await painterlySecondsPerIteration(gatysPx, onGpu ? 10 : 2, threads, 'auto', network, runtime);
  rows.push({ what: name, sizePx: gatysPx, wallMs: performance.now() - started, medianMs: 1000 * secondsPerIteration });
  return { device: onGpu ? 'gpu' : 'swiftshader', rows };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

