/**
 * How the API shows a job or gallery item: the stored item plus, while it is active, where it is in
 * the queue, its stage, its progress with an ETA, and the URL of its latest preview.
 */
import type { GalleryItem } from '../gallery/item.js';

/** What an active job is doing. */
export type JobStage = 'waiting' | 'loading' | 'optimizing' | 'stylizing' | 'finishing' | 'cancelling';

/** Progress of a job: iterations of a quality job, tiles of a fast one. */
export interface JobProgress {
  readonly unit: 'iteration' | 'tile';
  /** Steps done (iteration k, or tiles finished). */
  readonly iteration: number;
  /** Steps in all. */
  readonly iterations: number;
  /** The weighted cost J (quality jobs). */
  readonly loss?: number;
  readonly elapsedMs: number;
  /** Estimated time left, from the pace of the iterations so far. */
  readonly etaMs?: number;
}

/**
 * A job as the API returns it.
 *
 * @example
 * { id, mode: 'quality', status: 'running', stage: 'optimizing', progress: { unit: 'iteration', iteration: 12, iterations: 100, loss: 3.2e6, elapsedMs: 4100, etaMs: 30000 }, preview: { iteration: 10, url } }
 */
export interface JobView extends GalleryItem {
  readonly queuePosition?: number;
  readonly stage?: JobStage;
  readonly progress?: JobProgress;
  readonly preview?: { readonly iteration: number; readonly url: string };
  /** The result image, once done. */
  readonly imageUrl?: string;
}

/** Live state the manager keeps for an active job. */
export interface LiveJobState {
  readonly stage: JobStage;
  readonly queuePosition?: number;
  readonly progress?: JobProgress;
  readonly previewIteration?: number;
}

/**
 * The view of `item`, with `live` state when the job is active.
 *
 * @example
 * jobView(store.get(id), { stage: 'waiting', queuePosition: 3 })
 */
export function jobView(item: GalleryItem, live?: LiveJobState): JobView {
  const base: JobView = item.status === 'done' ? { ...item, imageUrl: `/api/gallery/${item.id}/image` } : { ...item };
  if (!live) return base;
  return {
    ...base,
    stage: live.stage,
    ...(live.queuePosition === undefined ? {} : { queuePosition: live.queuePosition }),
    ...(live.progress ? { progress: live.progress } : {}),
    ...(live.previewIteration === undefined ? {} : { preview: { iteration: live.previewIteration, url: `/api/jobs/${item.id}/preview?iteration=${live.previewIteration}` } }),
  };
}
