/**
 * The gallery: every job with its result, newest first, each card named after what it was made
 * from. A finished painting opens in the result view (click the picture); it can be downloaded,
 * reopened with its settings, or deleted (two presses, so a stray click or key never deletes). An
 * interrupted quality job with a checkpoint can be resumed; if its checkpoint is gone, the card
 * says so and offers to start over. Names are distinct: a repeated title gets "(2)", "(3)", …, and
 * its downloads are named the same. A result not seen yet is marked *New* until its card is
 * focused or clicked, or its result opened (`unseen.ts`).
 */
import { ApiError, messageOf, deleteItem, downloadUrl, getGallery, resumeJob } from '../api';
import { h } from '../dom';
import { focusFirst } from '../focus';
import { detailsText, modeText, weightsText, workTitle } from '../job-text';
import type { JobView } from '../types';
import { isUnseen, markSeen, onUnseenChange } from '../unseen';

const STATUS_TEXT: Readonly<Record<string, string>> = {
  queued: 'Waiting',
  running: 'Running',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted (server stopped)',
};

/** What the gallery asks of the page. */
export interface GalleryHooks {
  readonly onOpen: (item: JobView, name: string, opener: HTMLElement) => void;
  readonly onReopen: (item: JobView) => void;
  /** A resumed job: follow it (and focus it). */
  readonly onResumed: (job: JobView) => void;
}

/**
 * The gallery panel.
 *
 * @example
 * const gallery = new Gallery(byId('gallery'), { onOpen, onReopen, onResumed });
 * await gallery.refresh();
 */
export class Gallery {
  private names = new Map<string, string>();

  constructor(
    private readonly container: HTMLElement,
    private readonly hooks: GalleryHooks,
  ) {
    onUnseenChange(() => this.markNew());
  }

