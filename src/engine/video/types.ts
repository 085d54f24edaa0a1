/**
 * Optical-flow types (placeholder until the flow branch lands; the same convention).
 * A BACKWARD flow: for pixel p of frame t, p + f(p) is where that point was in frame t−1.
 */
import type { RgbImage } from '../image.js';

/** A dense flow field: per-pixel displacement in pixels. */
export interface FlowField {
  readonly width: number;
  readonly height: number;
  readonly dx: Float32Array;
  readonly dy: Float32Array;
}

/** Estimates the backward flow from `current` to `previous`. */
export interface FlowEstimator {
  estimate(current: RgbImage, previous: RgbImage): Promise<FlowField>;
  dispose(): void;
}
