/**
 * What the studio page reads of a hosted job besides the hosted view's own fields: the studio's
 * `JobView` vocabulary (sources, stage, counted progress, preview, image and card URLs), so the one
 * page works against both deployments. The hosted fields stay as they are; these are added beside
 * them (an API client of the hosted node sees a superset of what it saw before).
 */
import type { JobSources, JobStage } from '../api-types.js';
import { fallbackSources, TITLE_SEPARATOR } from '../jobs/job-title.js';
import type { HostedProgress, HostedViewProgress, JobRow } from './types.js';

/** The studio's fields of a hosted job's view. */
export interface StudioJobFields {
  readonly updatedAt: string;
  readonly sources: JobSources;
  readonly stage?: JobStage;
  readonly progress?: HostedViewProgress;
  readonly elapsedMs?: number;
  readonly preview?: { readonly iteration: number; readonly url: string };
  readonly imageUrl?: string;
  readonly thumbnailUrl?: string;
}

/**
 * The studio's fields of `row` (the gallery's URLs are `/api/gallery/<id>/…`, served by `gallery-routes.ts`).
 *
 * @example
 * studioFieldsOf(row) // → { updatedAt, sources: { content: { title: 'golden-gate', … }, … }, stage: 'stylizing', progress: { type: 'tile', unit: 'tile', iteration: 1, iterations: 4, … } }
 */
export function studioFieldsOf(row: JobRow): StudioJobFields {
  const active = row.status === 'queued' || row.status === 'running';
  const progress = active && row.progress ? countedProgress(row.progress, row) : undefined;
  const elapsedMs = row.started_at ? (row.finished_at ?? new Date()).getTime() - row.started_at.getTime() : undefined;
  const previewIteration = active && row.progress?.type === 'preview' ? row.progress.iteration : undefined;
  return {
    updatedAt: (row.finished_at ?? row.started_at ?? row.created_at).toISOString(),
    sources: sourcesOf(row),
    ...(active ? { stage: stageOf(row) } : {}),
    ...(progress ? { progress } : {}),
    ...(elapsedMs === undefined ? {} : { elapsedMs: Math.max(0, elapsedMs) }),
    ...(previewIteration === undefined ? {} : { preview: { iteration: previewIteration, url: `/api/jobs/${row.id}/preview?iteration=${previewIteration}` } }),
    ...(row.status === 'done' && row.result ? { imageUrl: `/api/gallery/${row.id}/image`, thumbnailUrl: `/api/gallery/${row.id}/thumbnail` } : {}),
  };
}

/** The message with the studio's counted fields when it counts steps; a `load` message stays as it is (the card shows its stage). */
function countedProgress(message: HostedProgress, row: JobRow): HostedViewProgress {
  if (message.type === 'iteration') return { ...message, unit: 'iteration' };
  if (message.type === 'tile') return { ...message, unit: 'tile', iteration: message.index, iterations: message.count };
  if (message.type === 'preview' && row.settings.mode === 'quality') return { ...message, unit: 'iteration', iterations: row.settings.iterations, elapsedMs: 0 };
  return message;
}

function stageOf(row: JobRow): JobStage {
  if (row.status === 'queued') return 'waiting';
  if (!row.progress || row.progress.type === 'load') return 'loading';
  return row.mode === 'fast' ? 'stylizing' : 'optimizing';
}

/** The sources of a row: its settings' pictures, the content named as in the job's title (hosted rows keep no sources of their own). */
function sourcesOf(row: JobRow): JobSources {
  const sources = fallbackSources({ id: row.id, mode: row.mode, status: row.status, createdAt: '', updatedAt: '', settings: row.settings });
  const separator = row.title.indexOf(TITLE_SEPARATOR);
  return separator > 0 ? { ...sources, content: { ...sources.content, title: row.title.slice(0, separator) } } : sources;
}
