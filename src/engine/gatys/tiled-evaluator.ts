/**
 * J and ∂J/∂G for images too large for one fused graph, tile by tile with one session of a fixed
 * tile size (see tile-loss-graph.ts for why the style gradient splits over tiles). Per evaluation:
 * - the image is padded to its canvas (sides multiples of 16) by repeating its last row/column;
 * - the cuts between cores move to a new seeded place, so tile borders never stay in one place;
 * - each tile gets D = G − Ḡ_S with G the whole image's Gram from the previous evaluation (the first
 *   evaluation makes one extra pass to measure it), and returns its core's Gram, so J_style is exact
 *   at the evaluated image and its gradient lags by one optimizer step;
 * - content cost and gradient are exact per core; TV is computed on the whole image on the CPU.
 * Activations near a window border that is not the image border miss context beyond the margin;
 * the moving grid spreads that error instead of letting a seam build up.
 */
import { PainterlyError } from '../errors.js';
import { createRng } from '../random.js';
import type { TensorValue } from '../runtime.js';
import { spatialSizeAt } from '../network/layers.js';
import { TERM_WEIGHTS_INPUT } from './loss-graph.js';
import { createTermWeights, styleProbeWeights, sumAbs } from './term-weights.js';
import type { GatysLossEvaluator, GatysProblem } from './types.js';
import { addWindow, copyRect, cropWindow, foldPadding, padReplicate, type PlaneShape } from './planes.js';
import { computeStyleTargets } from './style-targets.js';
import { alignUp, planTileGrid, TILE_ALIGNMENT, type TileWindow } from './tile-grid.js';
import { buildTargetGraph } from './target-graph.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import { buildTileLossGraph, TILE_GRAPH_OUTPUTS, type MaskInput } from './tile-loss-graph.js';
import { totalVariation } from './total-variation.js';

/** Context around each core, px: a tile of T px optimizes a core of T − 2·64 px. */
export const TILE_MARGIN = 64;

/** The size of the tile windows (multiples of 16). */
export interface TileSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The canvas an image of `width × height` is tiled on: each side rounded up to a multiple of 16.
 */
export function tileCanvas(width: number, height: number): { width: number; height: number } {
  return { width: alignUp(width), height: alignUp(height) };
}

/** How a tiled evaluator cuts the image. */
export interface TilingOptions {
  /** The window size (clipped to the canvas). */
  readonly tile: TileSize;
  /** Seeds the moving grid. */
  readonly seed: number;
  /** Context around each core, px (default TILE_MARGIN). */
  readonly margin?: number;
  readonly convolution?: ConvolutionAlgorithm;
}

/**
 * A tiled evaluator for the problem's content size. The `w2` style loss is not tiled yet (its
 * gradient needs the whole image's covariance root each step): it throws INVALID_OPTION naming the
 * two ways out.
 *
 * @example
 * const evaluator = await createTiledLossEvaluator(problem, { tile: { width: 768, height: 768 }, seed: 0 });
 */
