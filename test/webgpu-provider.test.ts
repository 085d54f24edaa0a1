/**
 * Every graph kind on ONNX Runtime's WebGPU provider agrees with the CPU provider: the golden
 * problems (VGG19-layout and real Darknet Tiny costs and gradients, direct and Winograd
 * convolutions, the udnie fast preset with and without the sub-pixel rewrite) run on both and are
 * compared within PROVIDER_TOLERANCE. The WebGPU sessions are created with CPU fallback disabled,
 * so a node without a WebGPU kernel fails the test instead of running on the CPU unseen.
 * No GPU is needed: SwiftShader (Debian's chromium package) is the Vulkan device here.
 */
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildFastStyleGraph } from '../src/engine/fast/network-graph.js';
import { createGatysLossEvaluator, type CostTerms } from '../src/engine/gatys/loss-evaluator.js';
import type { NetworkWeights } from '../src/engine/network/types.js';
import { emitWinogradConv3x3 } from '../src/engine/network/winograd.js';
import { GraphBuilder } from '../src/engine/onnx/graph-builder.js';
import { createRng } from '../src/engine/random.js';
import type { GraphRuntime } from '../src/engine/runtime.js';
import type { RgbImage } from '../src/engine/image.js';
import { readFastStyleCheckpoint } from '../src/node/fast-checkpoint.js';
import { readImage } from '../src/node/image-io.js';
import { createOrtRuntime, openOrtRuntime } from '../src/node/ort-runtime.js';
import { readTfjsLayersModel } from '../src/node/tfjs-layers-model.js';
import { readKerasVggWeights } from '../src/node/vgg-h5.js';
import { cropImage } from './helpers/fast-images.js';
import { readGolden, REPO_ROOT, type GoldenCase } from './helpers/golden.js';
import { swiftShaderSkip, useSwiftShader } from './helpers/swiftshader.js';

useSwiftShader();

/**
 * Largest allowed |WebGPU − CPU|, as a share of the CPU value's magnitude (a cost) or of the
 * largest magnitude of the CPU tensor (a gradient or an image). Both run float32; WebGPU's shaders
 * sum in another order (tiled matmuls, its own Winograd-free convolutions), and the largest gap
 * seen here was MEASURED_GAP below. 1e-3 leaves ≥ 10× margin, while a wrong layout, padding or
 * op is off by ≳ 1e-1.
 */
const PROVIDER_TOLERANCE = 1e-3;

const cpu = createOrtRuntime({ threads: 1 });
const gpu = createOrtRuntime({ provider: 'webgpu', threads: 1, sessionConfig: { 'session.disable_cpu_ep_fallback': '1' } });
const fromRepo = (path: string) => resolve(REPO_ROOT, path);
let largestGap = 0;

function assertNear(actual: number, expected: number, scale: number, what: string): void {
  const gap = Math.abs(actual - expected) / Math.max(scale, 1e-30);
  largestGap = Math.max(largestGap, gap);
  assert.ok(gap <= PROVIDER_TOLERANCE, `${what}: WebGPU ${actual}, CPU ${expected} (gap ${gap.toExponential(2)} of scale ${scale}, tolerance ${PROVIDER_TOLERANCE})`);
}

function assertTensorNear(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const scale = expected.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < expected.length; i++) {
    const gap = Math.abs(actual[i] - expected[i]);
    if (gap > worst) [worst, at] = [gap, i];
  }
  assertNear(actual[at], expected[at], scale, `${what}[${at}]`);
}

async function evaluateGolden(runtime: GraphRuntime, goldenCase: GoldenCase, weights: NetworkWeights, convolution: 'direct' | 'winograd' | 'auto'): Promise<{ terms: CostTerms; gradient: Float32Array }> {
  const { inputs } = goldenCase;
  const image = async (path: string): Promise<RgbImage> => (await readImage(fromRepo(path))).rgb;
  const evaluator = await createGatysLossEvaluator(
    {
      runtime,
      weights,
      content: await image(inputs.content),
      styles: await Promise.all(inputs.styles.map(async (style) => ({ image: await image(style.image), weight: style.weight }))),
      selection: { contentLayers: inputs.contentLayers, styleLayers: inputs.styleLayers, pooling: inputs.pooling },
      costWeights: { content: inputs.alpha, style: inputs.beta, totalVariation: inputs.gamma },
      styleLoss: 'gram',
    },
    { convolution },
  );
  try {
    return await evaluator.evaluate((await image(inputs.generated)).data);
  } finally {
    await evaluator.release();
  }
}

async function assertProvidersAgree(goldenCase: GoldenCase, weights: NetworkWeights, convolution: 'direct' | 'winograd' | 'auto'): Promise<void> {
  const [onCpu, onGpu] = [await evaluateGolden(cpu, goldenCase, weights, convolution), await evaluateGolden(gpu, goldenCase, weights, convolution)];
  for (const term of ['content', 'style', 'tv', 'loss'] as const) assertNear(onGpu.terms[term], onCpu.terms[term], Math.abs(onCpu.terms[term]), term);
  assertTensorNear(onGpu.gradient, onCpu.gradient, 'gradient');
}

