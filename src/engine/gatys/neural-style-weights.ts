/**
 * neural-style's cost weights in this project's units. Its energy per term, and ours:
 *   content: w_c·Σd²/(C·nH·nW)                   ours α·Σd²/(4·C·nH·nW)          → α = 4·w_c
 *   style l: w_s·‖ΔG‖²/((C·nH·nW)²·C²)           ours β·λ_l·‖ΔG‖²/(2·C·nH·nW)²   → β·λ_l = 4·w_s/C_l²
 * (its Grams are divided by C·nH·nW, its MSE averages over C² entries), so with λ_l = (C_1/C_l)² and
 * β = 4·w_s/C_1² the two energies are equal term by term. docs/networks.md has the whole derivation.
 */

/** What the mapping gives: α, β and one λ per style layer. */
export interface NeuralStyleWeights {
  readonly contentWeight: number;
  readonly styleWeight: number;
  readonly styleLayerWeights: readonly number[];
}

/**
 * @example neuralStyleWeights({ contentWeight: 5, styleWeight: 100, styleChannels: [64, 128, 256, 512, 512] })
 * // → { contentWeight: 20, styleWeight: 0.09765625, styleLayerWeights: [1, 0.25, 0.0625, 0.015625, 0.015625] }
 */
export function neuralStyleWeights(spec: { readonly contentWeight: number; readonly styleWeight: number; readonly styleChannels: readonly number[] }): NeuralStyleWeights {
  const first = spec.styleChannels[0];
  return {
    contentWeight: 4 * spec.contentWeight,
    styleWeight: (4 * spec.styleWeight) / first ** 2,
    styleLayerWeights: spec.styleChannels.map((channels) => (first / channels) ** 2),
  };
}
