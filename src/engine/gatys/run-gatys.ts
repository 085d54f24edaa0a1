import { PainterlyError, throwIfAborted } from '../errors.js';
import { createRgbImage, type RgbImage } from '../image.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { GraphRuntime } from '../runtime.js';
import { upsampleImage } from '../upsample.js';
import type { NetworkWeights } from '../network/types.js';
import type { RunCheckpoint } from './checkpoint.js';
import type { ProgressListener } from './events.js';
import { initialImage } from './initial-image.js';
import { RunningAverage } from './running-average.js';
import { createScaleEvaluator } from './scale-evaluator.js';
import type { ScaleStep } from './scale-schedule.js';
import type { GatysSettings } from './settings.js';
import { balanceFactors } from './style-balance.js';
import { withTemporalCost } from './temporal-cost.js';
import type { GatysImages, GatysLossEvaluator } from './types.js';

export type { GatysImages } from './types.js';

/** Supplies the images of each scale when the run reaches it (so only one scale's images are held). */
export type ScaleImageSource = (scale: ScaleStep, index: number) => Promise<GatysImages>;

/** Hooks of a run. */
export interface RunHooks {
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
  /**
   * Receives a resumable checkpoint every `settings.checkpointEvery` iterations and when the run is
   * cancelled (before the ABORTED error is thrown). The run waits for it (e.g. an atomic file write).
   */
  readonly onCheckpoint?: (checkpoint: RunCheckpoint) => Promise<void> | void;
}

/**
 * Gatys et al. style transfer at one scale: optimizes the generated image to minimise
 * J = α·J_content + β·J_style + γ·TV, one fused graph run (forward, costs, backward) per iteration.
 * Returns the final image (values clamped to 0–255). Cancels promptly through `hooks.signal`
 * and always releases its sessions.
 *
 * @example
 * const image = await runGatys(runtime, weights, { content, styles: [{ image: style, weight: 1 }] }, settings, { onProgress: console.log });
 */
export async function runGatys(
  runtime: GraphRuntime,
  weights: NetworkWeights,
  images: GatysImages,
  settings: GatysSettings,
  hooks: RunHooks = {},
): Promise<RgbImage> {
  const scale: ScaleStep = { width: images.content.width, height: images.content.height, iterations: settings.iterations };
  return runGatysScales({ runtime, weights, scales: [scale], source: async () => images, settings }, hooks);
}

/** What a multi-scale run needs: the runtime and network, the schedule, each scale's images, the settings. */
export interface GatysRun {
  readonly runtime: GraphRuntime;
  readonly weights: NetworkWeights;
  /** Smallest first (see planScales); the last is the output size. */
  readonly scales: readonly ScaleStep[];
  readonly source: ScaleImageSource;
  readonly settings: GatysSettings;
}

/**
 * Coarse-to-fine Gatys style transfer over `scales` (smallest first; see planScales): each scale
 * optimizes at its own size with its own content and style targets, starting from a bicubic upsample of
 * the previous scale's result with a fresh optimizer. Iterations are numbered over the whole
 * run: `iteration` events k = 0 … N−1 report J before the k-th update, `done` reports J at the
 * returned image. With `settings.averageIterates` the result of each scale is the running average of
 * its iterates (so `done` reports J at that average).
 * `resume` continues a run from a checkpoint that the same schedule and settings produced.
 *
 * @example
 * const scales = planScales({ width: 512, height: 384, iterations: 500, mode: 'auto', minScale: 128, minShortSide: 16 });
 * const image = await runGatysScales({ runtime, weights, scales, source: (scale) => imagesAt(scale), settings }, hooks);
 */