export async function createTiledLossEvaluator(problem: GatysProblem, tiling: TilingOptions): Promise<GatysLossEvaluator> {
  const { runtime, weights, content, styles, selection, costWeights } = problem;
  const { tile, seed, margin = TILE_MARGIN, convolution = 'auto' } = tiling;
  if (problem.styleLoss !== 'gram') {
    throw new PainterlyError(
      'INVALID_OPTION',
      `The w2 style loss needs the whole ${content.width}×${content.height} image in one graph, which does not fit the memory budget (maxMemory). Raise the memory budget, lower the size, or use the gram style loss for this size.`,
    );
  }
  const image: PlaneShape = { channels: 3, width: content.width, height: content.height };
  const canvasSize = tileCanvas(content.width, content.height);
  const canvas: PlaneShape = { channels: 3, ...canvasSize };
  const tileWidth = Math.min(tile.width, canvas.width);
  const tileHeight = Math.min(tile.height, canvas.height);
  const grid = (jitterX: number, jitterY: number) => planTileGrid(canvas.width, canvas.height, tileWidth, tileHeight, margin, jitterX, jitterY);
  const styleLayers = selection.styleLayers.map((entry) => entry.layer);
  const layerShape = (layer: string, channels: number): PlaneShape => {
    const [height, width] = spatialSizeAt(weights.network, layer, canvas.height, canvas.width);
    return { channels, width, height };
  };

  const positions = new Map(styleLayers.map((layer) => [layer, layerShape(layer, 1).width * layerShape(layer, 1).height] as const));
  const styleTargets = await computeStyleTargets(runtime, weights, selection, 'gram', styles, positions);
  if (styleTargets.kind !== 'gram') throw new Error('unreachable: gram targets');
  const targetGrams = styleTargets.grams;
  const termWeights = createTermWeights(costWeights, selection);
  const contentTargets = await readContentTargets();

  // The model bytes stay out of the closures below, so they are freed once the session holds the graph.
  const { model, ...graph } = buildTileLossGraph({ tileWidth, tileHeight, canvasWidth: canvas.width, canvasHeight: canvas.height, weights, selection, convolution });
  const session = await runtime.createSession(model);
  const rng = createRng(seed ^ 0x5eed);
  let grams: Map<string, Float32Array> | undefined;

  /** One pass over the tiles with the given Gram differences: content cost, new Grams, canvas gradient. */
  async function sweep(canvasPixels: Float32Array, differences: Map<string, Float32Array>, tiles: readonly TileWindow[], fedWeights: Float32Array) {
    const gradient = new Float32Array(canvasPixels.length);
    const nextGrams = new Map(styleLayers.map((layer) => [layer, new Float32Array(differences.get(layer)!.length)] as const));
    let contentCost = 0;
    for (const window of tiles) {
      const feeds: Record<string, TensorValue> = {
        image: { data: cropWindow(canvasPixels, canvas, window.x, window.y, tileWidth, tileHeight), dims: graph.imageDims },
        [TERM_WEIGHTS_INPUT]: { data: fedWeights, dims: [fedWeights.length] },
      };
      for (const mask of graph.masks) feeds[mask.name] = { data: coreMask(window, mask), dims: mask.dims };
      for (const target of graph.contentTargets) {
        const [, channels, height, width] = target.dims;
        const pools = Math.log2(tileHeight / height);
        const full = contentTargets.get(target.layer)!;
        feeds[target.name] = { data: cropWindow(full.data, full.shape, window.x >> pools, window.y >> pools, width, height), dims: [1, channels, height, width] };
      }
      for (const input of graph.gramDifferences) feeds[input.name] = { data: differences.get(input.layer)!, dims: input.dims };
      const outputs = await session.run(feeds);
      contentCost += outputs[TILE_GRAPH_OUTPUTS.content].data[0];
      for (const [layer, name] of graph.gramOutputs) {
        const sum = nextGrams.get(layer)!;
        const part = outputs[name].data;
        for (let i = 0; i < sum.length; i++) sum[i] += part[i];
      }
      addWindow(gradient, canvas, outputs[TILE_GRAPH_OUTPUTS.gradient].data, window.x, window.y, tileWidth, tileHeight);
    }
    return { contentCost, nextGrams, gradient };
  }

  function coreMask(window: TileWindow, mask: MaskInput): Float32Array {
    const [, , height, width] = mask.dims;
    const s = mask.pools;
    const x0 = (window.coreX0 - window.x) >> s;
    const x1 = (window.coreX1 - window.x) >> s;
    const y0 = (window.coreY0 - window.y) >> s;
    const y1 = (window.coreY1 - window.y) >> s;
    const data = new Float32Array(width * height);
    for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + x1);
    return data;
  }

  /** A new place for the grid's cuts at every evaluation (seeded: the same run moves them the same way). */
  function nextJitter(): [number, number] {
    return [rng.uniform(), rng.uniform()];
  }

  /** The content activations of the whole canvas, read tile by tile (cores copied into place). */
  async function readContentTargets(): Promise<Map<string, { data: Float32Array; shape: PlaneShape }>> {
    const targetGraph = buildTargetGraph({ height: tileHeight, width: tileWidth, weights, pooling: selection.pooling, activationLayers: selection.contentLayers, gramLayers: [], convolution });
    const targetSession = await runtime.createSession(targetGraph.model);
    try {
      const paddedContent = padReplicate(content.data, image, canvas.width, canvas.height);
      const result = new Map<string, { data: Float32Array; shape: PlaneShape }>();
      for (const output of targetGraph.outputs) {
        const shape = layerShape(output.layer, output.dims[1]);
        result.set(output.layer, { data: new Float32Array(shape.channels * shape.width * shape.height), shape });
      }
      for (const window of grid(0, 0)) {
        const outputs = await targetSession.run({ image: { data: cropWindow(paddedContent, canvas, window.x, window.y, tileWidth, tileHeight), dims: [1, 3, tileHeight, tileWidth] } });
        for (const output of targetGraph.outputs) {
          const [, channels, height, width] = output.dims;
          const pools = Math.log2(tileHeight / height);
          const rect = {
            x0: (window.coreX0 - window.x) >> pools,
            x1: (window.coreX1 - window.x) >> pools,
            y0: (window.coreY0 - window.y) >> pools,
            y1: (window.coreY1 - window.y) >> pools,
          };
          const full = result.get(output.layer)!;
          copyRect(outputs[output.name].data, { channels, width, height }, full.data, full.shape, rect, window.x >> pools, window.y >> pools);
        }
      }
      return result;
    } finally {
      await targetSession.release();
    }
  }

  const gramDifferences = (current: Map<string, Float32Array>) =>
    new Map(styleLayers.map((layer) => [layer, current.get(layer)!.map((value, i) => value - targetGrams.get(layer)![i])] as const));

  /** The image's Grams, measured with one extra pass the first time (a pass with D = 0 computes them but no style gradient). */
  async function currentGrams(canvasPixels: Float32Array): Promise<Map<string, Float32Array>> {
    if (!grams) {
      const zero = new Map(styleLayers.map((layer) => [layer, new Float32Array(targetGrams.get(layer)!.length)] as const));
      grams = (await sweep(canvasPixels, zero, grid(0, 0), termWeights.fed())).nextGrams;
    }
    return grams;
  }

  return {
    tiles: grid(0.5, 0.5).length,
    async evaluate(pixels) {
      const canvasPixels = padReplicate(pixels, image, canvas.width, canvas.height);
      const { contentCost, nextGrams, gradient } = await sweep(canvasPixels, gramDifferences(await currentGrams(canvasPixels)), grid(...nextJitter()), termWeights.fed());
      grams = nextGrams;
      const layerCosts = selection.styleLayers.map(({ layer }) => {
        const target = targetGrams.get(layer)!;
        const gram = nextGrams.get(layer)!;
        let squared = 0;
        for (let i = 0; i < gram.length; i++) squared += (gram[i] - target[i]) ** 2;
        const channels = Math.sqrt(gram.length);
        return squared / (2 * channels * positions.get(layer)!) ** 2 + styleTargets.constants.get(layer)!;
      });
      const imageGradient = foldPadding(gradient, canvas.width, canvas.height, image);
      const tv = totalVariation(pixels, image.width, image.height, imageGradient, costWeights.totalVariation);
      return { terms: termWeights.terms(contentCost, layerCosts, tv), gradient: imageGradient };
    },
    async styleGradientNorms(pixels) {
      const canvasPixels = padReplicate(pixels, image, canvas.width, canvas.height);
      const differences = gramDifferences(await currentGrams(canvasPixels));
      const norms: number[] = [];
      for (let layer = 0; layer < styleLayers.length; layer++) {
        const { gradient } = await sweep(canvasPixels, differences, grid(0, 0), styleProbeWeights(selection, layer));
        norms.push(sumAbs(foldPadding(gradient, canvas.width, canvas.height, image)));
      }
      return norms;
    },
    setStyleLayerFactors: (factors) => termWeights.setFactors(factors),
    release: () => session.release(),
  };
}
