/**
 * Balanced style layers (`styleBalance`). A network's style layers can differ by orders of magnitude
 * in how hard their raw costs pull: with Darknet Tiny at λ = 0.2 each, conv2 (activations averaging
 * ≈ 2.3 after LeakyReLU, so a large raw Gram) took 87–93 % of the style gradient and the deep layers,
 * which carry strokes and swirls, were barely matched. Balancing measures, at the image each scale
 * starts from, the L1 norm n_l = ‖∂J_style^l/∂G‖₁ of each layer's gradient alone and weighs the layer
 * by f_l = 1/n_l, so that there
 *
 *   ‖β·λ_l·f_l·∂J_style^l/∂G‖₁ = β·λ_l:
 *
 * λ_l is the layer's share of the style pull, and β the pull's total L1 norm, whatever the network,
 * the image size or the style loss. The factors stay fixed for the scale, so J stays one function
 * (its gradient is exact, L-BFGS's line search and the reported costs stay consistent), unlike
 * neural-style's per-step gradient normalisation, which is not the gradient of any cost.
 */

/**
 * The balance factors f_l = 1/n_l for the measured norms n_l; a layer with no gradient (its style
 * already matched, or dead features) gets 0.
 *
 * @example balanceFactors([4, 0.5, 0]) // → [0.25, 2, 0]
 */
export function balanceFactors(norms: readonly number[]): number[] {
  return norms.map((norm) => (norm > 0 && Number.isFinite(norm) ? 1 / norm : 0));
}
