/**
 * The shared types of a Gatys run: the problem an evaluator solves, the evaluator itself and the
 * images of one scale. They live here so the modules that build, plan and run never import each
 * other for a type (no import cycles, type-only ones included).
 */
import type { RgbImage } from '../image.js';
import type { GraphRuntime } from '../runtime.js';
import type { NetworkWeights } from '../network/types.js';
import type { CostFields } from './events.js';
import type { LayerSelection } from './layer-selection.js';

/** The cost weights J = α·J_content + β·J_style + γ·TV. */
export interface CostWeights {
  readonly content: number;
  readonly style: number;
  readonly totalVariation: number;
}

/**
 * How a style layer's cost compares the generated features with the painting's:
 * - `gram`: ‖G − G_S‖² / (2·nH·nW·nC)² of the Gram matrices (Gatys et al.);
 * - `w2`: the squared Wasserstein-2 distance between the Gaussians fitted to the features
 *   (means and covariances), ‖μ − μ_S‖² + tr(Σ + Σ_S − 2(Σ_S^½ Σ Σ_S^½)^½).
 */
export type StyleLossKind = (typeof STYLE_LOSS_KINDS)[number];

/** Every style-loss kind, for options and messages. */
export const STYLE_LOSS_KINDS = ['gram', 'w2'] as const;

/** A style image and its blend weight (weights are normalised to sum 1 where they are blended). */
export interface WeightedStyle {
  readonly image: RgbImage;
  readonly weight: number;
}

/** A graph input the caller feeds every run, with its shape. */
export interface TargetInput {
  readonly name: string;
  readonly layer: string;
  readonly dims: readonly number[];
}

/**
 * One Gatys problem at one size: what J(G) = α·J_content(C, G) + β·Σ_l λ_l·J_style^l(S, G) + γ·TV(G)
 * is made of. The entry points that build evaluators take it whole.
 */
export interface GatysProblem {
  readonly runtime: GraphRuntime;
  readonly weights: NetworkWeights;
  /** The photo at the working size; the generated image has its size. */
  readonly content: RgbImage;
  readonly styles: readonly WeightedStyle[];
  readonly selection: LayerSelection;
  readonly costWeights: CostWeights;
  readonly styleLoss: StyleLossKind;
}

/** The unweighted cost terms and the weighted total J at one image. */
export type CostTerms = CostFields;

/** Evaluates J and ∂J/∂G for images of the content's size; owns its ONNX sessions. */
export interface GatysLossEvaluator {
  /** How many graph runs one evaluation takes: 1 for the whole image at once, more when tiled. */
  readonly tiles: number;
  /** Cost terms and the gradient (a fresh array) at `pixels` (RGB planar, 0–255, the content's size). */
  evaluate(pixels: Float32Array): Promise<{ terms: CostTerms; gradient: Float32Array }>;
  /**
   * ‖∂J_style^l/∂G‖₁ for each style layer l alone (unweighted: λ, β and any balance left out), at
   * `pixels`; one evaluation per layer. What `balanceStyleLayers` measures.
   */
  styleGradientNorms(pixels: Float32Array): Promise<number[]>;
  /** Multiplies each style layer's λ by `factors[l]` in every later evaluation (1 each at creation). */
  setStyleLayerFactors(factors: readonly number[]): void;
  release(): Promise<void>;
}

/** The previous result warped into this frame, how much each pixel is trusted, and the cost's weight γ. */
export interface TemporalTarget {
  /** w: the previous frame's result warped into this frame's geometry (0–255). */
  readonly image: RgbImage;
  /** c: one weight per pixel (`width · height`), 0–1. */
  readonly pixelWeights: Float32Array;
  /** γ in J = α·J_content + β·J_style + γ·J_temporal + … */
  readonly weight: number;
}

/** The images of one scale, already at their working sizes (the content has the scale's size). */
export interface GatysImages {
  readonly content: RgbImage;
  readonly styles: readonly WeightedStyle[];
  /** For `init: 'image'`; only read at the first scale. */
  readonly initImage?: RgbImage;
  /** Coherent video: keep close to the previous frame's warped result (adds γ·J_temporal; one scale only). */
  readonly temporal?: TemporalTarget;
}
