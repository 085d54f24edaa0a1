/**
 * The array work a quality run does before its first iteration (docs/testing.md, "Start-up cost of a
 * VGG19 run"), written for speed, against the straightforward formulas it replaced: seeded normals,
 * kernel layouts, Winograd filter transforms and deferred initializers. Each is the same arithmetic
 * in another order, so the tolerance is 0: every value must be bitwise equal (saved results and
 * `random:SEED` weights depend on it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder, type FloatSink } from '../src/engine/onnx/graph-builder.js';
import { onnxBackwardKernel, onnxForwardKernel, writeOnnxKernel } from '../src/engine/network/conv-kernels.js';
import type { ConvWeights } from '../src/engine/network/types.js';
import { winogradFilters, writeWinogradFilters } from '../src/engine/network/winograd.js';
import { createRng } from '../src/engine/random.js';

/** Bitwise equality of two float32 arrays, naming the first differing index. */
function assertSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const [a, b] = [new Uint32Array(actual.buffer, actual.byteOffset, actual.length), new Uint32Array(expected.buffer, expected.byteOffset, expected.length)];
  const index = a.findIndex((bits, i) => bits !== b[i]);
  assert.equal(index, -1, `${what}: index ${index} is ${actual[index]}, expected ${expected[index]}`);
}

test('fillNormal gives the numbers of as many normal() calls, in order, and the stream goes on from there', () => {
  // Odd and even lengths, so a spare Box–Muller value is carried into and out of fillNormal.
  const plan: Array<number | 'normal'> = [7, 'normal', 1, 4, 'normal', 'normal', 0, 3, 1000, 'normal', 5];
  const [fast, slow] = [createRng(123), createRng(123)];
  for (const step of plan) {
    if (step === 'normal') {
      assert.ok(Object.is(fast.normal(), slow.normal()), 'normal() after fillNormal');
      continue;
    }
    const scale = 0.37;
    const filled = new Float32Array(step);
    fast.fillNormal(filled, scale);
    const expected = new Float32Array(step);
    for (let i = 0; i < step; i++) expected[i] = slow.normal() * scale;
    assertSameBits(filled, expected, `fillNormal of ${step}`);
  }
  assert.ok(Object.is(fast.uniform(), slow.uniform()), 'uniform() after fillNormal');
});

/** The old copy: K[y][x][i][o] to `destination(y, x, i, o)`, element by element. */
function rearrangeReference(conv: ConvWeights, destination: (y: number, x: number, i: number, o: number) => number): Float32Array {
  const { kernel, inChannels, outChannels, kernelSize: k } = conv;
  const out = new Float32Array(kernel.length);
  let source = 0;
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++)
      for (let i = 0; i < inChannels; i++)
        for (let o = 0; o < outChannels; o++) out[destination(y, x, i, o)] = kernel[source++];
  return out;
}

for (const [kernelSize, inChannels, outChannels] of [
  [3, 3, 64],
  [3, 7, 5],
  [1, 16, 128],
  [5, 2, 3],
  [3, 20, 37], // blocks of 16 rows and a partial one, both ways
] as const) {
  test(`the ONNX forward and backward kernels are the Keras kernel rearranged: ${kernelSize}×${kernelSize}, ${inChannels}→${outChannels}`, () => {
    const rng = createRng(kernelSize * 1000 + inChannels * 10 + outChannels);
    const kernel = new Float32Array(kernelSize * kernelSize * inChannels * outChannels);
    rng.fillNormal(kernel, 1);
    const conv: ConvWeights = { kernel, bias: new Float32Array(outChannels), inChannels, outChannels, kernelSize };
    const k = kernelSize;
    const forward = rearrangeReference(conv, (y, x, i, o) => ((o * inChannels + i) * k + y) * k + x);
    const backward = rearrangeReference(conv, (y, x, i, o) => ((i * outChannels + o) * k + (k - 1 - y)) * k + (k - 1 - x));
    assertSameBits(onnxForwardKernel(conv), forward, 'forward');
    assertSameBits(onnxBackwardKernel(conv), backward, 'backward');
    // Row by row into the model, the input axis zero-padded (WebGPU's channel alignment): each row of
    // the reference followed by zeros.
    for (const [direction, reference, rows] of [['forward', forward, outChannels], ['backward', backward, inChannels]] as const) {
      const columns = reference.length / rows / (k * k);
      const channels = columns + 3;
      const padded = new Float32Array(rows * channels * k * k);
      for (let r = 0; r < rows; r++) padded.set(reference.subarray(r * columns * k * k, (r + 1) * columns * k * k), r * channels * k * k);
      const written = new Float32Array(padded.length).fill(Number.NaN);
      writeOnnxKernel(conv, direction, channels, (values, offset) => written.set(values, offset));
      assertSameBits(written, padded, `${direction}, padded to ${channels} channels`);
    }
  });
}

