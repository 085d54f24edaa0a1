/**
 * The feature networks Painterly knows, each a table plus the defaults a Gatys run uses with it.
 * Defaults were chosen by looking at real results (docs/networks.md); options read them from here.
 */
import { DARKNET_TINY } from '../darknet/architecture.js';
import type { WeightedLayer } from '../gatys/layer-selection.js';
import { VGG19 } from '../vgg/architecture.js';
import type { InitKind } from '../gatys/settings.js';
import type { StyleLossKind } from '../gatys/types.js';
import type { NetworkTable, Pooling } from './types.js';

/** A known network's registry name. */
export type NetworkId = 'vgg19' | 'darknet-tiny';

/** The Gatys defaults of one network: which layers the costs read, and how they are balanced. */
export interface NetworkDefaults {
  readonly contentLayers: readonly string[];
  readonly styleLayers: readonly WeightedLayer[];
  /** α and β of J = α·J_content + β·J_style (+ γ·TV). */
  readonly contentWeight: number;
  readonly styleWeight: number;
  readonly pooling: Pooling;
  /** Where the generated image starts. */
  readonly init: InitKind;
  /** How style layers compare features, and whether their pulls are balanced (gatys/style-balance.ts). */
  readonly styleLoss: StyleLossKind;
  readonly styleBalance: boolean;
}

/** One known network. */
export interface NetworkEntry {
  readonly id: NetworkId;
  readonly table: NetworkTable;
  /** One line for help and `models list`. */
  readonly summary: string;
  readonly defaults: NetworkDefaults;
}

const equalWeights = (layers: readonly string[]): WeightedLayer[] => layers.map((layer) => ({ layer, weight: 1 / layers.length }));

/**
 * neural-style's style layers relu1_1 … relu5_1 with λ_l = (64 / C_l)²: its per-layer cost is
 * 100·‖ΔG‖² / (C·nH·nW)² / C², this project's is β·λ_l·‖ΔG‖² / (2·C·nH·nW)², so β·λ_l = 400 / C_l²
 * (β = 400/64² = 0.09765625 with these λ). Derivation in docs/networks.md.
 */
export const NEURAL_STYLE_LAYERS: readonly WeightedLayer[] = Object.freeze(
  (
    [
      ['conv1_1', 64],
      ['conv2_1', 128],
      ['conv3_1', 256],
      ['conv4_1', 512],
      ['conv5_1', 512],
    ] as const
  ).map(([layer, channels]) => ({ layer, weight: (64 / channels) ** 2 })),
);

/** The known networks, by registry name. */
export const NETWORKS: Readonly<Record<NetworkId, NetworkEntry>> = Object.freeze({
  vgg19: {
    id: 'vgg19',
    table: VGG19,
    summary: 'VGG19 (Keras ImageNet weights, 80 MB download): the classic Gatys look',
    // neural-style's objective (docs/networks.md, "VGG19's defaults"): its content and style weights
    // in this project's units, λ ∝ 1/C² over relu1_1 … relu5_1, max pooling, the flat grey start; run on
    // Painterly's own schedule (Adam, coarse to fine). `recipe: 'neural-style'` adds its L-BFGS run and TV.
    defaults: {
      contentLayers: ['conv4_2'],
      styleLayers: NEURAL_STYLE_LAYERS,
      contentWeight: 20,
      styleWeight: 0.09765625,
      pooling: 'max',
      init: 'gray',
      styleLoss: 'gram',
      styleBalance: false,
    },
  },
  'darknet-tiny': {
    id: 'darknet-tiny',
    table: DARKNET_TINY,
    summary: 'Darknet Tiny (real ImageNet classifier, 4 MB, ml5.js): real features, ~10× fewer multiplications than VGG19',
    defaults: {
      contentLayers: ['conv10'],
      styleLayers: equalWeights(['conv1', 'conv2', 'conv4', 'conv8', 'conv12']),
      // α/β = 0.1 (docs/networks.md): 0.25 (VGG19's) left the style faint; below 0.01 nothing changed.
      // β stays VGG19's 40, so the studio's style-weight knob means the same for both networks.
      contentWeight: 4,
      styleWeight: 40,
      pooling: 'max',
      // Content init kept the cat's fur and the cup's rim sharp where noise init (0.6) left grain.
      init: 'content',
      styleLoss: 'gram',
      styleBalance: true,
    },
  },
});

/** The registry names, for messages. */
export const NETWORK_IDS = Object.keys(NETWORKS) as NetworkId[];

/** Whether `name` is a known network's registry name. */
export function isNetworkId(name: string): name is NetworkId {
  return Object.hasOwn(NETWORKS, name);
}
