/**
 * The feature networks Painterly knows, each a table plus the defaults a Gatys run uses with it.
 * Defaults were chosen by looking at real results (docs/networks.md); options read them from here.
 */
import { DARKNET_TINY } from '../darknet/architecture.js';
import type { WeightedLayer } from '../gatys/layer-selection.js';
import { VGG16, VGG19 } from '../vgg/architecture.js';
import type { InitKind } from '../gatys/settings.js';
import type { StyleLossKind } from '../gatys/types.js';
import { neuralStyleWeights } from '../gatys/neural-style-weights.js';
import type { NetworkTable, Pooling } from './types.js';

/** A known network's registry name. */
export type NetworkId = 'vgg19' | 'vgg16' | 'darknet-tiny';

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

/** neural-style's default weights (content 5, style 100) mapped to this project's units (neural-style-weights.ts). */
const NEURAL_STYLE = neuralStyleWeights({ contentWeight: 5, styleWeight: 100, styleChannels: [64, 128, 256, 512, 512] });

/** neural-style's style layers relu1_1 … relu5_1 with their λ_l = (64 / C_l)². */
export const NEURAL_STYLE_LAYERS: readonly WeightedLayer[] = Object.freeze(
  ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'].map((layer, index) => ({ layer, weight: NEURAL_STYLE.styleLayerWeights[index] })),
);

/** neural-style's α and β in this project's units: 20 and 0.09765625. */
export const NEURAL_STYLE_COST_WEIGHTS = Object.freeze({ content: NEURAL_STYLE.contentWeight, style: NEURAL_STYLE.styleWeight });

/**
 * neural-style's objective (docs/networks.md, "VGG19's defaults"): its content and style weights in
 * this project's units, λ ∝ 1/C² over relu1_1 … relu5_1, max pooling, the flat grey start; run on
 * Painterly's own schedule (Adam, coarse to fine). `recipe: 'neural-style'` adds its L-BFGS run and TV.
 * VGG16 has every one of these layers with the same widths (neural-style's `-model_file` VGG16 runs use them too).
 */
const NEURAL_STYLE_DEFAULTS: NetworkDefaults = Object.freeze({
  contentLayers: ['conv4_2'],
  styleLayers: NEURAL_STYLE_LAYERS,
  contentWeight: NEURAL_STYLE_COST_WEIGHTS.content,
  styleWeight: NEURAL_STYLE_COST_WEIGHTS.style,
  pooling: 'max',
  init: 'gray',
  styleLoss: 'gram',
  styleBalance: false,
});

/** The known networks, by registry name. */
export const NETWORKS: Readonly<Record<NetworkId, NetworkEntry>> = Object.freeze({
  vgg19: {
    id: 'vgg19',
    table: VGG19,
    summary: 'VGG19 (Keras ImageNet weights, 80 MB download): the classic Gatys look',
    defaults: NEURAL_STYLE_DEFAULTS,
  },
  vgg16: {
    id: 'vgg16',
    table: VGG16,
    summary: 'VGG16 (Keras ImageNet weights, 59 MB download): VGG19 less three deep convolutions, a close look',
    defaults: NEURAL_STYLE_DEFAULTS,
  },
  'darknet-tiny': {
    id: 'darknet-tiny',
    table: DARKNET_TINY,
    summary: 'Darknet Tiny (real ImageNet classifier, 4 MB, ml5.js): real features, ~10× fewer multiplications than VGG19',
    defaults: {
      contentLayers: ['conv10'],
      styleLayers: equalWeights(['conv1', 'conv2', 'conv4', 'conv8', 'conv12']),
      // Balanced style layers (styleBalance): β is the style gradient's L1 norm at the start of each
      // scale. On six pairs at 512 px (docs/networks.md, 2026-12-07) β 0.5 against α 4 painted swirls and
      // brush strokes while faces stayed whole; β 1–2 began to dissolve the astronaut's face.
      contentWeight: 4,
      styleWeight: 0.5,
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
