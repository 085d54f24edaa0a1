/**
 * Fast presets on video without flicker. Run frame by frame, a preset flickers for two reasons: its
 * instance norms take their statistics from each frame anew (a small change of the picture shifts the
 * tone of the whole frame), and the network's response to small changes is not smooth. So:
 * 1. the norm statistics are measured once per shot (on its first frame) and then fixed, folded into
 *    the convolutions as for seamless tiles (`fast/tiled-run.ts`): one session serves the whole shot;
 * 2. each frame is blended with the previous result warped along the optical flow, where the
 *    forward–backward check passes (motion-compensated temporal smoothing).
 * A shot cut (`shot-cut.ts`) resets both. With `independent` every frame runs the network as trained
 * (statistics of its own, no blending; one session for the clip).
 */
import type { FastStyleCheckpoint } from '../fast/checkpoint.js';
import { buildFastStyleGraph, type FastStyleGraph } from '../fast/network-graph.js';
import type { LayerStatistics } from '../fast/norm-statistics.js';
import { createRgbImage, type RgbImage } from '../image.js';
import type { GraphRuntime, GraphSession } from '../runtime.js';
import type { CoherenceState, FrameResult, VideoFrameStylizer } from './frame-stylizer.js';
import { blendWithPrevious, compensateMotion } from './motion.js';
import { isHistogramCut } from './shot-cut.js';
import type { FlowEstimator } from './types.js';

/** Default share of the warped previous result in a trusted pixel (measured in docs/video.md). */
export const DEFAULT_PRESET_BLEND = 0.7;

/** How the frames are kept coherent. */
export interface PresetVideoOptions {
  /** Every frame on its own, as trained (flickers; for comparison). */
  readonly independent: boolean;
  /** Share of the warped previous result in a pixel that passed the flow check, 0–1. */
  readonly blend: number;
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
  let shot: { graph: FastStyleGraph; session: GraphSession } | undefined;
  /** The network with instance norms that also output their statistics: one session for every shot start. */
  let measuring: { graph: FastStyleGraph; session: GraphSession } | undefined;

  const openShot = async (fixed: readonly LayerStatistics[]) => {
    await shot?.session.release();
    shot = undefined;
    const graph = buildFastStyleGraph(checkpoint, { ...size, normalization: { kind: 'fixed', statistics: fixed } });
    shot = { graph, session: await runtime.createSession(graph.model) };
  };
  const runShot = async (frame: RgbImage): Promise<RgbImage> => {
    if (!shot) await openShot(statistics!);
    const outputs = await shot!.session.run({ [shot!.graph.inputName]: { data: frame.data, dims: shot!.graph.dims } });
    return createRgbImage(size.width, size.height, outputs[shot!.graph.outputName].data);
  };
  /** Measures the shot's statistics on its first frame; that run's picture is the frame's result. */
  const startShot = async (frame: RgbImage): Promise<RgbImage> => {
    if (!measuring) {
      const graph = buildFastStyleGraph(checkpoint, { ...size, normalization: { kind: 'instance', exposeStatistics: true } });
      measuring = { graph, session: await runtime.createSession(graph.model) };
    }
    const { graph, session } = measuring;
    const outputs = await session.run({ [graph.inputName]: { data: frame.data, dims: graph.dims } });
    statistics = graph.statisticsOutputs.map(({ mean, variance }) => ({ mean: outputs[mean].data, variance: outputs[variance].data }));
    await openShot(statistics);
    return createRgbImage(size.width, size.height, outputs[graph.outputName].data);
  };

  return {
    async stylize(frame) {
      let result: FrameResult;
      if (options.independent) {
        if (!shot) {
          const graph = buildFastStyleGraph(checkpoint, size);
          shot = { graph, session: await runtime.createSession(graph.model) };
        }
        result = { image: await runShot(frame), shotStart: previousFrame === undefined };
      } else if (!previousFrame || !previousResult || !statistics || isHistogramCut(previousFrame, frame)) {
        result = { image: await startShot(frame), shotStart: true };
      } else {
        const motion = await compensateMotion(options.flow!, { previousFrame, frame, previousResult });
        if (motion.isCut) result = { image: await startShot(frame), shotStart: true };
        else result = { image: blendWithPrevious(await runShot(frame), motion, options.blend), shotStart: false, consistentShare: motion.consistentShare };
      }
      previousFrame = frame;
      previousResult = result.image;
      return result;
    },
    state: () => ({ previousFrame, previousResult, statistics }),
    async release() {
      await shot?.session.release();
      await measuring?.session.release();
      shot = undefined;
      measuring = undefined;
    },
  };
}
