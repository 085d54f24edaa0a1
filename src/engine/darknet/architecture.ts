/**
 * Tiny Darknet (Joseph Redmon's ImageNet classifier, 1.0 M weights), as ml5.js publishes it in
 * TF.js layers format: 3×3 and 1×1 convolutions, each with BatchNorm (folded into the convolution
 * on load) and LeakyReLU(0.1), 2×2 max pooling with `same` padding, on RGB input scaled to 0–1.
 * Layers are named conv1 … conv16 in forward order; conv16 is the classifier (1000 logits, no
 * activation), so feature costs read conv1 … conv15.
 */
import { chainLayers } from '../network/layers.js';
import type { Activation, NetworkTable } from '../network/types.js';

const LEAKY: Activation = { kind: 'leaky-relu', alpha: 0.1 };

/** [kernel, outChannels, pooled before] per convolution, from the published model.json. */
const LAYERS: ReadonlyArray<readonly [number, number, boolean]> = [
  [3, 16, false],
  [3, 32, true],
  [1, 16, true], [3, 128, false], [1, 16, false], [3, 128, false],
  [1, 32, true], [3, 256, false], [1, 32, false], [3, 256, false],
  [1, 64, true], [3, 512, false], [1, 64, false], [3, 512, false], [1, 128, false],
  [1, 1000, false],
];

/** The Tiny Darknet table, conv1 … conv16 (conv16: the logits). */
export const DARKNET_TINY: NetworkTable = {
  id: 'darknet-tiny',
  displayName: 'Darknet Tiny',
  layers: chainLayers(
    LAYERS.map(([kernelSize, outChannels, pooledBefore], index) => ({
      name: `conv${index + 1}`,
      kernelSize,
      outChannels,
      activation: index === LAYERS.length - 1 ? { kind: 'none' } : LEAKY,
      pooledBefore,
    })),
  ),
  preprocessing: { channelOrder: 'rgb', scale: 1 / 255, mean: [0, 0, 0] },
  poolPadding: 'same',
};
