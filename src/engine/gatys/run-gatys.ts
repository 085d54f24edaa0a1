import { PainterlyError } from '../errors.js';
import { createRgbImage, type RgbImage } from '../image.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { GraphRuntime, GraphSession, TensorValue } from '../runtime.js';
import { spatialSizeAt } from '../vgg/architecture.js';
import type { VggWeights } from '../vgg/weights.js';
import type { ProgressListener } from './events.js';
import { initialImage } from './initial-image.js';
import { buildLossGraph, LOSS_GRAPH_OUTPUTS, type LossGraph } from './loss-graph.js';
import type { GatysSettings } from './settings.js';
import { computeStyleTargets, runOnce, type WeightedStyle } from './style-targets.js';
import { buildTargetGraph } from './target-graph.js';

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

interface CostTerms {
  readonly content: number;
  readonly style: number;
  readonly tv: number;
  readonly loss: number;
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
  const { selection } = settings;
  throwIfAborted(hooks.signal);

  const positions = new Map(
    selection.styleLayers.map(({ layer }) => {
      const [height, width] = spatialSizeAt(layer, content.height, content.width);
      return [layer, height * width] as const;
    }),
  );
  const styleTargets = await computeStyleTargets(runtime, weights, selection, images.styles, positions);
  throwIfAborted(hooks.signal);
  const contentFeeds = await contentTargets(runtime, weights, settings, content);
  throwIfAborted(hooks.signal);

  const graph = buildLossGraph({ height: content.height, width: content.width, weights, selection, costWeights: settings.costWeights });
  const feeds: Record<string, TensorValue> = { ...mapContentFeeds(graph, contentFeeds) };
  for (const target of graph.styleTargets) feeds[target.name] = { data: styleTargets.grams.get(target.layer)!, dims: target.dims };
  const styleConstant = selection.styleLayers.reduce((sum, { layer, weight }) => {
    const [height, width] = spatialSizeAt(layer, content.height, content.width);
    const channels = weights.layers.get(layer)!.outChannels;
    return sum + (weight * styleTargets.spread.get(layer)!) / (2 * channels * height * width) ** 2;
  }, 0);

  const session = await runtime.createSession(graph.model);
  try {
    hooks.onProgress?.({ type: 'load', weights: weights.source, pretrained: weights.pretrained, width: content.width, height: content.height, elapsedMs: elapsedMs() });
    const image = initialImage(settings.init, content, { seed: settings.seed, noiseRatio: settings.noiseRatio, initImage: images.initImage });
    const pixels = image.data;
    const optimizer = createOptimizer(settings.optimizer, pixels.length, {
      learningRate: settings.learningRate,
      ...(settings.optimizer === 'lbfgs' ? {} : { clampMin: 0, clampMax: 255 }),
    });
    const evaluate = async (): Promise<{ terms: CostTerms; gradient: Float32Array }> => {
      const outputs = await session.run({ ...feeds, image: { data: pixels, dims: graph.imageDims } });
      const style = outputs[LOSS_GRAPH_OUTPUTS.style].data[0] + styleConstant;
      const terms = {
        content: outputs[LOSS_GRAPH_OUTPUTS.content].data[0],
        style,
        tv: outputs[LOSS_GRAPH_OUTPUTS.totalVariation].data[0],
        loss: 0,
      };
      const { content: alpha, style: beta, totalVariation: gamma } = settings.costWeights;
      return { terms: { ...terms, loss: alpha * terms.content + beta * terms.style + gamma * terms.tv }, gradient: outputs[LOSS_GRAPH_OUTPUTS.gradient].data };
    };

    let last = await evaluate();
    for (let iteration = 0; ; iteration++) {
      hooks.onProgress?.({ type: 'iteration', iteration, iterations: settings.iterations, ...last.terms, elapsedMs: elapsedMs() });
      if (settings.snapshotEvery > 0 && iteration > 0 && iteration % settings.snapshotEvery === 0) {
        hooks.onProgress?.({ type: 'snapshot', iteration, image: clampedCopy(image) });
      }
      if (iteration >= settings.iterations) break;
      throwIfAborted(hooks.signal);
      optimizer.step(pixels, last.gradient, last.terms.loss);
      last = await evaluate();
      if (iteration + 1 === settings.iterations) break;
    }
    hooks.onProgress?.({ type: 'done', iterations: settings.iterations, ...last.terms, elapsedMs: elapsedMs() });
    return clampedCopy(image);
  } finally {
    await session.release();
  }
}

async function contentTargets(
  runtime: GraphRuntime,
  weights: VggWeights,
  settings: GatysSettings,
  content: RgbImage,
): Promise<Map<string, Float32Array>> {
  const graph = buildTargetGraph({
    height: content.height,
    width: content.width,
    weights,
    pooling: settings.selection.pooling,
    activationLayers: settings.selection.contentLayers,
    gramLayers: [],
  });
  const outputs = await runOnce(runtime, graph.model, content);
  return new Map(graph.outputs.map((output) => [output.layer, outputs[output.name].data]));
}

function mapContentFeeds(graph: LossGraph, activations: Map<string, Float32Array>): Record<string, TensorValue> {
  const feeds: Record<string, TensorValue> = {};
  for (const target of graph.contentTargets) feeds[target.name] = { data: activations.get(target.layer)!, dims: target.dims };
  return feeds;
}

function clampedCopy(image: RgbImage): RgbImage {
  const data = image.data.map((value) => Math.min(255, Math.max(0, value)));
  return createRgbImage(image.width, image.height, data);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PainterlyError('ABORTED', 'The stylization was cancelled.');
}
