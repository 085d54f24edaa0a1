import { PainterlyError } from '../errors.js';
import { createRgbImage, type RgbImage } from '../image.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { GraphRuntime } from '../runtime.js';
import type { VggWeights } from '../vgg/weights.js';
import type { ProgressListener } from './events.js';
import { initialImage } from './initial-image.js';
import { createGatysLossEvaluator } from './loss-evaluator.js';
import type { GatysSettings } from './settings.js';
import type { WeightedStyle } from './style-targets.js';

/** The images of a run, already at their working sizes (the output has the content's size). */
export interface GatysImages {
  readonly content: RgbImage;
  readonly styles: readonly WeightedStyle[];
  readonly initImage?: RgbImage;
}

/** Hooks of a run. */
export interface RunHooks {
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

/**
 * Gatys et al. style transfer: optimizes the generated image to minimise
 * J = α·J_content + β·J_style + γ·TV, one fused graph run (forward, costs, backward) per iteration.
 * Returns the final image (values clamped to 0–255). Cancels promptly through `hooks.signal`
 * and always releases its sessions.
 *
 * @example
 * const image = await runGatys(runtime, weights, { content, styles: [{ image: style, weight: 1 }] }, settings, { onProgress: console.log });
 */
export async function runGatys(
  runtime: GraphRuntime,
  weights: VggWeights,
  images: GatysImages,
  settings: GatysSettings,
  hooks: RunHooks = {},
): Promise<RgbImage> {
  const started = Date.now();
  const elapsedMs = () => Date.now() - started;
  const { content } = images;
  throwIfAborted(hooks.signal);
  const evaluator = await createGatysLossEvaluator(runtime, weights, content, images.styles, settings.selection, settings.costWeights);
  try {
    throwIfAborted(hooks.signal);
    hooks.onProgress?.({ type: 'load', weights: weights.source, pretrained: weights.pretrained, width: content.width, height: content.height, elapsedMs: elapsedMs() });
    const image = initialImage(settings.init, content, { seed: settings.seed, noiseRatio: settings.noiseRatio, initImage: images.initImage });
    const pixels = image.data;
    const optimizer = createOptimizer(settings.optimizer, pixels.length, {
      learningRate: settings.learningRate,
      // L-BFGS builds its curvature pairs from the steps it takes; clamping would bend them. Its
      // result is clamped when returned.
      ...(settings.optimizer === 'lbfgs' ? {} : { clampMin: 0, clampMax: 255 }),
    });
    let last = await evaluator.evaluate(pixels);
    for (let iteration = 0; ; iteration++) {
      assertFinite(last.terms.loss, iteration);
      hooks.onProgress?.({ type: 'iteration', iteration, iterations: settings.iterations, ...last.terms, elapsedMs: elapsedMs() });
      if (settings.snapshotEvery > 0 && iteration > 0 && iteration % settings.snapshotEvery === 0) {
        hooks.onProgress?.({ type: 'snapshot', iteration, image: clampedCopy(image) });
      }
      if (iteration >= settings.iterations) break;
      throwIfAborted(hooks.signal);
      optimizer.step(pixels, last.gradient, last.terms.loss);
      last = await evaluator.evaluate(pixels);
      if (iteration + 1 === settings.iterations) break;
    }
    hooks.onProgress?.({ type: 'done', iterations: settings.iterations, ...last.terms, elapsedMs: elapsedMs() });
    return clampedCopy(image);
  } finally {
    await evaluator.release();
  }
}

function clampedCopy(image: RgbImage): RgbImage {
  const data = image.data.map((value) => Math.min(255, Math.max(0, value)));
  return createRgbImage(image.width, image.height, data);
}

function assertFinite(loss: number, iteration: number): void {
  if (!Number.isFinite(loss)) {
    throw new PainterlyError(
      'ENGINE_FAILED',
      `The loss became ${loss} at iteration ${iteration}. Lower --learning-rate or the cost weights, or try --optimizer adam.`,
    );
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PainterlyError('ABORTED', 'The stylization was cancelled.');
}
