/**
 * The weights fed to a loss graph each run, [α, γ, w_1 … w_L] with w_l = β·λ_l·f_l (f_l the style
 * layer's balance factor, 1 unless balanced), and the cost terms they imply.
 */
import type { LayerSelection } from './layer-selection.js';
import type { CostTerms, CostWeights } from './types.js';

/** The term weights of one evaluator: its α, β, γ and λ, and the balance factors set on it. */
export interface TermWeights {
  /** [α, γ, w_1 … w_L] as the graph input (the same array until the factors change; do not modify it). */
  fed(): Float32Array;
  /** The terms at an image: J_style = Σ_l λ_l·f_l·J_style^l, J = α·J_content + β·J_style + γ·TV. */
  terms(content: number, styleLayerCosts: readonly number[], tv: number): CostTerms;
  setFactors(factors: readonly number[]): void;
}

/**
 * @example
 * const weights = createTermWeights({ content: 4, style: 40, totalVariation: 0 }, selection);
 * weights.fed() // → Float32Array [4, 0, 8, 8, 8, 8, 8] for five layers at λ = 0.2
 */
export function createTermWeights(costWeights: CostWeights, selection: LayerSelection): TermWeights {
  const lambdas = selection.styleLayers.map((entry) => entry.weight);
  let factors: readonly number[] = lambdas.map(() => 1);
  // Built once per change of the factors, not per evaluation.
  const build = () => Float32Array.from([costWeights.content, costWeights.totalVariation, ...lambdas.map((lambda, l) => costWeights.style * lambda * factors[l])]);
  let fed = build();
  return {
    fed: () => fed,
    terms(content, styleLayerCosts, tv) {
      const style = styleLayerCosts.reduce((sum, cost, l) => sum + lambdas[l] * factors[l] * cost, 0);
      return { content, style, tv, loss: costWeights.content * content + costWeights.style * style + costWeights.totalVariation * tv };
    },
    setFactors(next) {
      if (next.length !== lambdas.length || next.some((factor) => !Number.isFinite(factor) || factor < 0)) {
        throw new Error(`style layer factors must be ${lambdas.length} finite numbers ≥ 0, got ${next.join(', ')}`);
      }
      factors = [...next];
      fed = build();
    },
  };
}

/** Term weights that keep only style layer `layer`'s unweighted gradient (α = γ = 0, w = 1 there). */
export function styleProbeWeights(selection: LayerSelection, layer: number): Float32Array {
  const weights = new Float32Array(2 + selection.styleLayers.length);
  weights[2 + layer] = 1;
  return weights;
}

/** Σ|v|, in float64. */
export function sumAbs(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]);
  return sum;
}