export async function runGatysScales(run: GatysRun, hooks: RunHooks = {}, resume?: RunCheckpoint): Promise<RgbImage> {
  const { runtime, weights, scales, source, settings } = run;
  if (resume) assertResumable(resume, scales);
  const started = Date.now() - (resume?.elapsedMs ?? 0);
  const elapsedMs = () => Date.now() - started;
  const total = scales.reduce((sum, scale) => sum + scale.iterations, 0);
  const output = scales[scales.length - 1];
  throwIfAborted(hooks.signal);
  hooks.onProgress?.({ type: 'load', network: weights.network.displayName, weights: weights.source, pretrained: weights.pretrained, ...(weights.file ? { weightsFile: weights.file } : {}), width: output.width, height: output.height, schedule: scales, provider: runtime.provider, elapsedMs: elapsedMs() });

  let iteration = resume?.iteration ?? 0;
  let carried: { image: RgbImage } | undefined;
  for (let index = resume?.scale ?? 0; index < scales.length; index++) {
    const scale = scales[index];
    const isLast = index === scales.length - 1;
    throwIfAborted(hooks.signal);
    const images = await source(scale, index);
    if (images.content.width !== scale.width || images.content.height !== scale.height) {
      throw new Error(`scale ${index} expects a ${scale.width}×${scale.height} content image, got ${images.content.width}×${images.content.height}`);
    }
    const features = await createScaleEvaluator(runtime, weights, images, settings);
    const evaluator = images.temporal ? withTemporalCost(features, images.temporal) : features;
    try {
      const size = scale.width * scale.height * 3;
      const optimizer = createOptimizer(settings.optimizer, size, {
        learningRate: settings.learningRate,
        // L-BFGS builds its curvature pairs from the steps it takes; clamping would bend them. Its
        // result is clamped when returned.
        ...(settings.optimizer === 'lbfgs' ? {} : { clampMin: 0, clampMax: 255 }),
      });
      const average = settings.averageIterates ? new RunningAverage(size) : undefined;
      let pixels: Float32Array;
      let step = 0;
      const resumedAt = resume && index === resume.scale ? resume.iteration : -1;
      if (resume && index === resume.scale) {
        pixels = resume.pixels.slice();
        if (resume.optimizer) optimizer.restore(resume.optimizer);
        if (average && resume.average) average.restore(resume.average);
        step = resume.step;
      } else if (carried) {
        // The optimizer starts afresh at each scale. Carrying Adam's moments (resized, rescaled for the
        // 1/pixels gradient) was tried and measured 3× worse final J at 512 px (docs/multiscale.md):
        // the small second moments of a converged coarse scale blow up the first steps at the next.
        pixels = clamp(upsampleImage(carried.image, scale.width, scale.height).data);
      } else {
        pixels = initialImage(settings.init, images.content, { seed: settings.seed, noiseRatio: settings.noiseRatio, initImage: images.initImage }).data;
      }
      // Balanced style layers: weighed at the image this scale starts from (a resumed scale keeps its weights).
      let styleFactors: number[] | undefined;
      if (resume && index === resume.scale && resume.styleFactors) styleFactors = [...resume.styleFactors];
      else if (settings.styleBalance) styleFactors = balanceFactors(await evaluator.styleGradientNorms(pixels));
      if (styleFactors) evaluator.setStyleLayerFactors(styleFactors);
      const currentImage = () => createRgbImage(scale.width, scale.height, clamp(average ? average.value(pixels) : pixels.slice()));
      const checkpoint = (): RunCheckpoint => ({
        scale: index,
        step,
        iteration,
        width: scale.width,
        height: scale.height,
        pixels: pixels.slice(),
        optimizer: optimizer.name === 'lbfgs' ? undefined : optimizer.state(),
        average: average?.state(),
        styleFactors,
        elapsedMs: elapsedMs(),
      });
      hooks.onProgress?.({
        type: 'scale',
        scale: index,
        scales: scales.length,
        width: scale.width,
        height: scale.height,
        iterations: scale.iterations,
        firstIteration: iteration - step,
        tiles: evaluator.tiles,
        elapsedMs: elapsedMs(),
      });
      let last = await evaluator.evaluate(pixels);
      for (;;) {
        if (step === scale.iterations && !isLast) break;
        assertFinite(last.terms.loss, iteration);
        if (step === scale.iterations) return await finishRun(evaluator, currentImage(), last.terms, average !== undefined && step > 0);
        hooks.onProgress?.({ type: 'iteration', iteration, iterations: total, ...last.terms, elapsedMs: elapsedMs() });
        if (settings.snapshotEvery > 0 && iteration > 0 && iteration % settings.snapshotEvery === 0) {
          hooks.onProgress?.({ type: 'snapshot', iteration, image: currentImage() });
        }
        if (settings.checkpointEvery > 0 && iteration > 0 && iteration % settings.checkpointEvery === 0 && iteration !== resumedAt) {
          await hooks.onCheckpoint?.(checkpoint());
        }
        if (hooks.signal?.aborted) {
          await hooks.onCheckpoint?.(checkpoint());
          throwIfAborted(hooks.signal);
        }
        optimizer.step(pixels, last.gradient, last.terms.loss);
        average?.add(pixels);
        step += 1;
        iteration += 1;
        // After a scale's last step the next evaluation is at the next scale, or of the average.
        if (step < scale.iterations || (isLast && !average)) last = await evaluator.evaluate(pixels);
      }
      carried = { image: currentImage() };
    } finally {
      await evaluator.release();
    }
  }
  throw new Error('unreachable: the last scale returns');

  async function finishRun(evaluator: GatysLossEvaluator, image: RgbImage, lastTerms: Awaited<ReturnType<GatysLossEvaluator['evaluate']>>['terms'], averaged: boolean) {
    // Iteration events are the images before each update; a run without updates reports its one image.
    if (iteration === 0) hooks.onProgress?.({ type: 'iteration', iteration, iterations: total, ...lastTerms, elapsedMs: elapsedMs() });
    // The averaged image is not an iterate: evaluate J there, so the report describes what is returned.
    const terms = averaged ? (await evaluator.evaluate(image.data)).terms : lastTerms;
    hooks.onProgress?.({ type: 'done', iterations: total, ...terms, elapsedMs: elapsedMs() });
    return image;
  }
}

function assertResumable(resume: RunCheckpoint, scales: readonly ScaleStep[]): void {
  const scale = scales[resume.scale];
  const stepsBefore = scales.slice(0, resume.scale).reduce((sum, s) => sum + s.iterations, 0);
  if (!scale || scale.width !== resume.width || scale.height !== resume.height || resume.step > scale.iterations || stepsBefore + resume.step !== resume.iteration) {
    throw new PainterlyError(
      'INVALID_OPTION',
      `The checkpoint (scale ${resume.scale + 1}, ${resume.width}×${resume.height}, iteration ${resume.iteration}) does not fit this run's schedule. Resume with the options of the interrupted run, or start afresh without resuming.`,
      { option: 'resume' },
    );
  }
}

function clamp(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = Math.min(255, Math.max(0, values[i]));
  return values;
}

function assertFinite(loss: number, iteration: number): void {
  if (!Number.isFinite(loss)) {
    throw new PainterlyError(
      'ENGINE_FAILED',
      `The loss became ${loss} at iteration ${iteration}. Lower the learning rate or the cost weights, or try the adam optimizer.`,
      { option: 'learningRate' },
    );
  }
}
