/**
 * The size of a quality job, in megapixel-iterations (iterations × output megapixels), and the
 * studio's cap on it (`maxMegapixelIterations`): one job may not hold the quality lane for days.
 */
import { fitLongSide } from '../../engine/image.js';
import { HttpError } from '../http-errors.js';
import type { Lane } from './queue.js';

/**
 * The time per unit of cost (ms per pixel of a step) an estimate assumes before this server finished
 * a job of the kind: quality = one Adam iteration of random-weights VGG19 per output pixel, fast = one
 * preset pass per output pixel. Measured with 1 thread on the 2-core development machine (a 32 px
 * and a 320 px job of test/server-estimate.test.ts); later estimates use the pace measured on this machine.
 */
export const PRIOR_MS_PER_COST: Readonly<Record<Lane, number>> = { quality: 0.02, fast: 0.004, visualize: 0.004 };

/** What a quality job's size depends on. */
export interface JobWorkInput {
  /** The content photo's upright size, px. */
  readonly contentWidthPx: number;
  readonly contentHeightPx: number;
  /** The output's long side, px. */
  readonly sizePx: number;
  readonly iterations: number;
}

/**
 * Iterations × output megapixels.
 *
 * @example
 * megapixelIterations({ contentWidthPx: 1000, contentHeightPx: 1000, sizePx: 2048, iterations: 1000 }) // → 4194.304
 */
export function megapixelIterations(input: JobWorkInput): number {
  const { width, height } = fitLongSide(input.contentWidthPx, input.contentHeightPx, input.sizePx);
  return (input.iterations * width * height) / 1e6;
}

/**
 * Refuses a job over `maxMegapixelIterations` with a 400 on `iterations` that says why, what the
 * limit is, and the most iterations allowed at this size.
 *
 * @example
 * assertJobWithinLimit({ contentWidthPx: 2048, contentHeightPx: 2048, sizePx: 2048, iterations: 1_000_000 }, 25_000); // throws
 */
export function assertJobWithinLimit(input: JobWorkInput, maxMegapixelIterations: number): void {
  const work = megapixelIterations(input);
  if (work <= maxMegapixelIterations) return;
  const { width, height } = fitLongSide(input.contentWidthPx, input.contentHeightPx, input.sizePx);
  const count = (n: number): string => (n >= 100 || Number.isInteger(n) ? Math.floor(n).toLocaleString('en-US') : n.toPrecision(2));
  const mostIterations = Math.floor((maxMegapixelIterations * 1e6) / (width * height));
  throw new HttpError(
    400,
    'INVALID_OPTION',
    `This quality job is too large for this studio: ${count(input.iterations)} iterations at ${width}×${height} px is ${count(work)} megapixel-iterations, over the limit of ${count(maxMegapixelIterations)} (one job would hold the quality queue for hours or days). Use at most ${count(mostIterations)} iterations at this size, or a smaller size (or start the server with a larger --max-megapixel-iterations).`,
    'iterations',
  );
}
