/**
 * Active jobs, live: one card per job, fed by its server-sent events. A quality job shows iteration,
 * loss, ETA and a preview refreshed every few iterations; every card ticks its elapsed time each
 * second and shows an animated bar while there is no measurable progress, so it never looks frozen.
 */
import { messageOf, cancelJob } from '../api';
import { formatDuration, formatLoss, h, presetTitle } from '../dom';
import type { JobView } from '../types';

const STAGE_TEXT: Readonly<Record<string, string>> = {
  waiting: 'Waiting in the queue',
  loading: 'Loading the network',
  optimizing: 'Painting',
  stylizing: 'Painting',
  finishing: 'Finishing',
  cancelling: 'Cancelling…',
};

interface Card {
  readonly element: HTMLElement;
  readonly parts: CardParts;
  readonly startedAt: number;
  job: JobView;
  source?: EventSource;
}

/** The parts of a card that change; built once so the preview image is only reloaded when it changes. */
interface CardParts {
  readonly title: HTMLElement;
  readonly stage: HTMLElement;
  readonly preview: HTMLImageElement;
  readonly bar: HTMLProgressElement;
  readonly stats: HTMLElement;
  readonly weights: HTMLElement;
  readonly error: HTMLElement;
  readonly elapsed: HTMLElement;
  readonly cancel: HTMLButtonElement;
  readonly dismiss: HTMLButtonElement;
}

/**
 * The "In progress" panel.
 *
 * @example
 * const panel = new JobsPanel(byId('jobs'), () => gallery.refresh());
 * panel.track(job);
 */
export class JobsPanel {
  private readonly cards = new Map<string, Card>();

  constructor(
    private readonly container: HTMLElement,
    private readonly onFinished: (job: JobView) => void,
  ) {
    window.setInterval(() => this.tick(), 1000);
    this.renderEmpty();
  }

  /** Shows `job` and follows its events until it ends. */
  track(job: JobView): void {
    if (this.cards.has(job.id)) return;
    const parts = cardParts();
    const element = h(
      'article',
      { className: 'job-card', dataset: { jobId: job.id } },
      h('header', {}, parts.title, parts.stage),
      parts.preview,
      parts.bar,
      parts.stats,
      parts.weights,
      parts.error,
      h('footer', {}, parts.elapsed, parts.cancel, parts.dismiss),
    );
    const card: Card = { element, parts, startedAt: Date.now(), job };
    parts.cancel.addEventListener('click', () => this.cancel(card));
    parts.dismiss.addEventListener('click', () => this.remove(card.job.id));
    this.cards.set(job.id, card);
    this.container.prepend(card.element);
    this.renderEmpty();
    card.element.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    this.render(card);
    const source = new EventSource(`/api/jobs/${encodeURIComponent(job.id)}/events`);
    card.source = source;
    for (const type of ['status', 'load', 'iteration', 'preview']) {
      source.addEventListener(type, (event) => this.receive(card, JSON.parse((event as MessageEvent<string>).data) as JobView));
    }
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) this.finish(card);
    };
  }

  private receive(card: Card, job: JobView): void {
    card.job = job;
    this.render(card);
    if (['done', 'failed', 'cancelled', 'interrupted'].includes(job.status)) this.finish(card);
  }

  private finish(card: Card): void {
    card.source?.close();
    card.source = undefined;
    this.onFinished(card.job);
    if (card.job.status === 'failed') return; // keep the error in view until dismissed
    window.setTimeout(() => this.remove(card.job.id), card.job.status === 'done' ? 600 : 1500);
  }

  private remove(id: string): void {
    this.cards.get(id)?.element.remove();
    this.cards.delete(id);
    this.renderEmpty();
  }

  private renderEmpty(): void {
    const empty = this.container.querySelector('.empty');
    if (this.cards.size === 0 && !empty) this.container.append(h('p', { className: 'muted empty' }, 'Nothing running. Start a job and follow it here.'));
    if (this.cards.size > 0) empty?.remove();
  }

  private tick(): void {
    for (const card of this.cards.values()) {
      if (card.source) card.parts.elapsed.textContent = `${formatDuration(Date.now() - card.startedAt, true)} elapsed`;
    }
  }

  private cancel(card: Card): void {
    card.parts.cancel.disabled = true;
    cancelJob(card.job.id).catch((error: unknown) => {
      card.parts.cancel.disabled = false;
      card.parts.error.textContent = messageOf(error);
    });
  }

  private render(card: Card): void {
    const { job, parts } = card;
    const progress = job.progress;
    if (progress) {
      parts.bar.max = progress.iterations;
      parts.bar.value = progress.iteration;
    } else {
      parts.bar.removeAttribute('value'); // indeterminate: animated
    }
    const stats: string[] = [];
    if (job.status === 'queued' && job.queuePosition) stats.push(`#${job.queuePosition} in the ${job.mode} queue`);
    if (progress) {
      stats.push(progress.unit === 'tile' ? `Tile ${progress.iteration} / ${progress.iterations}` : `Iteration ${progress.iteration} / ${progress.iterations}`);
      if (progress.loss !== undefined) stats.push(`loss ${formatLoss(progress.loss)}`);
      if (progress.etaMs !== undefined) stats.push(`about ${formatDuration(progress.etaMs, true)} left`);
    }
    const finalText = FINAL_TEXT[job.status];
    card.element.className = `job-card status-${job.status}`;
    parts.title.textContent = jobTitle(job);
    parts.stage.textContent = finalText ?? STAGE_TEXT[job.stage ?? 'waiting'] ?? '';
    parts.stats.textContent = stats.join(' · ');
    parts.weights.textContent = job.weights ? weightsText(job.weights) : '';
    parts.error.textContent = job.error?.message ?? '';
    parts.cancel.disabled = Boolean(finalText) || job.stage === 'cancelling';
    parts.cancel.hidden = job.status === 'failed';
    parts.dismiss.hidden = job.status !== 'failed';
    if (job.preview && parts.preview.dataset.iteration !== String(job.preview.iteration)) {
      parts.preview.dataset.iteration = String(job.preview.iteration);
      parts.preview.src = job.preview.url;
      parts.preview.alt = `Preview at iteration ${job.preview.iteration}`;
      parts.preview.hidden = false;
    }
  }
}

