/**
 * One card of the "In progress" panel: its parts, built once (so the preview only reloads when it
 * changes), and how a job's state is drawn into them. The panel owns what happens over time.
 */
import { etaText, formatDuration, formatLoss, h } from '../dom';
import { modeText, weightsText, workTitle } from '../job-text';
import type { JobView } from '../types';

const STAGE_TEXT: Readonly<Record<string, string>> = {
  waiting: 'Waiting in the queue',
  loading: 'Loading the network',
  optimizing: 'Painting',
  stylizing: 'Painting',
  finishing: 'Finishing',
  cancelling: 'Stopping…',
};

const FINAL_TEXT: Readonly<Record<string, string | undefined>> = { done: 'Done', cancelled: 'Cancelled', failed: 'Failed', interrupted: 'Interrupted' };

/** Whether `job` has ended. */
export const isFinal = (job: JobView): boolean => FINAL_TEXT[job.status] !== undefined;

/** The parts of a card that change. */
export interface JobCardParts {
  readonly element: HTMLElement;
  readonly title: HTMLElement;
  readonly stage: HTMLElement;
  readonly preview: HTMLImageElement;
  readonly bar: HTMLProgressElement;
  readonly stats: HTMLElement;
  readonly weights: HTMLElement;
  readonly error: HTMLElement;
  readonly elapsed: HTMLElement;
  readonly stopAndKeep: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  readonly dismiss: HTMLButtonElement;
}

/**
 * A new, empty card for job `id`.
 *
 * @example
 * const parts = createJobCard(job.id);
 * renderJobCard(parts, job);
 */
export function createJobCard(id: string): JobCardParts {
  const preview = h('img', { className: 'job-preview', alt: '', hidden: true });
  // A preview is dropped when its job ends; a late load then fails quietly instead of showing a broken image.
  preview.addEventListener('error', () => (preview.hidden = true));
  const titleId = `job-title-${id}`;
  const parts = {
    title: h('strong', { id: titleId }),
    stage: h('span', { className: 'job-stage' }),
    preview,
    bar: h('progress', { className: 'job-progress' }),
    stats: h('p', { className: 'job-stats' }),
    weights: h('p', { className: 'job-weights' }),
    error: h('p', { className: 'job-error field-error' }),
    elapsed: h('span', { className: 'elapsed muted' }),
    stopAndKeep: h('button', { type: 'button', className: 'ghost', hidden: true }, 'Stop and keep'),
    cancel: h('button', { type: 'button', className: 'ghost danger' }, 'Cancel'),
    dismiss: h('button', { type: 'button', className: 'ghost', hidden: true }, 'Dismiss'),
  };
  const element = h(
    'article',
    { className: 'job-card', tabIndex: -1, dataset: { jobId: id }, attrs: { 'aria-labelledby': titleId } },
    h('header', {}, parts.title, parts.stage),
    parts.preview,
    parts.bar,
    parts.stats,
    parts.weights,
    parts.error,
    h('footer', {}, parts.elapsed, h('span', { className: 'job-buttons' }, parts.stopAndKeep, parts.cancel, parts.dismiss)),
  );
  return { element, ...parts };
}

/**
 * Draws `job` into `parts`; `elapsedMs` is the time to show (frozen while the connection is lost).
 *
 * @example
 * renderJobCard(parts, job, 12_000);
 */
export function renderJobCard(parts: JobCardParts, job: JobView, elapsedMs?: number): void {
  const progress = countedProgress(job);
  const final = isFinal(job);
  const title = workTitle(job);
  if (progress && !final) {
    parts.bar.max = progress.iterations;
    parts.bar.value = progress.iteration;
  } else if (final) {
    parts.bar.max = 1;
    parts.bar.value = job.status === 'done' ? 1 : 0;
  } else {
    parts.bar.removeAttribute('value'); // indeterminate: animated
  }
  parts.bar.setAttribute('aria-label', `Progress of ${title}`);
  const stats: string[] = [];
  if (job.status === 'queued' && job.queuePosition) stats.push(`#${job.queuePosition} in the ${job.mode} queue`);
  if (progress && !final) {
    stats.push(progress.unit === 'tile' ? `Tile ${progress.iteration} / ${progress.iterations}` : `Iteration ${progress.iteration} / ${progress.iterations}`);
    if (progress.loss !== undefined) stats.push(`loss ${formatLoss(progress.loss)}`);
  }
  // One estimate, the server's: before the first step the one the Start bar showed (`etaMs`), then the running one.
  const etaMs = final ? undefined : (progress?.etaMs ?? job.etaMs);
  if (etaMs !== undefined) stats.push(job.status === 'queued' ? `takes ${etaText(etaMs)} once it starts` : `${etaText(etaMs)} left`);
  if (job.status === 'done' && job.unfinished) stats.push('Stopped early: the image as it was, kept in the gallery');
  parts.element.className = `job-card status-${job.status}`;
  parts.title.textContent = title;
  parts.stage.textContent = FINAL_TEXT[job.status] ?? STAGE_TEXT[job.stage ?? 'waiting'] ?? '';
  parts.stats.textContent = stats.join(' · ') || (final ? modeText(job) : '');
  parts.weights.textContent = job.weights ? weightsText(job.weights) : '';
  // A "cannot be reached" message (from a cancel) stays until the server answers again (errors.ts).
  if (job.error || parts.error.dataset.connectionError === undefined) {
    parts.error.textContent = job.error?.message ?? '';
    delete parts.error.dataset.connectionError;
  }
  parts.elapsed.textContent = elapsedMs === undefined ? '' : `${formatDuration(elapsedMs, true)} ${job.status === 'queued' ? 'waiting' : 'elapsed'}`;
  const stopping = job.stage === 'cancelling';
  parts.cancel.hidden = final;
  parts.cancel.disabled = stopping;
  parts.cancel.setAttribute('aria-label', `Cancel ${title}`);
  parts.stopAndKeep.hidden = final || job.mode !== 'quality' || job.status !== 'running';
  parts.stopAndKeep.disabled = stopping;
  parts.stopAndKeep.setAttribute('aria-label', `Stop ${title} and keep the image`);
  parts.dismiss.hidden = !final;
  parts.dismiss.setAttribute('aria-label', `Dismiss ${title}`);
  const image = job.status === 'done' ? job.thumbnailUrl ?? job.imageUrl : job.preview?.url;
  const key = job.status === 'done' ? 'result' : String(job.preview?.iteration ?? '');
  if (image && parts.preview.dataset.iteration !== key) {
    parts.preview.dataset.iteration = key;
    parts.preview.src = image;
    parts.preview.alt = job.status === 'done' ? `Result: ${title}` : `Preview of ${title} at iteration ${job.preview?.iteration}`;
    parts.preview.hidden = false;
  }
}

/**
 * The job's progress once it counts steps (iterations or tiles); undefined before (a hosted job's
 * view carries its latest message, which is a `load` without counts while the network loads).
 *
 * @example
 * countedProgress(job)?.iteration // → 40
 */
export function countedProgress(job: JobView): JobView['progress'] {
  const progress = job.progress;
  return progress && typeof progress.iterations === 'number' && typeof progress.iteration === 'number' ? progress : undefined;
}