/** The old transform, one (out, in) pair at a time: G g Gᵀ with G as in winograd.ts, rows in float64. */
function winogradFiltersReference(kernel: Float32Array, outChannels: number, inChannels: number): Float32Array {
  const pairs = outChannels * inChannels;
  const weights = new Float32Array(36 * pairs);
  const rows = new Float64Array(18);
  const applyG = (x0: number, x1: number, x2: number, out: Float32Array | Float64Array, offset: number, stride: number): void => {
    const even = x0 + x2;
    out[offset] = x0 / 4;
    out[offset + stride] = -(even + x1) / 6;
    out[offset + 2 * stride] = -(even - x1) / 6;
    out[offset + 3 * stride] = x0 / 24 + x1 / 12 + x2 / 6;
    out[offset + 4 * stride] = x0 / 24 - x1 / 12 + x2 / 6;
    out[offset + 5 * stride] = x2;
  };
  for (let pair = 0; pair < pairs; pair++) {
    const g = pair * 9;
    for (let v = 0; v < 3; v++) applyG(kernel[g + v], kernel[g + 3 + v], kernel[g + 6 + v], rows, v, 3);
    for (let a = 0; a < 6; a++) applyG(rows[a * 3], rows[a * 3 + 1], rows[a * 3 + 2], weights, a * 6 * pairs + pair, pairs);
  }
  return weights;
}

// 1 pair, fewer than a block (512), exactly two blocks, and two blocks and a partial one.
for (const [outChannels, inChannels] of [
  [1, 1],
  [5, 7],
  [32, 32],
  [37, 29],
] as const) {
  test(`the blocked Winograd filter transform equals the pair-by-pair one: ${outChannels}×${inChannels} filters`, () => {
    const rng = createRng(outChannels * 100 + inChannels);
    const kernel = new Float32Array(outChannels * inChannels * 9);
    rng.fillNormal(kernel, 0.2);
    const expected = winogradFiltersReference(kernel, outChannels, inChannels);
    assertSameBits(winogradFilters(kernel, outChannels, inChannels), expected, 'winogradFilters');
    // Through the sinks, as the model writer takes them: the kernel one output channel at a time
    // (as writeOnnxKernel hands it over), in reverse order; every element written exactly once.
    const written = new Float32Array(expected.length).fill(Number.NaN);
    let count = 0;
    const rowLength = inChannels * 9;
    const rows = (filters: FloatSink): void => {
      for (let o = outChannels - 1; o >= 0; o--) filters(kernel.subarray(o * rowLength, (o + 1) * rowLength), o * rowLength);
    };
    writeWinogradFilters(rows, outChannels, inChannels, (values, offset) => {
      assert.ok(written.subarray(offset, offset + values.length).every(Number.isNaN), `values at ${offset} written twice`);
      written.set(values, offset);
      count += values.length;
    });
    assert.equal(count, expected.length);
    assertSameBits(written, expected, 'writeWinogradFilters');
  });
}

test('a deferred initializer serialises the same bytes as the array it writes, piece by piece and in any order', () => {
  const values = new Float32Array(1000);
  createRng(5).fillNormal(values, 3);
  const build = (add: (graph: GraphBuilder) => string): Uint8Array => {
    const graph = new GraphBuilder('deferred');
    const x = graph.input('x', [1000]);
    graph.output(graph.op('Add', [x, add(graph)]), 'y', [1000]);
    return graph.toModel();
  };
  const eager = build((graph) => graph.initializer('w', values, [1000]));
  let calls = 0;
  const deferred = build((graph) =>
    graph.deferredInitializer('w', [1000], (sink) => {
      calls++;
      sink(values.subarray(600), 600);
      sink(values.subarray(0, 1), 0);
      sink(values.subarray(1, 600), 1);
    }),
  );
  assert.equal(calls, 1, 'computed once, when serialised');
  assert.deepEqual(deferred, eager);
  // A filler that overruns the tensor, or writes too little, is a bug the writer reports.
  assert.throws(() => build((graph) => graph.deferredInitializer('w', [1000], (sink) => sink(values, 1))), /outside its 1000 elements/);
  assert.throws(() => build((graph) => graph.deferredInitializer('w', [1000], (sink) => sink(values.subarray(1), 1))), /expected 4000 bytes, got 3996/);
});
