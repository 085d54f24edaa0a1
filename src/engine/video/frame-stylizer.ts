/**
 * The contract between a video run and the engine that repaints its frames one after another.
 * Two engines keep consecutive frames coherent — fast presets (`coherent-preset.ts`) and the Gatys
 * optimization with a temporal cost (`coherent-quality.ts`) — and both can run independently per
 * frame instead, for comparison.
 */
import type { RgbImage } from '../image.js';
import type { LayerStatistics } from '../fast/norm-statistics.js';

/** One repainted frame and how it was made. */
export interface FrameResult {
  /** The repainted frame, before the finishing step (strength, original colours). */
  readonly image: RgbImage;
  /** This frame starts a shot: the first frame, or a cut (nothing was carried over from the previous one). */
  readonly shotStart: boolean;
  /** Share of pixels whose motion passed the forward–backward check (absent at a shot start). */
  readonly consistentShare?: number;
}

/**
 * What a stylizer carries from frame to frame, enough to resume a run after the last saved frame.
 * Images are at the working size.
 */
export interface CoherenceState {
  /** The last input frame (the flow to the next frame starts from it). */
  readonly previousFrame?: RgbImage;
  /** The last result, before finishing (the next frame is pulled toward its warped copy). */
  readonly previousResult?: RgbImage;
  /** Presets: the instance-norm statistics of the current shot. */
  readonly statistics?: readonly LayerStatistics[];
}

/** Repaints the frames of one clip in order. Owns its sessions: `release` in `finally`. */
export interface VideoFrameStylizer {
  stylize(frame: RgbImage): Promise<FrameResult>;
  /** The state after the last frame (for a checkpoint). */
  state(): CoherenceState;
  release(): Promise<void>;
}
