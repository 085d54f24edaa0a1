/**
 * Where Winograd F(4×4, 3×3) starts to beat ONNX Runtime's direct Conv, by the layer's size: a chain
 * of four 3×3 convolutions (C → C channels, H × W) run both ways in the same process, median of
 * repeated runs, and the sessions' creation time. `useWinograd('auto', …)` takes its size threshold
 * from this (docs/engine.md, "When Winograd pays").
 *
 *   node --import tsx bench/winograd-crossover.ts [threads]
 */
import { performance } from 'node:perf_hooks';
import { GraphBuilder } from '../src/engine/onnx/graph-builder.js';
import { emitWinogradConv3x3 } from '../src/engine/network/winograd.js';
import { createRng } from '../src/engine/random.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';

const LAYERS = 4;
const threads = Number(process.argv[2] ?? 2);
const runtime = createOrtRuntime({ threads });

function chain(channels: number, side: number, winograd: boolean, kernel: Float32Array, bias: Float32Array): Uint8Array {
  const graph = new GraphBuilder('chain');
  let value = graph.input('x', [1, channels, side, side]);
  for (let layer = 0; layer < LAYERS; layer++) {
    if (winograd) {
      value = emitWinogradConv3x3(graph, value, [channels, side, side], { kernel: (sink) => sink(kernel, 0), outChannels: channels, inChannels: channels, bias }, `conv${layer}`);
    } else {
      const k = graph.initializer(`k${layer}`, kernel, [channels, channels, 3, 3]);
      const b = graph.initializer(`b${layer}`, bias, [channels]);
      value = graph.op('Conv', [value, k, b], { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } });
    }
    value = graph.op('Relu', [value]);
  }
  graph.output(value, 'y', [1, channels, side, side]);
  return graph.toModel();
}

async function time(model: Uint8Array, input: Float32Array, channels: number, side: number): Promise<{ createMs: number; runMs: number }> {
  const start = performance.now();
  const session = await runtime.createSession(model);
  const createMs = performance.now() - start;
  const feeds = { x: { data: input, dims: [1, channels, side, side] } };
  for (let warm = 0; warm < 3; warm++) await session.run(feeds);
  const samples: number[] = [];
  const deadline = performance.now() + 1500;
  while (samples.length < 5 || (performance.now() < deadline && samples.length < 200)) {
    const t = performance.now();
    await session.run(feeds);
    samples.push(performance.now() - t);
  }
  await session.release();
  samples.sort((a, b) => a - b);
  return { createMs, runMs: samples[samples.length >> 1] };
}

console.log(`threads ${threads}; ${LAYERS} convs + Relu; ms per run (median), session creation ms`);
console.log('channels  side   direct  winograd  ratio   create direct/winograd');
for (const channels of [256, 512]) {
  const rng = createRng(channels);
  const kernel = new Float32Array(channels * channels * 9).map(() => rng.normal() * 0.02);
  const bias = new Float32Array(channels).map(() => rng.normal() * 0.1);
  for (const side of [8, 12, 16, 24, 32, 48, 64]) {
    const input = new Float32Array(channels * side * side).map(() => rng.uniform());
    const direct = await time(chain(channels, side, false, kernel, bias), input, channels, side);
    const winograd = await time(chain(channels, side, true, kernel, bias), input, channels, side);
    console.log(`${String(channels).padStart(8)} ${String(side).padStart(5)} ${direct.runMs.toFixed(2).padStart(8)} ${winograd.runMs.toFixed(2).padStart(9)} ${(direct.runMs / winograd.runMs).toFixed(2).padStart(6)}   ${direct.createMs.toFixed(0)}/${winograd.createMs.toFixed(0)}`);
  }
}
