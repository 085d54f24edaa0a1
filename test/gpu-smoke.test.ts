/**
 * The smoke test for a machine with a real GPU: `PAINTERLY_GPU=1 node --import tsx --test test/gpu-smoke.test.ts`.
 * It opens the WebGPU provider on the machine's own Vulkan driver (not SwiftShader), checks that a
 * fast preset at 1024 px and a VGG19 Gatys iteration at 512 px agree with the CPU (PROVIDER_TOLERANCE
 * of test/webgpu-provider.test.ts), and prints their times next to the targets (no timed
 * assertion: times go to `npm run bench`, whose WebGPU rows use the GPU under PAINTERLY_GPU=1).
 * Elsewhere it is skipped with a message: CI has no GPU (SwiftShader covers correctness there).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildFastStyleGraph } from '../src/engine/fast/network-graph.js';
import { DEFAULT_LAYER_SELECTION } from '../src/engine/gatys/layer-selection.js';
import { createGatysLossEvaluator } from '../src/engine/gatys/loss-evaluator.js';
import { createRgbImage } from '../src/engine/image.js';
import { createRng } from '../src/engine/random.js';
import type { GraphRuntime } from '../src/engine/runtime.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';
import { readFastStyleCheckpoint } from '../src/node/fast-checkpoint.js';
import { createOrtRuntime, openOrtRuntime } from '../src/node/ort-runtime.js';
import { REPO_ROOT } from './helpers/golden.js';

const ON_GPU = process.env.PAINTERLY_GPU === '1';
/** As in test/webgpu-provider.test.ts (kept equal by hand: a test file does not import another). */
const PROVIDER_TOLERANCE = 1e-3;

function largestGap(actual: Float32Array, expected: Float32Array): number {
  const scale = expected.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  return actual.reduce((max, value, i) => Math.max(max, Math.abs(value - expected[i])), 0) / scale;
}

describe('on a real GPU (PAINTERLY_GPU=1)', { skip: ON_GPU ? false : 'PAINTERLY_GPU is not 1: no real GPU asked for (CI has none; test/webgpu-provider.test.ts checks the WebGPU path on SwiftShader)' }, () => {
  it('auto picks the GPU; a fast preset at 1024 px agrees with the CPU', async () => {
    const gpu = await openOrtRuntime({ device: 'auto', onNotice: (line) => assert.fail(line) });
    assert.notEqual(gpu.provider, 'cpu');
    const udnie = await readFastStyleCheckpoint(join(REPO_ROOT, '..', 'shared', 'models', 'fast-style', 'udnie'));
    const graph = buildFastStyleGraph(udnie, { height: 1024, width: 1024 });
    const rng = createRng(1);
    const feeds = { [graph.inputName]: { data: new Float32Array(3 * 1024 * 1024).map(() => 255 * rng.uniform()), dims: [...graph.dims] } };
    const run = async (runtime: GraphRuntime, times: number[]) => {
      const session = await runtime.createSession(graph.model);
      try {
        let out: Float32Array = new Float32Array();
        for (let i = 0; i < 4; i++) {
          const started = performance.now();
          out = Object.values(await session.run(feeds))[0].data;
          times.push(performance.now() - started);
        }
        return out;
      } finally {
        await session.release();
      }
    };
    const gpuTimes: number[] = [];
    const gap = largestGap(await run(gpu, gpuTimes), await run(createOrtRuntime(), []));
    console.log(`fast preset 1024 px on ${gpu.provider}: ${gpuTimes.slice(1).map((ms) => ms.toFixed(0)).join(', ')} ms per run (target ≤ 100 ms); gap to the CPU ${gap.toExponential(2)}`);
    assert.ok(gap <= PROVIDER_TOLERANCE, `gap ${gap}`);
  });

  it('a VGG19 Gatys iteration at 512 px agrees with the CPU', async () => {
    const gpu = await openOrtRuntime({ device: 'webgpu' });
    const weights = randomVggWeights(1);
    const rng = createRng(2);
    const noise = () => createRgbImage(512, 512, new Float32Array(3 * 512 * 512).map(() => 255 * rng.uniform()));
    const [content, style, image] = [noise(), noise(), noise()];
    const evaluate = async (runtime: GraphRuntime, times: number[]) => {
      const evaluator = await createGatysLossEvaluator({ runtime, weights, content, styles: [{ image: style, weight: 1 }], selection: DEFAULT_LAYER_SELECTION, costWeights: { content: 10, style: 40, totalVariation: 1e-3 }, styleLoss: 'gram' });
      try {
        let result = await evaluator.evaluate(image.data);
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          result = await evaluator.evaluate(image.data);
          times.push(performance.now() - started);
        }
        return result;
      } finally {
        await evaluator.release();
      }
    };
    const gpuTimes: number[] = [];
    const [onGpu, onCpu] = [await evaluate(gpu, gpuTimes), await evaluate(createOrtRuntime(), [])];
    const perIteration = gpuTimes.reduce((a, b) => a + b) / gpuTimes.length;
    console.log(`VGG19 512 px iteration on webgpu: ${perIteration.toFixed(0)} ms (500 iterations ≈ ${((500 * perIteration) / 1000).toFixed(1)} s; target ≤ 15 s)`);
    assert.ok(Math.abs(onGpu.terms.loss - onCpu.terms.loss) <= PROVIDER_TOLERANCE * Math.abs(onCpu.terms.loss));
    assert.ok(largestGap(onGpu.gradient, onCpu.gradient) <= PROVIDER_TOLERANCE);
  });
});