async function runGraph(runtime: GraphRuntime, model: Uint8Array, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Float32Array> {
  const session = await runtime.createSession(model);
  try {
    return Object.values(await session.run(feeds))[0].data;
  } finally {
    await session.release();
  }
}

describe('the WebGPU provider (SwiftShader) agrees with the CPU on every graph kind', { skip: swiftShaderSkip() }, () => {
  it('keeps every node of a graph on WebGPU, and a node without a WebGPU kernel fails the session (the check can fail)', async () => {
    const graph = new GraphBuilder('sign');
    graph.output(graph.op('Sign', [graph.input('x', [4])]), 'y', [4]);
    await assert.rejects(gpu.createSession(graph.toModel()), /fallback to CPU EP has been explicitly disabled/);
  });

  // One case of each golden (SwiftShader compiles every shader on the CPU: a loss graph takes it tens of seconds).
  // VGG19's layout with Winograd convolutions only: direct 3×3 convolutions, forward and backward, are the
  // Darknet Tiny case's (`auto` keeps its 16–64-channel layers direct) and the preset's; the VGG19 case with
  // direct convolutions added ~30 CPU s of shader compiling for no op the other cases lack.
  for (const goldenCase of readGolden('gatys-golden.json').slice(0, 1)) for (const convolution of ['winograd'] as const) {
    it(`VGG19-layout costs and gradient: ${goldenCase.name}, ${convolution} convolutions`, async () => {
      await assertProvidersAgree(goldenCase, await readKerasVggWeights(fromRepo(goldenCase.inputs.weights)), convolution);
    });
  }

  for (const goldenCase of readGolden('darknet-golden.json').slice(0, 1)) {
    it(`real Darknet Tiny costs and gradient: ${goldenCase.name}`, async () => {
      const layers = [...goldenCase.inputs.contentLayers, ...goldenCase.inputs.styleLayers.map((entry) => entry.layer)];
      const deepest = layers.reduce((a, b) => (Number(b.slice(4)) > Number(a.slice(4)) ? b : a));
      await assertProvidersAgree(goldenCase, await readTfjsLayersModel(fromRepo(goldenCase.inputs.weights), { deepestLayer: deepest }), 'auto');
    });
  }

  it('the udnie fast preset, with and without the sub-pixel rewrite (SpaceToDepth as Reshape/Transpose)', async () => {
    const udnie = await readFastStyleCheckpoint(join(REPO_ROOT, '..', 'shared', 'models', 'fast-style', 'udnie'));
    const { rgb } = await readImage(join(REPO_ROOT, 'test', 'fixtures', 'fast-input-33x29.png'));
    for (const subPixel of [true, false]) {
      const input = cropImage(rgb, 0, 0, 28, 20);
      const graph = buildFastStyleGraph(udnie, { height: 20, width: 28, subPixel });
      const feeds = { [graph.inputName]: { data: input.data, dims: [...graph.dims] } };
      assertTensorNear(await runGraph(gpu, graph.model, feeds), await runGraph(cpu, graph.model, feeds), `udnie, subPixel ${subPixel}`);
    }
  });

  it('a Winograd F(4×4,3×3) convolution on an odd size (ConvTranspose with end-only padding)', async () => {
    const [channels, outChannels, height, width] = [16, 8, 21, 18];
    const rng = createRng(3);
    const kernel = new Float32Array(outChannels * channels * 9).map(() => rng.normal() * 0.2);
    const graph = new GraphBuilder('winograd');
    const x = graph.input('x', [1, channels, height, width]);
    graph.output(emitWinogradConv3x3(graph, x, [channels, height, width], { kernel: (filters) => filters(kernel, 0), outChannels, inChannels: channels, bias: new Float32Array(outChannels).fill(1) }, 'layer'), 'y', [1, outChannels, height, width]);
    const feeds = { x: { data: new Float32Array(channels * height * width).map(() => 255 * rng.uniform() - 100), dims: [1, channels, height, width] } };
    const model = graph.toModel();
    assertTensorNear(await runGraph(gpu, model, feeds), await runGraph(cpu, model, feeds), 'Winograd output');
  });

  it('device auto picks WebGPU when a Vulkan device is there (the CUDA provider is not installed)', async () => {
    const notices: string[] = [];
    const runtime = await openOrtRuntime({ device: 'auto', threads: 1, onNotice: (line) => notices.push(line) });
    assert.equal(runtime.provider, 'webgpu');
    assert.deepEqual(notices, []);
  });

  after(() => console.log(`largest WebGPU−CPU gap: ${largestGap.toExponential(2)} (tolerance ${PROVIDER_TOLERANCE})`));
});
