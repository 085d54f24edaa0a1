/**
 * Optical flow, as the video engines use it. The one convention, everywhere:
 *
 *   a flow field is BACKWARD: for pixel p of frame t, p + f(p) is where the same point was in frame t−1.
 *
 * So `warpImage(previous, flow)(p) = previous(p + f(p))` brings frame t−1 (or its painted result) into
 * frame t's geometry. The estimate the other way (frame t−1 → t) is the *forward* flow of that pair; the
 * two together give the consistency check (`consistency.ts`).
 */
import type { RgbImage } from '../image.js';

/** A dense flow field: per-pixel displacement in pixels, row-major, `width · height` values each. */
export interface FlowField {
  readonly width: number;
  readonly height: number;
  readonly dx: Float32Array;
  readonly dy: Float32Array;
}

/** Estimates dense optical flow. Owns native or WebAssembly memory: `dispose` when done. */
export interface FlowEstimator {
  /** The flow from `current` back to `previous`: `current(p) ≈ previous(p + f(p))`. Both images have one size; so has the flow. */
  estimate(current: RgbImage, previous: RgbImage): Promise<FlowField>;
  dispose(): void;
}
