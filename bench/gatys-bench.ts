import type { StyleLossKind } from '../src/engine/gatys/types.js';
/**
 * Seconds per Gatys iteration (one fused ONNX Runtime graph run + Adam step) at 256 and 512 px,
 * against PyTorch on the same costs in the same run (bench/torch_reference.py, when /usr/bin/python3
 * has torch). Square images, full-size random VGG19 (speed does not depend on the weights' values).
 * Target: ≤ 0.2× PyTorch's time per iteration. Also times the engine with every convolution direct
 * (no Winograd), so the Winograd gain is measured in the same run. `benchDarknet` does the same for
 * Darknet Tiny on its real weights (../shared mirror), at its default layers and pooling.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createRgbImage } from '../src/engine/image.js';
import { DEFAULT_LAYER_SELECTION } from '../src/engine/gatys/layer-selection.js';
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import { createOptimizer } from '../src/engine/optimizers/create-optimizer.js';
import { createRng } from '../src/engine/random.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';
import { NETWORKS } from '../src/engine/network/registry.js';
import type { NetworkWeights } from '../src/engine/network/types.js';
import { readTfjsLayersModel } from '../src/node/tfjs-layers-model.js';
import type { LayerSelection } from '../src/engine/gatys/layer-selection.js';
import type { ConvolutionAlgorithm } from '../src/engine/network/winograd.js';
import type { GraphRuntime } from '../src/engine/runtime.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';
import { referenceEnv } from './torch-health.js';

export interface GatysBenchRow {
  sizePx: number;
  painterlySecondsPerIteration: number;
  /** The same engine with `convolution: 'direct'` (ONNX Runtime's own Conv everywhere). */
  directSecondsPerIteration: number;
  torchSecondsPerIteration: number | null;
  ratio: number | null;
}

/** The reference's interpreter (Debian's python3-torch). */
export const PYTHON = '/usr/bin/python3';
/** Untimed iterations before timing, on both sides. */
const WARMUP_ITERATIONS = 2;

/** A network with its cost layers and weights, as the bench runs it. */
export interface BenchNetwork {
  readonly weights: NetworkWeights;
  readonly selection: LayerSelection;
  readonly costWeights: { content: number; style: number; totalVariation: number };
  readonly styleLoss?: StyleLossKind;
}

export const VGG19_BENCH = (): BenchNetwork => ({ weights: randomVggWeights(1), selection: DEFAULT_LAYER_SELECTION, costWeights: { content: 10, style: 40, totalVariation: 1e-3 } });

/** Seconds per Gatys iteration on `runtime` (default: the CPU provider at `threads`), after WARMUP_ITERATIONS untimed ones. */
export async function painterlySecondsPerIteration(sizePx: number, iterations: number, threads: number, convolution: ConvolutionAlgorithm, network: BenchNetwork = VGG19_BENCH(), runtime: GraphRuntime = createOrtRuntime({ threads })): Promise<number> {
  const rng = createRng(sizePx);
  const noise = () => createRgbImage(sizePx, sizePx, new Float32Array(3 * sizePx * sizePx).map(() => 255 * rng.uniform()));
  const content = noise();
  const evaluator = await createGatysLossEvaluator(
    {
      runtime,
      weights: network.weights,
      content,
      styles: [{ image: noise(), weight: 1 }],
      selection: network.selection,
      costWeights: network.costWeights,
      styleLoss: network.styleLoss ?? 'gram',
    },
    { convolution },
  );
  try {
    const pixels = Float32Array.from(content.data);
    const optimizer = createOptimizer('adam', pixels.length, { clampMin: 0, clampMax: 255 });
    const step = async () => {
      const { terms, gradient } = await evaluator.evaluate(pixels);
      optimizer.step(pixels, gradient, terms.loss);
    };
    for (let i = 0; i < WARMUP_ITERATIONS; i++) await step(); // not timed: the first two runs allocate (each ~2× slower here)
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await step();
    return (performance.now() - started) / 1000 / iterations;
  } finally {
    await evaluator.release();
  }
}

function torchSecondsPerIteration(sizePx: number, iterations: number, threads: number, extraArgs: readonly string[] = []): number | null {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const output = execFileSync(PYTHON, ['bench/torch_reference.py', String(sizePx), String(iterations), String(threads), '--warmup', String(WARMUP_ITERATIONS), ...extraArgs], { encoding: 'utf8', env: referenceEnv() });
  return (JSON.parse(output.trim().split('\n').at(-1)!) as { secondsPerIteration: number }).secondsPerIteration;
}

/** Runs the comparison and returns one row per size. */
export async function benchGatys(sizes: readonly number[] = [256, 512]): Promise<GatysBenchRow[]> {
  const threads = availableParallelism();
  const rows: GatysBenchRow[] = [];
  for (const sizePx of sizes) {
    const iterations = sizePx <= 256 ? 5 : 4;
    const ours = await painterlySecondsPerIteration(sizePx, iterations, threads, 'auto');
    const direct = await painterlySecondsPerIteration(sizePx, iterations, threads, 'direct');
    const torch = torchSecondsPerIteration(sizePx, iterations, threads);
    rows.push({ sizePx, painterlySecondsPerIteration: ours, directSecondsPerIteration: direct, torchSecondsPerIteration: torch, ratio: torch ? ours / torch : null });
  }
  return rows;
}

/** The shared mirror's Darknet Tiny (the bench reads it directly, like the PyTorch side). */
export const DARKNET_MODEL_JSON = new URL('../../shared/models/darknet/tiny/model.json', import.meta.url).pathname;

/** Darknet Tiny rows: real weights, its default layers and pooling, against PyTorch on the same network. */
export async function benchDarknet(sizes: readonly number[] = [256, 512]): Promise<GatysBenchRow[]> {
  const threads = availableParallelism();
  const { defaults } = NETWORKS['darknet-tiny'];
  const network = await darknetBenchNetwork();
  const rows: GatysBenchRow[] = [];
  for (const sizePx of sizes) {
    const iterations = sizePx <= 256 ? 10 : 6;
    const ours = await painterlySecondsPerIteration(sizePx, iterations, threads, 'auto', network);
    const direct = await painterlySecondsPerIteration(sizePx, iterations, threads, 'direct', network);
    const torch = torchSecondsPerIteration(sizePx, iterations, threads, ['--network', 'darknet-tiny', '--pooling', defaults.pooling, '--weights', DARKNET_MODEL_JSON]);
    rows.push({ sizePx, painterlySecondsPerIteration: ours, directSecondsPerIteration: direct, torchSecondsPerIteration: torch, ratio: torch ? ours / torch : null });
  }
  return rows;
}

/** Darknet Tiny as the bench runs it: real weights, its default layers and pooling. */
export async function darknetBenchNetwork(): Promise<BenchNetwork> {
  const { defaults } = NETWORKS['darknet-tiny'];
  const selection: LayerSelection = { contentLayers: defaults.contentLayers, styleLayers: defaults.styleLayers, pooling: defaults.pooling };
  return {
    weights: await readTfjsLayersModel(DARKNET_MODEL_JSON, { deepestLayer: 'conv12' }),
    selection,
    costWeights: { content: defaults.contentWeight, style: defaults.styleWeight, totalVariation: 1e-3 },
  };
}
