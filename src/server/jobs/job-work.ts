/**
 * The size of a quality job, in megapixel-iterations (iterations × output megapixels), and the
 * studio's cap on it (`maxMegapixelIterations`): one job may not hold the quality lane for days.
 */
import { fitLongSide } from '../../engine/image.js';
import { HttpError } from '../http-errors.js';
import type { WorkerJob } from './protocol.js';
import { formatCount } from '../../options/format-count.js';

/**
 * The time per unit of cost an estimate assumes before this server finished a job of the kind (see
 * `paceKeyOf`): a quality job's ms per pixel and iteration for its network, a fast job's ms per output
 * pixel (preset loaded from the cache included). Measured with 1 thread on the 2-core development
 * machine, on golden_gate_bridge_fog.jpg: VGG19 (random weights) 9.5e-3 at 128 px and 7.6e-3 at
 * 256 px; Darknet Tiny 6.8e-4 at 256 px; the udnie preset 3.6e-3 at 512 px. Later estimates use the
 * pace this server measured on its latest finished job of the kind.
 */
export const PRIOR_MS_PER_COST: Readonly<Record<string, number>> = { 'quality:vgg19': 8e-3, 'quality:darknet-tiny': 7e-4, fast: 3.6e-3, visualize: 3.6e-3 };

/**
 * Jobs that run at about the same speed per unit of cost: a quality job's network, or the lane.
 *
 * @example
 * paceKeyOf({ kind: 'quality', options, outputPath }) // → 'quality:darknet-tiny'
 */
export function paceKeyOf(job: WorkerJob): string {
  return job.kind === 'quality' ? `quality:${job.options.networkChoice.family}` : job.kind;
}

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
  const count = (n: number): string => (n >= 100 || Number.isInteger(n) ? formatCount(Math.floor(n)) : n.toPrecision(2));
  const mostIterations = Math.floor((maxMegapixelIterations * 1e6) / (width * height));
  throw new HttpError(
    400,
    'INVALID_OPTION',
    `This quality job is too large for this studio: ${count(input.iterations)} iterations at ${width}×${height} px is ${count(work)} megapixel-iterations, over the limit of ${count(maxMegapixelIterations)} (one job would hold the quality queue for hours or days). Use at most ${count(mostIterations)} iterations at this size, or a smaller size (or start the server with a larger --max-megapixel-iterations).`,
    'iterations',
  );
}