const FINAL_TEXT: Readonly<Record<string, string | undefined>> = { done: 'Done', cancelled: 'Cancelled', failed: 'Failed', interrupted: 'Interrupted' };

function cardParts(): CardParts {
  const preview = h('img', { className: 'job-preview', alt: '', hidden: true });
  // A preview is dropped when its job ends; a late load then fails quietly instead of showing a broken image.
  preview.addEventListener('error', () => (preview.hidden = true));
  return {
    title: h('strong', {}),
    stage: h('span', { className: 'job-stage' }),
    preview,
    bar: h('progress', { className: 'job-progress', attrs: { 'aria-label': 'Progress' } }),
    stats: h('p', { className: 'job-stats' }),
    weights: h('p', { className: 'job-weights' }),
    error: h('p', { className: 'job-error field-error', attrs: { role: 'alert' } }),
    elapsed: h('span', { className: 'elapsed muted' }, '0 s elapsed'),
    cancel: h('button', { type: 'button', className: 'ghost danger' }, 'Cancel'),
    dismiss: h('button', { type: 'button', className: 'ghost', hidden: true }, 'Dismiss'),
  };
}

/** A job's one-line title. */
export function jobTitle(job: JobView): string {
  const settings = job.settings;
  if (settings.mode === 'fast') return `Fast · ${presetTitle(settings.preset)}`;
  return `Quality · ${settings.styles.length} style${settings.styles.length === 1 ? '' : 's'} · ${settings.iterations} iterations`;
}

/** Which weights a job uses, in words. */
export function weightsText(weights: { name: string; pretrained: boolean }): string {
  if (weights.name.startsWith('preset ')) return `Weights: pretrained preset ${presetTitle(weights.name.slice(7))}`;
  return weights.pretrained ? `Weights: ${weights.name} (pretrained)` : `Weights: ${weights.name} — untrained, lower quality`;
}
