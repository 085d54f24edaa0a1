/**
 * Fast presets on video without flicker. Run frame by frame, a preset flickers for two reasons: its
 * instance norms take their statistics from each frame anew (a small change of the picture shifts the
 * tone of the whole frame), and the network's response to small changes is not smooth. So:
 * 1. the norm statistics can be a running average over the shot's frames (`statisticsRate`), kept in
 *    the graph's inputs and outputs (`running` normalization in `fast/network-graph.ts`), one session
 *    for the clip. Measured, every frame's own statistics (rate 1, the default) flickered least:
 *    averaged or fixed-per-shot statistics lag moving content and painted a bright blob where a moving
 *    object had been (docs/video.md);
 * 2. each frame is blended with the previous result warped along the optical flow, where the
 *    forward–backward check passes (motion-compensated temporal smoothing).
 * A shot cut (`shot-cut.ts`) resets both. With `independent` every frame runs the network as trained
 * (statistics of its own, no blending).
 */
import type { FastStyleCheckpoint } from '../fast/checkpoint.js';
import { buildFastStyleGraph, type FastStyleGraph } from '../fast/network-graph.js';
import { createRgbImage, type RgbImage } from '../image.js';
import type { GraphRuntime, GraphSession } from '../runtime.js';
import type { CoherenceState, FrameResult, VideoFrameStylizer } from './frame-stylizer.js';
import { blendWithPrevious, compensateMotion } from './motion.js';
import { isHistogramCut } from './shot-cut.js';
import type { FlowEstimator } from './types.js';

/** Default share of the warped previous result in a trusted pixel (measured in docs/video.md). */
export const DEFAULT_PRESET_BLEND = 0.7;
/**
 * Weight of each new frame in the running average of the norm statistics. 1 (every frame its own) had
 * the least flicker and no ghosting on the test clips, with and without added noise and exposure
 * wobble; 0.3, 0.1 and fixed-per-shot statistics lagged the moving object (docs/video.md).
 */
export const STATISTICS_RATE = 1;

/** How the frames are kept coherent. */
export interface PresetVideoOptions {
  /** Every frame on its own, as trained (flickers; for comparison). */
  readonly independent: boolean;
  /** Share of the warped previous result in a pixel that passed the flow check, 0–1. */
  readonly blend: number;
  /** Weight of each new frame in the running average of the norm statistics, 0–1 (default `STATISTICS_RATE`). */
  readonly statisticsRate?: number;
  /** Needed unless `independent`. */
  readonly flow?: FlowEstimator;
}

/**
 * A frame stylizer for `checkpoint`'s preset at `width × height`, optionally continuing from `restored`.
 *
 * @example
 * const stylizer = createPresetFrameStylizer(runtime, checkpoint, { width: 640, height: 360 }, { independent: false, blend: 0.7, flow });
 * try { for (const frame of frames) out.push((await stylizer.stylize(frame)).image); } finally { await stylizer.release(); }
 */
export function createPresetFrameStylizer(
  runtime: GraphRuntime,
  checkpoint: FastStyleCheckpoint,
  size: { readonly width: number; readonly height: number },
  options: PresetVideoOptions,
  restored: CoherenceState = {},
): VideoFrameStylizer {
  if (!options.independent && !options.flow) throw new Error('a coherent preset stylizer needs a flow estimator');
  let previousFrame = restored.previousFrame;
  let previousResult = restored.previousResult;
  let statistics = restored.statistics;
  let network: { graph: FastStyleGraph; session: GraphSession } | undefined;

  const averaging = !options.independent && (options.statisticsRate ?? STATISTICS_RATE) < 1;
  /**
   * Runs the network; `rate` 1 takes this frame's own statistics (a shot's first frame, or always when
   * not averaging: then the network as trained, whose InstanceNormalization op is faster).
   */
  const run = async (frame: RgbImage, rate: number): Promise<RgbImage> => {
    if (!network) {
      const graph = buildFastStyleGraph(checkpoint, { ...size, normalization: averaging ? { kind: 'running' } : { kind: 'instance' } });
      network = { graph, session: await runtime.createSession(graph.model) };
    }
    const { graph, session } = network;
    const feeds: Record<string, { data: Float32Array; dims: readonly number[] }> = { [graph.inputName]: { data: frame.data, dims: graph.dims } };
    if (graph.rateInput) feeds[graph.rateInput] = { data: Float32Array.of(rate), dims: [1] };
    graph.statisticsInputs.forEach((input, layer) => {
      const channels = checkpoint.layers[layer].spec.outChannels;
      const before = rate < 1 ? statistics![layer] : { mean: new Float32Array(channels), variance: new Float32Array(channels) };
      feeds[input.mean] = { data: before.mean, dims: [1, channels, 1, 1] };
      feeds[input.variance] = { data: before.variance, dims: [1, channels, 1, 1] };
    });
    const outputs = await session.run(feeds);
    if (averaging) statistics = graph.statisticsOutputs.map(({ mean, variance }) => ({ mean: outputs[mean].data, variance: outputs[variance].data }));
    return createRgbImage(size.width, size.height, outputs[graph.outputName].data);
  };

  return {
    async stylize(frame) {
      let result: FrameResult;
      if (options.independent) {
        result = { image: await run(frame, 1), shotStart: previousFrame === undefined };
      } else if (!previousFrame || !previousResult || (averaging && !statistics) || isHistogramCut(previousFrame, frame)) {
        result = { image: await run(frame, 1), shotStart: true };
      } else {
        const motion = await compensateMotion(options.flow!, { previousFrame, frame, previousResult });
        if (motion.isCut) result = { image: await run(frame, 1), shotStart: true };
        else result = { image: blendWithPrevious(await run(frame, options.statisticsRate ?? STATISTICS_RATE), motion, options.blend), shotStart: false, consistentShare: motion.consistentShare };
      }
      previousFrame = frame;
      previousResult = result.image;
      return result;
    },
    state: () => ({ previousFrame, previousResult, statistics }),
    async release() {
      await network?.session.release();
      network = undefined;
    },
  };
}
