/**
 * How the API shows a job or gallery item: the stored item plus, while it is active, where it is in
 * the queue, its stage, its progress with an ETA, the time it has run so far, and the URL of its latest preview.
 */
import type { GalleryItem } from '../gallery/item.js';
import type { JobProgress, JobStage, JobView } from '../api-types.js';
import { fallbackSources, titleOf } from './job-title.js';

export type { JobProgress, JobStage, JobView };

/** Live state the manager keeps for an active job. */
export interface LiveJobState {
  readonly stage: JobStage;
  readonly queuePosition?: number;
  readonly progress?: JobProgress;
  /** The run's estimated time before its first step (`JobManager.estimateMs`). */
  readonly etaMs?: number;
  readonly previewIteration?: number;
  /** The time it has run in all so far (`RunClock`), while it runs. */
  readonly elapsedMs?: number;
}

/**
 * The view of `item`, with `live` state when the job is active; `resumable` when its checkpoint is on disk.
 *
 * @example
 * jobView(store.get(id), { stage: 'waiting', queuePosition: 3 })
 */
export function jobView(item: GalleryItem, live?: LiveJobState, resumable = false): JobView {
  const { resumeOnStart: _resumeOnStart, seq: _seq, ...stored } = item;
  const sources = item.sources ?? fallbackSources(item);
  const done = item.status === 'done' ? { imageUrl: `/api/gallery/${item.id}/image`, thumbnailUrl: `/api/gallery/${item.id}/thumbnail` } : {};
  const base: JobView = { ...stored, title: item.title ?? titleOf(sources), sources, ...done, ...(resumable ? { resumable } : {}) };
  if (!live) return base;
  return {
    ...base,
    stage: live.stage,
    ...(live.queuePosition === undefined ? {} : { queuePosition: live.queuePosition }),
    ...(live.elapsedMs === undefined ? {} : { elapsedMs: live.elapsedMs }),
    ...(live.progress ? { progress: live.progress } : live.etaMs === undefined ? {} : { etaMs: live.etaMs }),
    ...(live.previewIteration === undefined ? {} : { preview: { iteration: live.previewIteration, url: `/api/jobs/${item.id}/preview?iteration=${live.previewIteration}` } }),
  };
}
