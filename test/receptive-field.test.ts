/**
 * Receptive fields of the VGG19 layers (src/engine/visualize/receptive-field.ts): against values
 * computed by hand, and against what the real forward graph does (which input columns can change
 * an activation), with average and with max pooling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pooling } from '../src/engine/network/types.js';
import { CAFFE_MEAN_BGR } from '../src/engine/vgg/architecture.js';
import { VGG19, VGG19_CONV_LAYERS, vgg19Table } from '../src/engine/vgg/architecture.js';
import type { ConvWeights, NetworkWeights } from '../src/engine/network/types.js';
import { ACTIVATION_GRAPH_INPUT, ACTIVATION_GRAPH_OUTPUT, buildActivationGraph } from '../src/engine/visualize/activation-graph.js';
import { patchBox, receptiveFields, receptiveField, suppressionRadius } from '../src/engine/visualize/receptive-field.js';
import { createOrtRuntime } from '../src/node/ort-runtime.js';

/**
 * By hand, with r_out = r_in + (k − 1)·j_in, j_out = j_in·s, start_out = start_in − pad·j_in:
 * conv (k 3, s 1, pad 1) adds 2·j and moves the start by −j; pool (k 2, s 2, pad 0) adds j and doubles j.
 *   conv1_1: r 1 + 2 = 3,        j 1,  start −1
 *   conv1_2: r 3 + 2 = 5,        j 1,  start −2
 *   pool:    r 5 + 1 = 6,        j 2,  start −2
 *   conv2_1: r 6 + 2·2 = 10,     j 2,  start −2 − 2 = −4
 *   conv2_2: r 10 + 4 = 14,      j 2,  start −6
 *   pool:    r 14 + 2 = 16,      j 4,  start −6
 *   conv3_1: r 16 + 8 = 24,      j 4,  start −10
 *   conv3_2 … conv3_4: 32, 40, 48 (start −14, −18, −22)
 *   pool:    r 48 + 4 = 52,      j 8,  start −22
 *   conv4_1: r 52 + 16 = 68,     j 8,  start −30
 *   conv4_2 … conv4_4: 84, 100, 116 (start −38, −46, −54)
 *   pool:    r 116 + 8 = 124,    j 16, start −54
 *   conv5_1: r 124 + 32 = 156,   j 16, start −70
 *   conv5_2 … conv5_4: 188, 220, 252 (start −86, −102, −118)
 */
const HAND_COMPUTED: ReadonlyArray<[layer: string, sizePx: number, jumpPx: number, startPx: number]> = [
  ['conv1_1', 3, 1, -1],
  ['conv1_2', 5, 1, -2],
  ['conv2_1', 10, 2, -4],
  ['conv2_2', 14, 2, -6],
  ['conv3_1', 24, 4, -10],
  ['conv3_2', 32, 4, -14],
  ['conv3_3', 40, 4, -18],
  ['conv3_4', 48, 4, -22],
  ['conv4_1', 68, 8, -30],
  ['conv4_2', 84, 8, -38],
  ['conv4_3', 100, 8, -46],
  ['conv4_4', 116, 8, -54],
  ['conv5_1', 156, 16, -70],
  ['conv5_2', 188, 16, -86],
  ['conv5_3', 220, 16, -102],
  ['conv5_4', 252, 16, -118],
];

test('receptive field size, jump and start match the hand-computed table for all 16 layers', () => {
  assert.equal(receptiveFields(VGG19).length, 16);
  for (const [layer, sizePx, jumpPx, startPx] of HAND_COMPUTED) {
    assert.deepEqual(receptiveField(VGG19, layer), { layer, sizePx, jumpPx, startPx }, layer);
  }
  assert.throws(() => receptiveField(VGG19, 'conv6_1'), /conv1_1 … conv5_4/);
});

test('patchBox places the field in image pixels, extending past the borders near them', () => {
  assert.deepEqual(patchBox(VGG19, 'conv1_1', 0, 5), { left: -1, top: 4, width: 3, height: 3 });
  assert.deepEqual(patchBox(VGG19, 'conv1_1', 10, 20), { left: 9, top: 19, width: 3, height: 3 });
  // conv2_1 position (3, 3): 2·3 − 4 = 2 … 11, centred on pixel 6.5 = 2·3 + 0.5.
  assert.deepEqual(patchBox(VGG19, 'conv2_1', 3, 3), { left: 2, top: 2, width: 10, height: 10 });
  assert.deepEqual(patchBox(VGG19, 'conv3_1', 0, 1), { left: -10, top: -6, width: 24, height: 24 });
  assert.deepEqual(patchBox(VGG19, 'conv5_1', 13, 0), { left: 13 * 16 - 70, top: -70, width: 156, height: 156 });
});

