/**
 * Recipes: named sets of option values that reproduce a known tool's run. Options given explicitly
 * override a recipe's values; what a recipe leaves out comes from the network's defaults.
 */
import { NETWORKS, NEURAL_STYLE_COST_WEIGHTS, NEURAL_STYLE_LAYERS, type NetworkDefaults, type NetworkId } from '../engine/network/registry.js';
import type { OptimizerName } from '../engine/optimizers/types.js';

/**
 * A recipe's values, in the stylize options' own units: an objective shaped like a network's defaults
 * (layers, α, β, pooling, start, style loss, balance), plus the run it is optimized with.
 */
export interface Recipe extends NetworkDefaults {
  readonly summary: string;
  /** The network whose layers `contentLayers` and `styleLayers` name. */
  readonly network: NetworkId;
  /**
   * Total variation as neural-style sums it, t·½·Σ d² over the image (not averaged): this project's
   * γ for an output of W×H is 1.5·t·W·H (γ multiplies Σd² / 3WH), resolved when the size is known.
   */
  readonly tvSumWeight: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly iterations: number;
  readonly scales: 'auto' | 'single';
}

/** The recipe names. */
export const RECIPE_NAMES = ['neural-style'] as const;
export type RecipeName = (typeof RECIPE_NAMES)[number];

/**
 * jcjohnson/neural-style's default run (`th neural_style.lua` with no options): content 5 × MSE at
 * relu4_2, style 100 × MSE of Grams ÷ C·nH·nW at relu1_1 … relu5_1, TV 1e-3, max pooling, the flat
 * mean-colour start with N(0, 0.001²) noise, L-BFGS without line search for 1000 steps at one scale.
 * Its energy and ours are equal term by term (docs/networks.md has the derivation), up to neural-style's
 * ×256 input scaling (pixels on 0–256 there, 0–255 here) and TV's border row and column.
 */
export const RECIPES: Readonly<Record<RecipeName, Recipe>> = Object.freeze({
  'neural-style': {
    summary: "jcjohnson/neural-style's default run: VGG19, L-BFGS 1000 steps at one scale, its weights and TV",
    network: 'vgg19',
    contentLayers: ['conv4_2'],
    styleLayers: NEURAL_STYLE_LAYERS,
    // content 5 and style 100 in this project's units: α = 20, β = 0.09765625 (neural-style-weights.ts).
    contentWeight: NEURAL_STYLE_COST_WEIGHTS.content,
    styleWeight: NEURAL_STYLE_COST_WEIGHTS.style,
    tvSumWeight: 1e-3,
    pooling: 'max',
    init: 'gray',
    optimizer: 'lbfgs',
    learningRate: 1,
    iterations: 1000,
    scales: 'single',
    styleLoss: 'gram',
    styleBalance: false,
  },
});

/**
 * This project's γ for neural-style's TV weight `t` at an output of `width × height`: neural-style's
 * TV energy is t·½·Σd² (the energy whose gradient its TVLoss module sends back), ours γ·Σd²/(3·W·H),
 * so γ = 1.5·t·W·H (up to one row and column at the border, which neural-style leaves out).
 *
 * @example neuralStyleTvWeight(1e-3, 512, 384) // → 294.912
 */
export function neuralStyleTvWeight(t: number, width: number, height: number): number {
  return 1.5 * t * width * height;
}

/**
 * Whether a recipe's layers can be read on `network`: its own network, or one with every layer it names
 * at the same width (its λ_l follow the widths), e.g. neural-style's VGG19 layers on VGG16.
 *
 * @example recipeFits(RECIPES['neural-style'], 'vgg16') // → true
 * @example recipeFits(RECIPES['neural-style'], 'darknet-tiny') // → false
 */
export function recipeFits(recipe: Recipe, network: NetworkId): boolean {
  if (network === recipe.network) return true;
  const widthOf = (id: NetworkId, layer: string) => NETWORKS[id].table.layers.find((spec) => spec.name === layer)?.outChannels;
  const layers = [...recipe.contentLayers, ...recipe.styleLayers.map((entry) => entry.layer)];
  return layers.every((layer) => widthOf(network, layer) !== undefined && widthOf(network, layer) === widthOf(recipe.network, layer));
}
