/**
 * Active jobs, live: one card per job, fed by its server-sent events. Cards tick the elapsed time
 * the server reports (the time the job has run in all, across a resume after a restart; a reload
 * does not reset it) on from when it arrived, and freeze while the connection is lost; a dropped
 * stream is refetched when the server is back. State changes (not ticks) are announced and the tab
 * title shows progress. Only work in progress stays here: a done job leaves for the gallery as soon
 * as the gallery shows it (marked *New* there until seen, `unseen.ts`), a cancelled or interrupted
 * one a moment later; a failed card stays, with its message, until it is dismissed.
 */
import { ApiError, cancelJob, getJob } from '../api';
import { announce } from '../announcer';
import { isOnline, onConnectionChange, reportConnectionLost } from '../connection';
import { h } from '../dom';
import { showErrorIn } from '../errors';
import { focusFirst, holdsFocus } from '../focus';
import { modeText, STATUS_WORDS, workTitle } from '../job-text';
import { notifyFinished } from '../notify';
import { tabTitle } from '../tab-title';
import type { JobView } from '../types';
import { hasUnseen, isUnseen, markUnseen, onUnseenChange } from '../unseen';
import { countedProgress, createJobCard, isFinal, renderJobCard, type JobCardParts } from './job-card';

/** The events of a job's stream; `tile`: a fast job's progress on a hosted deployment (`hosted/job-events.ts`). */
const EVENT_TYPES = ['status', 'load', 'iteration', 'tile', 'preview'] as const;
/** How long a cancelled or interrupted card stays before it leaves (its item is in the gallery). */
const ENDED_CARD_MS = 1500;

interface Card {
  readonly parts: JobCardParts;
  job: JobView;
  /** When the last state arrived, to extrapolate the elapsed time between events. */
  receivedAt: number;
  /** When the connection was lost since: the elapsed time stops there until the next state arrives. */
  frozenAt?: number;
  source?: EventSource;
  /** A failed card waits for the user to see it. */
  unseen: boolean;
}

/** What the panel asks of the page. */
export interface JobsPanelHooks {
  /** A job ended: refresh the gallery and counts; resolves once the gallery shows it. */
  readonly onFinished: (job: JobView) => Promise<void>;
}

/**
 * The "In progress" panel.
 *
 * @example
 * const panel = new JobsPanel(byId('jobs'), { onFinished: () => gallery.refresh() });
 * panel.track(job, { focus: true });
 */
export class JobsPanel {
  private readonly cards = new Map<string, Card>();

  constructor(
    private readonly container: HTMLElement,
    private readonly hooks: JobsPanelHooks,
  ) {
    window.setInterval(() => this.tick(), 1000);
    onConnectionChange((online) => (online ? this.reconnect() : this.freeze()));
    onUnseenChange(() => this.renderTitle());
    this.renderEmpty();
  }

  /** Shows `job` and follows its events until it ends; `focus` moves focus to its card. */
  track(job: JobView, options: { focus?: boolean } = {}): void {
    const known = this.cards.get(job.id);
    if (known) {
      if (options.focus) known.parts.element.focus();
      return;
    }
    const parts = createJobCard(job.id);
    const card: Card = { parts, job, receivedAt: Date.now(), unseen: false };
    parts.cancel.addEventListener('click', () => this.cancel(card, false));
    parts.stopAndKeep.addEventListener('click', () => this.cancel(card, true));
    parts.dismiss.addEventListener('click', () => this.remove(card));
    parts.element.addEventListener('focusin', () => this.markSeen(card));
    parts.element.addEventListener('click', () => this.markSeen(card));
    this.cards.set(job.id, card);
    this.container.prepend(parts.element);
    this.renderEmpty();
    this.render(card);
    announce(`${workTitle(job)}: ${STATUS_WORDS[job.status] ?? job.status}`);
    if (options.focus) parts.element.focus();
    if (isFinal(job)) this.finish(card);
    else this.follow(card);
  }

  /** The user saw a failed card (focused or clicked it): the tab title stops saying "Failed". */
  private markSeen(card: Card): void {
    if (!card.unseen) return;
    card.unseen = false;
    this.render(card);
  }

