/**
 * The gallery: every job with its result, newest first. A finished painting can be opened full size,
 * downloaded, reopened with its settings (to tweak and run again) or deleted (two presses, so a
 * stray click or key never deletes).
 */
import { messageOf, deleteItem, getGallery } from '../api';
import { formatDuration, h } from '../dom';
import type { JobView } from '../types';
import { jobTitle, weightsText } from './jobs-panel';

const STATUS_TEXT: Readonly<Record<string, string>> = {
  queued: 'Waiting',
  running: 'Running',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted (server stopped)',
};

/**
 * The gallery panel.
 *
 * @example
 * const gallery = new Gallery(byId('gallery'), (item) => reopen(item));
 * await gallery.refresh();
 */
export class Gallery {
  constructor(
    private readonly container: HTMLElement,
    private readonly onReopen: (item: JobView) => void,
  ) {}

  /** Reloads the items from the server. */
  async refresh(): Promise<void> {
    try {
      const { items } = await getGallery();
      this.render(items.filter((item) => item.status !== 'queued' && item.status !== 'running'));
    } catch (error) {
      this.container.replaceChildren(h('p', { className: 'field-error' }, messageOf(error)));
    }
  }

  private render(items: JobView[]): void {
    if (items.length === 0) {
      this.container.replaceChildren(h('p', { className: 'muted empty' }, 'Finished paintings appear here, kept on disk with their settings.'));
      return;
    }
    this.container.replaceChildren(...items.map((item) => this.card(item)));
  }

  private card(item: JobView): HTMLElement {
    const done = item.status === 'done' && item.imageUrl;
    const visual = done
      ? h('a', { href: item.imageUrl, target: '_blank', rel: 'noopener', className: 'gallery-image', title: 'Open full size' }, h('img', { src: item.imageUrl, alt: `Result: ${jobTitle(item)}`, loading: 'lazy' }))
      : h('div', { className: 'gallery-placeholder' }, STATUS_TEXT[item.status] ?? item.status);
    const details = [
      item.result ? `${item.result.width}×${item.result.height}` : '',
      item.elapsedMs !== undefined ? formatDuration(item.elapsedMs) : '',
      new Date(item.createdAt).toLocaleString(),
    ].filter(Boolean);
    const actions = h('div', { className: 'gallery-actions' });
    if (done) actions.append(h('a', { href: `${item.imageUrl}?download=1`, className: 'button ghost', download: '' }, 'Download'));
    const reopen = h('button', { type: 'button', className: 'ghost' }, 'Reopen');
    reopen.addEventListener('click', () => this.onReopen(item));
    actions.append(reopen, this.deleteButton(item));
    return h(
      'article',
      { className: `gallery-card status-${item.status}`, dataset: { itemId: item.id } },
      visual,
      h('div', { className: 'gallery-meta' }, h('strong', {}, jobTitle(item)), h('span', { className: 'muted' }, details.join(' · ')), item.weights ? h('span', { className: 'muted' }, weightsText(item.weights)) : '', item.error ? h('span', { className: 'field-error' }, item.error.message) : ''),
      actions,
    );
  }

  private deleteButton(item: JobView): HTMLButtonElement {
    const button = h('button', { type: 'button', className: 'ghost danger' }, 'Delete');
    let armed: number | undefined;
    button.addEventListener('click', () => {
      if (armed === undefined) {
        button.textContent = 'Press again to delete';
        armed = window.setTimeout(() => {
          armed = undefined;
          button.textContent = 'Delete';
        }, 3000);
        return;
      }
      window.clearTimeout(armed);
      button.disabled = true;
      deleteItem(item.id)
        .then(() => this.refresh())
        .catch((error: unknown) => {
          button.disabled = false;
          button.textContent = messageOf(error);
        });
    });
    return button;
  }
}
