/**
 * The quality engine on video, after Ruder, Dosovitskiy & Brox (2016): the first frame of a shot is
 * optimized as a still; every later frame starts from the previous result warped along the optical
 * flow and adds the temporal cost γ·(1/D)·Σ c·(x − w)² (`gatys/temporal-cost.ts`), whose weights c are
 * near 0 where the forward–backward check fails (`REJECTED_PIXEL_TRUST`), so disoccluded regions are
 * painted afresh. Later frames start close to their answer and take fewer iterations.
 */
import type { ProgressListener } from '../gatys/events.js';
import { runGatysScales } from '../gatys/run-gatys.js';
import type { GatysSettings } from '../gatys/settings.js';
import type { WeightedStyle } from '../gatys/style-targets.js';
import type { RgbImage } from '../image.js';
import type { NetworkWeights } from '../network/types.js';
import type { GraphRuntime } from '../runtime.js';
import type { CoherenceState, FrameResult, VideoFrameStylizer } from './frame-stylizer.js';
import { compensateMotion } from './motion.js';
import { isHistogramCut } from './shot-cut.js';
import type { FlowEstimator } from './types.js';

/** Default γ of the temporal cost (measured in docs/video.md). */
export const DEFAULT_TEMPORAL_WEIGHT = 200;
/**
 * Later frames of a shot take this share of the first frame's iterations by default (500 → 60): where
 * the flow is trusted they stay at the warped start whatever the count, and 60 and 125 steps gave the
 * same flicker (docs/video.md).
 */
export const DEFAULT_LATER_ITERATIONS_SHARE = 0.12;
/**
 * The temporal weight of a pixel that fails the flow check, as a share of a trusted one's. With c = 0
 * such pixels are wholly free, and Adam's per-pixel steps push the whole image's style deficit into
 * them: dotted outlines where an object was and speckled sky (docs/video.md). A thousandth still lets
 * them be repainted but keeps them near the warped start.
 */
export const REJECTED_PIXEL_TRUST = 0.001;

/** What a quality video run needs besides the frames. */
export interface QualityVideoSpec {
  readonly runtime: GraphRuntime;
  readonly weights: NetworkWeights;
  /** The paintings at their working size for the frame size, with blend weights. */
  readonly styles: readonly WeightedStyle[];
  /** The engine's settings for a first frame (`iterations`, `init`, costs …). */
  readonly settings: GatysSettings;
  /** Iterations of every later frame of a shot. */
  readonly laterIterations: number;
  /** γ; 0 keeps only the warped start. */
  readonly temporalWeight: number;
  /** Every frame from scratch (flickers; for comparison). */
  readonly independent: boolean;
  readonly flow?: FlowEstimator;
  /** Receives the optimization's events of each frame (iterations are numbered within the frame). */
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

/**
 * A frame stylizer for the quality engine, optionally continuing from `restored`.
 *
 * @example
 * const stylizer = createQualityFrameStylizer({ runtime, weights, styles, settings, laterIterations: 100, temporalWeight: 200, independent: false, flow });
 * const { image } = await stylizer.stylize(frame);
 */
export function createQualityFrameStylizer(spec: QualityVideoSpec, restored: CoherenceState = {}): VideoFrameStylizer {
  if (!spec.independent && !spec.flow) throw new Error('a coherent quality stylizer needs a flow estimator');
  let previousFrame = restored.previousFrame;
  let previousResult = restored.previousResult;

  const optimize = async (frame: RgbImage, start?: { init: RgbImage; warped: RgbImage; pixelWeights: Float32Array }): Promise<RgbImage> => {
    const iterations = start ? spec.laterIterations : spec.settings.iterations;
    // Averaging the iterates or a smaller step for later frames was measured and changed flicker by
    // under 4 % (docs/video.md), so a frame is optimized like a single-scale still.
    const settings: GatysSettings = start ? { ...spec.settings, iterations, init: 'image', averageIterates: false } : { ...spec.settings, averageIterates: false };
    const scale = { width: frame.width, height: frame.height, iterations };
    const images = {
      content: frame,
      styles: spec.styles,
      initImage: start?.init,
      temporal: start && spec.temporalWeight > 0 ? { image: start.warped, pixelWeights: withTrustFloor(start.pixelWeights), weight: spec.temporalWeight } : undefined,
    };
    return runGatysScales({ runtime: spec.runtime, weights: spec.weights, scales: [scale], source: async () => images, settings }, { onProgress: spec.onProgress, signal: spec.signal });
  };

  return {
    async stylize(frame) {
      let result: FrameResult;
      if (spec.independent || !previousFrame || !previousResult || isHistogramCut(previousFrame, frame)) {
        result = { image: await optimize(frame), shotStart: spec.independent ? previousFrame === undefined : true };
      } else {
        const motion = await compensateMotion(spec.flow!, { previousFrame, frame, previousResult });
        result = motion.isCut
          ? { image: await optimize(frame), shotStart: true }
          : { image: await optimize(frame, { init: motion.warped, warped: motion.warped, pixelWeights: motion.pixelWeights }), shotStart: false, consistentShare: motion.consistentShare };
      }
      previousFrame = frame;
      previousResult = result.image;
      return result;
    },
    state: () => ({ previousFrame, previousResult }),
    release: async () => undefined,
  };
}

/** c' = floor + (1 − floor)·c: pixels that fail the flow check keep `REJECTED_PIXEL_TRUST` of the pull. */
export function withTrustFloor(pixelWeights: Float32Array, floor = REJECTED_PIXEL_TRUST): Float32Array {
  return pixelWeights.map((c) => floor + (1 - floor) * c);
}