  private follow(card: Card): void {
    if (!isOnline()) return; // reconnect() follows it again
    const source = new EventSource(`/api/jobs/${encodeURIComponent(card.job.id)}/events`);
    card.source = source;
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => this.receive(card, JSON.parse((event as MessageEvent<string>).data) as JobView));
    }
    source.onerror = () => {
      // A stream that drops before the job's end: a lost server, or a stream closed early. Ask.
      source.close();
      if (card.source === source) card.source = undefined;
      void this.refetch(card);
    };
  }

  private async refetch(card: Card): Promise<void> {
    try {
      const job = await getJob(card.job.id);
      this.receive(card, job);
      if (!isFinal(job) && !card.source) window.setTimeout(() => !card.source && this.cards.has(job.id) && this.follow(card), 1000);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NETWORK') return; // reconnect() asks again
      if (error instanceof ApiError && error.status === 404) {
        card.parts.error.textContent = 'This job is no longer on the server.';
        this.receive(card, { ...card.job, status: 'interrupted' });
        return;
      }
      reportConnectionLost();
    }
  }

  private receive(card: Card, job: JobView): void {
    const previous = card.job;
    card.job = job;
    card.receivedAt = Date.now();
    card.frozenAt = undefined;
    this.render(card);
    if (previous.status !== job.status) announce(`${workTitle(job)}: ${STATUS_WORDS[job.status] ?? job.status}${job.error ? `. ${job.error.message}` : ''}`);
    if (isFinal(job) && !isFinal(previous)) this.finish(card);
  }

  private finish(card: Card): void {
    card.source?.close();
    card.source = undefined;
    const job = card.job;
    const shown = this.hooks.onFinished(job);
    if (job.status === 'done' || job.status === 'failed') {
      notifyFinished(`${workTitle(job)} is ${job.status === 'done' ? 'done' : 'not done: it failed'}`, job.error?.message ?? modeText(job), job.thumbnailUrl);
    }
    if (job.status === 'failed') {
      card.unseen = true;
      this.render(card);
      return; // stays, with its message, until dismissed
    }
    if (job.status === 'done') {
      // In the gallery now (marked New there): the card leaves, focus goes to the result if the card had it.
      void shown.finally(() => this.remove(card));
      return;
    }
    window.setTimeout(() => this.remove(card), ENDED_CARD_MS);
  }

  private remove(card: Card): void {
    if (!this.cards.has(card.job.id)) return;
    // Forgotten first: removing a focused element fires blur and focusout, whose handlers must find it gone.
    this.cards.delete(card.job.id);
    const element = card.parts.element;
    const hadFocus = holdsFocus(element);
    const next = element.nextElementSibling ?? element.previousElementSibling;
    card.source?.close();
    element.remove();
    this.renderEmpty();
    this.renderTitle();
    if (!hadFocus) return;
    // Focus follows the result into the gallery (else the next card); being moved there is not seeing it.
    const id = card.job.id;
    const fresh = isUnseen(id);
    const galleryOpen = document.querySelector<HTMLElement>(`.gallery-card[data-item-id="${CSS.escape(id)}"] .gallery-open`);
    focusFirst(galleryOpen, next instanceof HTMLElement && next.matches('.job-card') ? next : undefined, '#jobs-title');
    if (fresh) markUnseen(id);
  }

  private renderEmpty(): void {
    const empty = this.container.querySelector('.empty');
    if (this.cards.size === 0 && !empty) this.container.append(h('p', { className: 'muted empty' }, 'Nothing running. Start a job and follow it here.'));
    if (this.cards.size > 0) empty?.remove();
  }

  private tick(): void {
    if (!isOnline()) return; // frozen until the server answers again
    for (const card of this.cards.values()) if (!isFinal(card.job)) this.render(card);
  }

  private freeze(): void {
    for (const card of this.cards.values()) {
      card.source?.close();
      card.source = undefined;
      card.frozenAt ??= Date.now();
      card.parts.element.classList.add('stale');
    }
  }

  private reconnect(): void {
    for (const card of this.cards.values()) {
      card.parts.element.classList.remove('stale');
      if (!isFinal(card.job)) void this.refetch(card);
    }
  }

  private cancel(card: Card, keep: boolean): void {
    card.parts.cancel.disabled = true;
    card.parts.stopAndKeep.disabled = true;
    card.parts.element.focus(); // the pressed button is about to go; the card says what happens
    cancelJob(card.job.id, keep)
      .then((job) => this.receive(card, job))
      .catch((error: unknown) => {
        card.parts.cancel.disabled = false;
        card.parts.stopAndKeep.disabled = false;
        showErrorIn(card.parts.error, error);
      });
  }

  private render(card: Card): void {
    renderJobCard(card.parts, card.job, elapsedMs(card));
    card.parts.element.classList.toggle('stale', !isOnline());
    card.parts.element.classList.toggle('unseen', card.unseen);
    this.renderTitle();
  }

  private renderTitle(): void {
    const jobs = [...this.cards.values()];
    const running = jobs.filter((card) => card.job.status === 'running');
    const fractions = running.map((card) => {
      const progress = countedProgress(card.job);
      return progress ? progress.iteration / Math.max(1, progress.iterations) : null;
    });
    const measured = fractions.filter((fraction): fraction is number => fraction !== null);
    document.title = tabTitle({
      running: running.length === 0 ? undefined : measured.length ? Math.max(...measured) : null,
      waiting: jobs.some((card) => card.job.status === 'queued'),
      unseenDone: hasUnseen(),
      unseenFailed: jobs.some((card) => card.unseen && card.job.status === 'failed'),
    });
  }
}

/** The time to show on a card: the server's, ticked on from when it arrived while the job runs; waiting since created. */
function elapsedMs(card: Card): number | undefined {
  const job = card.job;
  if (isFinal(job)) return job.elapsedMs;
  if (job.status === 'running') return job.elapsedMs === undefined ? undefined : job.elapsedMs + ((card.frozenAt ?? Date.now()) - card.receivedAt);
  return Math.max(0, Date.now() - Date.parse(job.createdAt));
}
