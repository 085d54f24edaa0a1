/**
 * The result view: a dialog over the page with the whole painting in its own aspect ratio, a
 * before/after slider against the photo, what it was made from (photo, paintings and their
 * weights), its settings, and downloads. Esc or Close shuts it; focus stays inside while it is open
 * and goes back to what opened it (or, if that is gone, to the item's gallery card).
 */
import { presetSampleUrl } from '../api';
import { h, presetTitle } from '../dom';
import { detailsText, sizeText, weightsText } from '../job-text';
import type { JobView } from '../types';
import { createBeforeAfter } from './before-after';
import { createDownloadChoice } from './download-choice';
import { strengthText } from './style-strength';

/** The view, created once. */
export interface ResultView {
  open(item: JobView, name: string, opener: HTMLElement | null): void;
}

/**
 * Creates the dialog and appends it to the page.
 *
 * @example
 * const view = createResultView({ onReopen: (item) => reopenItem(item, config), onOpened: (id) => jobs.markSeen(id) });
 * view.open(item, 'golden-gate × wave', button);
 */
export function createResultView(hooks: { onReopen: (item: JobView) => void; onOpened: (id: string) => void }): ResultView {
  const heading = h('h2', { id: 'result-title' });
  const close = h('button', { type: 'button', className: 'ghost close-button', attrs: { 'aria-label': 'Close the result view' } }, 'Close');
  const compare = createBeforeAfter();
  const sources = h('div', { className: 'result-sources' });
  const settings = h('dl', { className: 'result-settings' });
  const downloads = createDownloadChoice();
  const reopen = h('button', { type: 'button', className: 'ghost' }, 'Reopen these settings');
  const dialog = h(
    'dialog',
    { className: 'result-view', attrs: { 'aria-labelledby': heading.id } },
    h('header', { className: 'result-header' }, heading, close),
    h('div', { className: 'result-body' }, compare.element, h('aside', { className: 'result-aside' }, sources, settings, downloads.element, reopen)),
  );
  document.body.append(dialog);
  let current: { item: JobView; opener: HTMLElement | null } | undefined;

  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => event.target === dialog && dialog.close()); // the backdrop
  dialog.addEventListener('keydown', (event) => trapTab(dialog, event));
  reopen.addEventListener('click', () => {
    const item = current?.item;
    dialog.close();
    if (item) hooks.onReopen(item);
  });
  dialog.addEventListener('close', () => {
    const opened = current;
    current = undefined;
    if (!opened || document.activeElement?.closest('#create')) return; // reopened: focus is on the form
    const fallback = document.querySelector<HTMLElement>(`.gallery-card[data-item-id="${CSS.escape(opened.item.id)}"] .gallery-open`);
    (opened.opener?.isConnected ? opened.opener : fallback)?.focus();
  });

  return {
    open(item, name, opener) {
      current = { item, opener };
      heading.textContent = name + (item.unfinished ? ' (stopped early)' : '');
      compare.show(item.imageUrl ?? '', item.sources?.content.imageUrl, item.result, name);
      renderSources(sources, item);
      renderSettings(settings, item);
      downloads.show(item.id, item.result, name);
      if (!dialog.open) dialog.showModal();
      compare.slider.closest('[hidden]') ? close.focus() : compare.slider.focus();
      hooks.onOpened(item.id);
    },
  };
}

function renderSources(container: HTMLElement, item: JobView): void {
  const source = item.sources;
  if (!source) {
    container.replaceChildren();
    return;
  }
  const styles =
    item.settings.mode === 'fast'
      ? [sourceFigure(presetTitle(item.settings.preset), presetPicture(item.settings.preset), 'preset')]
      : source.styles.map((style) => sourceFigure(style.title, sourcePicture(style.imageUrl), style.weight !== undefined && source.styles.length > 1 ? `weight ${style.weight}` : 'the painting'));
  container.replaceChildren(h('h3', {}, 'Made from'), sourceFigure(source.content.title, sourcePicture(source.content.imageUrl), 'the photo'), ...styles);
}

function sourceFigure(title: string, picture: HTMLElement, note: string): HTMLElement {
  return h('figure', { className: 'source' }, picture, h('figcaption', {}, h('strong', {}, title), h('span', { className: 'muted' }, note)));
}

/** A photo or painting; a plain square when it has no picture, none when the picture fails. */
function sourcePicture(url: string | undefined): HTMLElement {
  if (!url) return h('span', { className: 'source-swatch', attrs: { 'aria-hidden': 'true' } });
  const picture = h('img', { src: url, alt: '' });
  picture.addEventListener('error', () => (picture.hidden = true));
  return picture;
}

/**
 * A preset's sample, as its card in the form shows it (the server paints it on the first request,
 * in about a second), over the preset's colour swatch: the swatch shows while it loads and stays
 * if the preset has no sample (404 while it is not downloaded).
 */
function presetPicture(name: string): HTMLElement {
  const picture = h('img', { src: presetSampleUrl(name), alt: '' });
  picture.addEventListener('error', () => (picture.hidden = true));
  return h('span', { className: `source-preset swatch-${name}`, attrs: { 'aria-hidden': 'true' } }, picture);
}

function renderSettings(list: HTMLElement, item: JobView): void {
  const settings = item.settings;
  const rows: Array<[string, string]> = [['Mode', settings.mode === 'fast' ? `Fast (preset ${presetTitle(settings.preset)})` : 'Quality']];
  rows.push(['Size', item.result ? sizeText(item.result, ' px') : `${settings.size} px long side`]);
  if (settings.mode === 'quality') {
    rows.push(['Iterations', String(settings.iterations)]);
    if (settings.styleStrength !== undefined) rows.push(['Style strength', `${strengthText(settings.styleStrength)} the network\u2019s style weight`]);
    rows.push(['Style weight', String(settings.styleWeight)]);
  }
  rows.push(['Painting vs. photo', String(settings.strength)]);
  rows.push(['Original colours', settings.originalColors ? 'kept' : 'from the painting']);
  if (item.weights) rows.push(['Network', weightsText(item.weights).replace(/^Weights: /, '')]);
  rows.push(['Made', detailsText(item)]);
  list.replaceChildren(...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** Keeps Tab and Shift+Tab inside `dialog`. */
function trapTab(dialog: HTMLDialogElement, event: KeyboardEvent): void {
  if (event.key !== 'Tab') return;
  const focusable = [...dialog.querySelectorAll<HTMLElement>('button, a[href], input, select, [tabindex]:not([tabindex="-1"])')].filter((element) => !element.closest('[hidden]') && !(element as HTMLButtonElement).disabled);
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
