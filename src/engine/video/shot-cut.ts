/**
 * Shot cuts: where a clip jumps to another scene, nothing may be carried over from the previous frame
 * (its warped result, a preset's norm statistics). Two tests, cheap first:
 * 1. the brightness histograms of the two frames differ a lot (motion barely moves a histogram);
 * 2. after the optical flow, few pixels pass the forward–backward check (the flow found no match).
 */
import type { RgbImage } from '../image.js';

/** Bins of the luma histogram. */
export const SHOT_CUT_HISTOGRAM_BINS = 32;
/**
 * A cut when the L1 distance of the two normalised luma histograms (0 = same, 2 = disjoint) exceeds this.
 * On the test clip (docs/video.md) pans and zooms stay below 0.25 and cuts between photos are above 0.6.
 */
export const SHOT_CUT_HISTOGRAM_DISTANCE = 0.5;
/** A cut when fewer pixels than this share pass the forward–backward flow check. */
export const SHOT_CUT_MIN_CONSISTENT_SHARE = 0.3;

/**
 * The normalised histogram (sums to 1) of Rec. 601 luma over `bins` equal bins of 0–255.
 *
 * @example lumaHistogram(createRgbImage(2, 1), 4) // → [1, 0, 0, 0] (black)
 */
export function lumaHistogram(image: RgbImage, bins = SHOT_CUT_HISTOGRAM_BINS): Float64Array {
  const plane = image.width * image.height;
  const histogram = new Float64Array(bins);
  const { data } = image;
  for (let p = 0; p < plane; p++) {
    const luma = 0.299 * data[p] + 0.587 * data[plane + p] + 0.114 * data[2 * plane + p];
    histogram[Math.min(bins - 1, Math.max(0, Math.floor((luma / 256) * bins)))] += 1 / plane;
  }
  return histogram;
}

/**
 * L1 distance of the luma histograms of `a` and `b`, 0–2.
 *
 * @example histogramDistance(black, white) // → 2
 */
export function histogramDistance(a: RgbImage, b: RgbImage): number {
  const ha = lumaHistogram(a);
  const hb = lumaHistogram(b);
  let distance = 0;
  for (let k = 0; k < ha.length; k++) distance += Math.abs(ha[k] - hb[k]);
  return distance;
}

/**
 * Whether `current` starts a new shot after `previous` by the histogram test (the flow test is
 * applied by the stylizers once they have the flow: see `compensateMotion`).
 *
 * @example isHistogramCut(frameOfShotA, frameOfShotB) // → true
 */
export function isHistogramCut(previous: RgbImage, current: RgbImage): boolean {
  return histogramDistance(previous, current) > SHOT_CUT_HISTOGRAM_DISTANCE;
}
