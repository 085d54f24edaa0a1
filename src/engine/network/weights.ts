/**
 * Checks and makes network weights, for any table: validation against the chain, seeded random
 * (untrained) weights, and BatchNorm folding. Pure TypeScript: no Node imports.
 */
import { PainterlyError } from '../errors.js';
import { createRng } from '../random.js';
import { findLayer } from './layers.js';
import type { ConvWeights, NetworkTable, NetworkWeights } from './types.js';

/**
 * Seeded He-initialised weights for `network` up to `deepestLayer`: kernel ~ N(0, sqrt(2 / (k²·in))),
 * bias 0. Deterministic per seed; layers are drawn in order from one stream, so stopping early
 * leaves the earlier layers unchanged.
 *
 * @example randomNetworkWeights(DARKNET_TINY, 3, 'conv12').source // → 'random:3'
 */
export function randomNetworkWeights(network: NetworkTable, seed: number, deepestLayer: string = network.layers.at(-1)!.name): NetworkWeights {
  const rng = createRng(seed);
  const last = network.layers.indexOf(findLayer(network, deepestLayer));
  const layers = new Map<string, ConvWeights>();
  for (const spec of network.layers.slice(0, last + 1)) {
    const { inChannels, outChannels, kernelSize } = spec;
    const std = Math.sqrt(2 / (kernelSize * kernelSize * inChannels));
    const kernel = new Float32Array(kernelSize * kernelSize * inChannels * outChannels);
    rng.fillNormal(kernel, std);
    layers.set(spec.name, { kernel, bias: new Float32Array(outChannels), inChannels, outChannels, kernelSize });
  }
  return { network, layers, source: `random:${seed}`, pretrained: false };
}

/**
 * Checks that `weights` hold every layer from the first up to `deepestLayer`, chained correctly
 * (the first takes 3 channels, each layer the previous one's output) with kernels of the table's
 * size and finite values. Throws PainterlyError('WEIGHTS_INVALID') naming the layer and shapes.
 *
 * @example validateNetworkWeights(await readKerasVggWeights(path), 'conv5_1');
 */
export function validateNetworkWeights(weights: NetworkWeights, deepestLayer: string, fix = 'Download them again (the model store replaces a damaged copy), or use untrained weights: `weights=random`.'): void {
  const { network } = weights;
  const deepestIndex = network.layers.indexOf(findLayer(network, deepestLayer, 'deepestLayer'));
  const fail = (layer: string, problem: string): PainterlyError =>
    new PainterlyError('WEIGHTS_INVALID', `${network.displayName} weights from ${weights.source} are invalid: layer ${layer} ${problem}. ${fix}`);
  let expectedIn = 3;
  let previous = 'the RGB input';
  for (const spec of network.layers.slice(0, deepestIndex + 1)) {
    const layer = spec.name;
    const conv = weights.layers.get(layer);
    if (!conv) throw fail(layer, `is missing (needed up to ${deepestLayer}); present: ${[...weights.layers.keys()].join(', ') || 'none'}`);
    const { inChannels, outChannels, kernel, bias, kernelSize: k } = conv;
    if (!Number.isInteger(inChannels) || !Number.isInteger(outChannels) || inChannels < 1 || outChannels < 1) {
      throw fail(layer, `has impossible channel counts in=${inChannels} out=${outChannels}`);
    }
    if (inChannels !== expectedIn) {
      throw fail(layer, `expects ${expectedIn} input channels (the output of ${previous}) but has ${inChannels}; kernel [${k},${k},${inChannels},${outChannels}]`);
    }
    if (k !== spec.kernelSize) throw fail(layer, `has a ${k}×${k} kernel where the network has ${spec.kernelSize}×${spec.kernelSize}`);
    if (kernel.length !== k * k * inChannels * outChannels) {
      throw fail(layer, `has a kernel of ${kernel.length} values, but a ${k}×${k} kernel [${k},${k},${inChannels},${outChannels}] needs ${k * k * inChannels * outChannels}`);
    }
    if (bias.length !== outChannels) throw fail(layer, `has a bias of ${bias.length} values but ${outChannels} output channels`);
    if (!allFinite(kernel) || !allFinite(bias)) throw fail(layer, 'contains NaN or infinite values');
    expectedIn = outChannels;
    previous = layer;
  }
}

/** A BatchNormalization layer's parameters (Keras: y = γ·(x − mean)/√(var + ε) + β), per output channel. */
export interface BatchNormParameters {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly epsilon: number;
}

/**
 * Folds a BatchNorm that follows a convolution into it, in float64:
 * K′[…,o] = K[…,o]·s_o and b′_o = (b_o − mean_o)·s_o + β_o with s_o = γ_o/√(var_o + ε).
 *
 * @example foldBatchNorm(conv, { gamma, beta, mean, variance, epsilon: 0.001 })
 */
export function foldBatchNorm(conv: ConvWeights, norm: BatchNormParameters): ConvWeights {
  const { outChannels } = conv;
  const scale = new Float64Array(outChannels);
  for (let o = 0; o < outChannels; o++) scale[o] = norm.gamma[o] / Math.sqrt(norm.variance[o] + norm.epsilon);
  const kernel = new Float32Array(conv.kernel.length);
  for (let i = 0; i < kernel.length; i++) kernel[i] = conv.kernel[i] * scale[i % outChannels];
  const bias = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) bias[o] = (conv.bias[o] - norm.mean[o]) * scale[o] + norm.beta[o];
  return { ...conv, kernel, bias };
}

function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
