import type { Pooling } from '../network/types.js';

/** A style layer and its weight λ in J_style = Σ_l λ_l·J_style^l. */
export interface WeightedLayer {
  readonly layer: string;
  readonly weight: number;
}

/** The network-side choices of a Gatys run: which layers the costs read and how the net pools. */
export interface LayerSelection {
  readonly contentLayers: readonly string[];
  readonly styleLayers: readonly WeightedLayer[];
  readonly pooling: Pooling;
}

/** Defaults of the write-up this project follows: content at conv4_2, style over conv1_1…conv5_1 with λ = 0.2 each. */
export const DEFAULT_LAYER_SELECTION: LayerSelection = Object.freeze({
  contentLayers: ['conv4_2'],
  styleLayers: ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'].map((layer) => ({ layer, weight: 0.2 })),
  pooling: 'avg',
});

/** Every layer some cost reads. */
export function neededLayers(selection: LayerSelection): string[] {
  return [...new Set([...selection.contentLayers, ...selection.styleLayers.map((entry) => entry.layer)])];
}
