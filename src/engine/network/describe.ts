/** Honest words for which network made a picture, for titles, logs and the studio. */
import type { NetworkWeights } from './types.js';

/** The parts of weights a description needs (events and stored results carry just these). */
export interface WeightsLabel {
  readonly networkName: string;
  readonly source: string;
  readonly pretrained: boolean;
}

/** The label of `weights`. */
export function weightsLabel(weights: NetworkWeights): WeightsLabel {
  return { networkName: weights.network.displayName, source: weights.source, pretrained: weights.pretrained };
}

/**
 * One phrase naming the network and whether its weights are trained; untrained weights say so.
 *
 * @example describeWeights({ networkName: 'Darknet Tiny', source: 'tfjs:/c/darknet/tiny/model.json', pretrained: true }) // → 'Darknet Tiny, ImageNet weights'
 * @example describeWeights({ networkName: 'VGG19', source: 'random:0', pretrained: false }) // → 'VGG19 with untrained random weights (random:0) — not what the ImageNet network learns'
 */
export function describeWeights(label: WeightsLabel): string {
  if (!label.pretrained) return `${label.networkName} with untrained random weights (${label.source}) — not what the ImageNet network learns`;
  return `${label.networkName}, ImageNet weights`;
}