  /** Reloads the items from the server. */
  async refresh(): Promise<void> {
    try {
      const { items } = await getGallery();
      this.render(items.filter((item) => item.status !== 'queued' && item.status !== 'running'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NETWORK') return; // keep what is shown; the banner says why
      this.container.replaceChildren(h('p', { className: 'field-error' }, messageOf(error)));
    }
  }

  /** The distinct name the gallery gives item `id` (its title, numbered when repeated). */
  nameOf(id: string): string | undefined {
    return this.names.get(id);
  }

  private render(items: JobView[]): void {
    this.names = distinctNames(items);
    if (items.length === 0) {
      this.container.replaceChildren(h('p', { className: 'muted empty' }, 'Finished paintings appear here, kept on disk with their settings.'));
      return;
    }
    this.container.replaceChildren(...items.map((item) => this.card(item, this.names.get(item.id) ?? workTitle(item))));
    this.markNew();
  }

  /** Marks the cards of results not seen yet as New (and unmarks the others). */
  private markNew(): void {
    for (const card of this.container.querySelectorAll<HTMLElement>('.gallery-card')) {
      const fresh = isUnseen(card.dataset.itemId ?? '');
      card.classList.toggle('unseen', fresh);
      const badge = card.querySelector('.new-badge');
      if (fresh && !badge) card.querySelector('.gallery-meta')?.prepend(h('span', { className: 'new-badge' }, 'New'));
      if (!fresh) badge?.remove();
    }
  }

  private card(item: JobView, name: string): HTMLElement {
    const done = item.status === 'done' && item.imageUrl;
    const visual = done
      ? h(
          'button',
          { type: 'button', className: 'gallery-image gallery-open', attrs: { 'aria-label': `Open ${name}` } },
          h('img', { src: item.thumbnailUrl ?? item.imageUrl, alt: `${name}${item.unfinished ? ' (stopped early)' : ''}`, loading: 'lazy' }),
        )
      : h('div', { className: 'gallery-placeholder' }, STATUS_TEXT[item.status] ?? item.status);
    if (visual instanceof HTMLButtonElement) visual.addEventListener('click', () => this.hooks.onOpen(item, name, visual));
    const actions = h('div', { className: 'gallery-actions' });
    if (done) {
      const href = item.title ? downloadUrl(item.id, 'png', undefined, name) : `${item.imageUrl}?download=1`;
      actions.append(h('a', { href, className: 'button ghost', download: '', attrs: { 'aria-label': `Download ${name}` } }, 'Download'));
    }
    const note = h('p', { className: 'field-error gallery-note', attrs: { 'aria-live': 'polite' } });
    if (item.resumable) actions.append(this.resumeButton(item, name, note));
    const reopen = h('button', { type: 'button', className: 'ghost', attrs: { 'aria-label': `Reopen ${name}` } }, 'Reopen');
    reopen.addEventListener('click', () => this.hooks.onReopen(item));
    actions.append(reopen, this.deleteButton(item, name));
    const card = h(
      'article',
      { className: `gallery-card status-${item.status}`, dataset: { itemId: item.id } },
      visual,
      h(
        'div',
        { className: 'gallery-meta' },
        h('strong', { className: 'gallery-title' }, name),
        h('span', {}, modeText(item), item.unfinished ? ' · stopped early' : ''),
        h('span', { className: 'muted' }, detailsText(item)),
        item.weights ? h('span', { className: 'muted' }, weightsText(item.weights)) : '',
        item.error ? h('span', { className: 'field-error' }, item.error.message) : '',
      ),
      note,
      actions,
    );
    card.addEventListener('focusin', () => markSeen(item.id));
    card.addEventListener('click', () => markSeen(item.id));
    return card;
  }

  private resumeButton(item: JobView, name: string, note: HTMLElement): HTMLButtonElement {
    const button = h('button', { type: 'button', className: 'secondary', attrs: { 'aria-label': `Resume ${name}` } }, 'Resume');
    button.addEventListener('click', () => {
      button.disabled = true;
      note.textContent = '';
      resumeJob(item.id)
        .then((job) => {
          this.hooks.onResumed(job);
          void this.refresh();
        })
        .catch((error: unknown) => {
          button.disabled = false;
          const checkpoint = error instanceof ApiError && error.code.startsWith('CHECKPOINT');
          note.textContent = checkpoint ? `This job cannot resume: ${messageOf(error)}` : messageOf(error);
          if (!checkpoint) return;
          const startOver = h('button', { type: 'button', className: 'secondary', attrs: { 'aria-label': `Start ${name} over` } }, 'Start over');
          startOver.addEventListener('click', () => this.hooks.onReopen(item));
          button.replaceWith(startOver);
          startOver.focus();
        });
    });
    return button;
  }

  private deleteButton(item: JobView, name: string): HTMLButtonElement {
    const label = `Delete ${name}`;
    const button = h('button', { type: 'button', className: 'ghost danger', attrs: { 'aria-label': label } }, 'Delete');
    let armed: number | undefined;
    button.addEventListener('click', () => {
      if (armed === undefined) {
        button.textContent = 'Press again to delete';
        button.setAttribute('aria-label', `Press again to delete ${name}`);
        armed = window.setTimeout(() => {
          armed = undefined;
          button.textContent = 'Delete';
          button.setAttribute('aria-label', label);
        }, 3000);
        return;
      }
      window.clearTimeout(armed);
      button.disabled = true;
      const cards = [...this.container.querySelectorAll('.gallery-card')];
      const position = cards.findIndex((card) => card.contains(button));
      deleteItem(item.id)
        .then(() => this.refresh())
        .then(() => {
          // Focus the card that took its place (or the one before it), else the gallery's heading.
          const remaining = [...this.container.querySelectorAll<HTMLElement>('.gallery-card')];
          const neighbour = remaining[Math.min(position, remaining.length - 1)];
          focusFirst(neighbour?.querySelector<HTMLElement>('.gallery-open'), neighbour?.querySelector<HTMLElement>('.gallery-actions button'), '#gallery-title');
        })
        .catch((error: unknown) => {
          button.disabled = false;
          button.textContent = messageOf(error);
        });
    });
    return button;
  }
}

/**
 * Each item's name: its title, numbered "(2)", "(3)"… from the oldest when titles repeat, so every
 * card, picture and button has a distinct accessible name.
 */
export function distinctNames(items: readonly JobView[]): Map<string, string> {
  const counts = new Map<string, number>();
  const names = new Map<string, string>();
  for (const item of [...items].reverse()) {
    const title = workTitle(item);
    const count = (counts.get(title) ?? 0) + 1;
    counts.set(title, count);
    names.set(item.id, count === 1 ? title : `${title} (${count})`);
  }
  return names;
}
