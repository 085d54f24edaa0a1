/**
 * The coarse-to-fine schedule of a multi-scale run: which image sizes are optimized, in order, and how
 * many of the run's iterations each gets. Pure arithmetic; see docs/multiscale.md for the reasoning.
 */
import { fitLongSide } from '../image.js';

/** One scale of a run: the generated image's size there and the optimizer steps taken at it. */
export interface ScaleStep {
  readonly width: number;
  readonly height: number;
  readonly iterations: number;
}

/** `auto`: several scales when the output's long side is above MULTI_SCALE_ABOVE px; `single`: one. */
export type ScaleMode = (typeof SCALE_MODES)[number];
/** The scale modes, in help order. */
export const SCALE_MODES = ['auto', 'single'] as const;

/** Outputs up to this long side run at one scale even in `auto` mode (they are cheap already). */
export const MULTI_SCALE_ABOVE = 256;
/** Default long side of the first scale, px. */
export const DEFAULT_MIN_SCALE = 128;
/** Each scale's long side is this factor times the previous one's (pixels double). */
export const SCALE_FACTOR = Math.SQRT2;
/**
 * Each scale gets this share of the previous scale's iterations. Pixels double per scale, so at 0.5
 * every scale would cost the same time; a bit more leaves the finest scale enough steps for detail.
 */
export const ITERATION_DECAY = 0.6;
/** A last intermediate scale closer than this to the output size is dropped (a tiny step helps nothing). */
const MIN_LAST_STEP = 1.15;

export interface ScheduleRequest {
  /** The output's size. */
  readonly width: number;
  readonly height: number;
  /** Total optimizer steps over all scales. */
  readonly iterations: number;
  readonly mode: ScaleMode;
  /** Long side of the first scale, px (raised when the short side would fall below `minShortSide`). */
  readonly minScale: number;
  /** The smallest short side the network can take (the deepest layer must keep ≥ 1 pixel). */
  readonly minShortSide: number;
}

/**
 * The scales of a run, smallest first; the last is the output's size. Long sides grow by √2 from
 * `minScale`; `iterations` is split over them in the ratio 1 : 0.6 : 0.6² … (most at the smallest,
 * where a step is cheapest), rounded so they add up exactly. With fewer iterations than scales the
 * coarsest scales are dropped.
 *
 * @example
 * planScales({ width: 512, height: 384, iterations: 500, mode: 'auto', minScale: 128, minShortSide: 16 })
 * // → 128×96 (217 its), 181×136 (130), 256×192 (78), 362×272 (47), 512×384 (28)
 */
export function planScales(request: ScheduleRequest): ScaleStep[] {
  const { width, height, iterations } = request;
  const longSide = Math.max(width, height);
  if (request.mode === 'single' || longSide <= MULTI_SCALE_ABOVE || iterations === 0) return [{ width, height, iterations }];
  const sizes: Array<{ width: number; height: number }> = [];
  for (let side = request.minScale; side * MIN_LAST_STEP < longSide; side *= SCALE_FACTOR) {
    const size = fitLongSide(width, height, Math.round(side));
    if (Math.min(size.width, size.height) >= request.minShortSide) sizes.push(size);
  }
  sizes.push({ width, height });
  const kept = sizes.slice(Math.max(0, sizes.length - iterations));
  const counts = splitIterations(iterations, kept.length);
  return kept.map((size, index) => ({ ...size, iterations: counts[index] }));
}

/** `total` split over `parts` in the ratio 1 : d : d² …, by largest remainder so the parts sum to `total`. */
function splitIterations(total: number, parts: number): number[] {
  const shares = Array.from({ length: parts }, (_, index) => ITERATION_DECAY ** index);
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((share) => (total * share) / sum);
  const counts = exact.map((value) => Math.max(1, Math.floor(value)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder);
  for (let k = 0; left > 0; k = (k + 1) % parts, left--) counts[byRemainder[k].index] += 1;
  for (let index = 0; left < 0; index = (index + 1) % parts) {
    if (counts[index] > 1) {
      counts[index] -= 1;
      left += 1;
    }
  }
  return counts;
}
