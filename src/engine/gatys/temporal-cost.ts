/**
 * The temporal cost of coherent video (Ruder, Dosovitskiy & Brox 2016, "Artistic style transfer for
 * videos"): the generated frame x should stay close to the previous result warped into this frame, w,
 * wherever the optical flow is trustworthy:
 *
 *   J_temporal(x) = (1/D) · Σ_k c_k · (x_k − w_k)²,        ∂J_temporal/∂x_k = (2/D) · c_k · (x_k − w_k)
 *
 * with D = 3·H·W values and c_k ∈ [0, 1] the per-pixel consistency weight (0 at occlusions and motion
 * boundaries, the same for the three channels). The cost is a pixel-space term, so it is added to the
 * evaluator's result on the CPU: one pass over the image, no change to the feature network's graph.
 */
import type { GatysLossEvaluator, TemporalTarget } from './types.js';

export type { TemporalTarget } from './types.js';

/**
 * J_temporal and its gradient at `pixels` (planar RGB, the target's size).
 *
 * @example
 * const { cost, gradient } = temporalCost(pixels, { image: warped, pixelWeights: c, weight: 200 });
 * // cost is unweighted (γ not applied); gradient is ∂J_temporal/∂x, also unweighted
 */
export function temporalCost(pixels: Float32Array, target: TemporalTarget): { cost: number; gradient: Float32Array } {
  const { image, pixelWeights } = target;
  const planeSize = image.width * image.height;
  if (pixels.length !== image.data.length || pixelWeights.length !== planeSize) {
    throw new Error(`temporal cost: ${pixels.length} pixels values, ${image.data.length} target values, ${pixelWeights.length} weights for ${image.width}×${image.height}`);
  }
  const count = image.data.length;
  const gradient = new Float32Array(count);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const c = pixelWeights[k % planeSize];
    const difference = pixels[k] - image.data[k];
    sum += c * difference * difference;
    gradient[k] = (2 / count) * c * difference;
  }
  return { cost: sum / count, gradient };
}

/**
 * `evaluator` with γ·J_temporal added to its loss and gradient; the term is reported as `temporal`.
 *
 * @example
 * const coherent = withTemporalCost(await createScaleEvaluator(runtime, weights, images, settings), target);
 * const { terms } = await coherent.evaluate(pixels); // terms.temporal, terms.loss includes γ·temporal
 */
export function withTemporalCost(evaluator: GatysLossEvaluator, target: TemporalTarget): GatysLossEvaluator {
  return {
    tiles: evaluator.tiles,
    async evaluate(pixels) {
      const { terms, gradient } = await evaluator.evaluate(pixels);
      const temporal = temporalCost(pixels, target);
      for (let k = 0; k < gradient.length; k++) gradient[k] += target.weight * temporal.gradient[k];
      return { terms: { ...terms, temporal: temporal.cost, loss: terms.loss + target.weight * temporal.cost }, gradient };
    },
    styleGradientNorms: (pixels) => evaluator.styleGradientNorms(pixels),
    setStyleLayerFactors: (factors) => evaluator.setStyleLayerFactors(factors),
    release: () => evaluator.release(),
  };
}