test('the suppression radius is half a receptive field in activation positions, rounded up', () => {
  // ceil(size / jump / 2): 3/1/2 → 2, 10/2/2 → 3, 14/2/2 → 4, 24/4/2 → 3, 68/8/2 → 5, 252/16/2 → 8.
  const expected: Record<string, number> = { conv1_1: 2, conv1_2: 3, conv2_1: 3, conv2_2: 4, conv3_1: 3, conv4_1: 5, conv5_4: 8 };
  for (const [layer, radius] of Object.entries(expected)) assert.equal(suppressionRadius(VGG19, layer), radius, layer);
});

/**
 * Independent check through the real graph: with strictly positive kernels and zero biases, an
 * input equal to the ImageNet mean is all zeros after preprocessing, and a bright column p makes an
 * activation at column x positive exactly when p lies in x's receptive field (positive sums, ReLU
 * and both poolings cannot cancel it). So the set of columns that light x up is its field, clipped.
 */
const PROBE_WIDTH = 96;
const PROBE_HEIGHT = 8;
const PROBE_LAYERS = ['conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1', 'conv4_1'];

function positiveWeights(): NetworkWeights {
  const layers = new Map<string, ConvWeights>();
  let inChannels = 3;
  for (const layer of VGG19_CONV_LAYERS.slice(0, 9)) {
    const outChannels = 2;
    const kernel = new Float32Array(9 * inChannels * outChannels).fill(1 / (9 * inChannels));
    layers.set(layer, { kernel, bias: new Float32Array(outChannels), inChannels, outChannels, kernelSize: 3 });
    inChannels = outChannels;
  }
  return { network: vgg19Table([2, 2, 2, 2, 2]), layers, source: 'test:positive', pretrained: false };
}

function columnImage(column: number): Float32Array {
  const plane = PROBE_WIDTH * PROBE_HEIGHT;
  const rgbMean = [CAFFE_MEAN_BGR[2], CAFFE_MEAN_BGR[1], CAFFE_MEAN_BGR[0]];
  const data = new Float32Array(3 * plane);
  for (let channel = 0; channel < 3; channel++) {
    data.fill(rgbMean[channel], channel * plane, (channel + 1) * plane);
    for (let y = 0; y < PROBE_HEIGHT; y++) data[channel * plane + y * PROBE_WIDTH + column] += 100;
  }
  return data;
}

for (const pooling of ['avg', 'max'] as const satisfies readonly Pooling[]) {
  test(`the forward graph with ${pooling} pooling sees exactly the computed receptive field`, async () => {
    const runtime = createOrtRuntime({ threads: 1 });
    const weights = positiveWeights();
    for (const layer of PROBE_LAYERS) {
      const graph = buildActivationGraph({ height: PROBE_HEIGHT, width: PROBE_WIDTH, weights, pooling, layer });
      const [channels, height, width] = graph.dims;
      const session = await runtime.createSession(graph.model);
      const seenBy: number[][] = Array.from({ length: width }, () => []);
      try {
        for (let column = 0; column < PROBE_WIDTH; column++) {
          const out = await session.run({ [ACTIVATION_GRAPH_INPUT]: { data: columnImage(column), dims: [1, 3, PROBE_HEIGHT, PROBE_WIDTH] } });
          const activation = out[ACTIVATION_GRAPH_OUTPUT].data;
          for (let x = 0; x < width; x++) {
            let lit = false;
            for (let c = 0; c < channels && !lit; c++) for (let y = 0; y < height && !lit; y++) lit = activation[(c * height + y) * width + x] > 0;
            if (lit) seenBy[x].push(column);
          }
        }
      } finally {
        await session.release();
      }
      for (const x of [0, Math.floor(width / 2), width - 1]) {
        const box = patchBox(VGG19, layer, x, 0);
        const first = Math.max(0, box.left);
        const last = Math.min(PROBE_WIDTH - 1, box.left + box.width - 1);
        const expected = Array.from({ length: last - first + 1 }, (_, i) => first + i);
        assert.deepEqual(seenBy[x], expected, `${layer} (${pooling}) column ${x}`);
      }
    }
  });
}
