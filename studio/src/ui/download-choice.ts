/**
 * Downloads of a result: PNG or JPEG, at the original size or a smaller long side. The link's
 * address follows the two choices; the server names the file as the gallery names the work.
 */
import { downloadUrl } from '../api';
import { h } from '../dom';

/** Long sides offered below the original. */
const SMALLER_SIDES_PX = [2048, 1024, 512] as const;

/** The download controls and how to point them at an item. */
export interface DownloadChoice {
  readonly element: HTMLElement;
  show(id: string, size: { width: number; height: number } | undefined, name: string): void;
}

/**
 * Creates the controls.
 *
 * @example
 * const downloads = createDownloadChoice();
 * downloads.show(item.id, item.result, 'golden-gate × wave');
 */
export function createDownloadChoice(): DownloadChoice {
  const format = h('select', { id: 'download-format' }, h('option', { value: 'png' }, 'PNG (lossless)'), h('option', { value: 'jpeg' }, 'JPEG (smaller file)'));
  const side = h('select', { id: 'download-size' });
  const link = h('a', { className: 'button primary', id: 'download-link', download: '' }, 'Download');
  let id = '';
  let fileName = '';
  const sync = (): void => {
    link.href = downloadUrl(id, format.value as 'png' | 'jpeg', Number(side.value) || undefined, fileName);
  };
  format.addEventListener('change', sync);
  side.addEventListener('change', sync);
  const element = h(
    'div',
    { className: 'download-choice' },
    h('div', { className: 'knob' }, h('label', { htmlFor: format.id }, 'Format'), format),
    h('div', { className: 'knob' }, h('label', { htmlFor: side.id }, 'Size'), side),
    link,
  );
  return {
    element,
    show(itemId, size, name) {
      id = itemId;
      fileName = name;
      const longSide = size ? Math.max(size.width, size.height) : undefined;
      side.replaceChildren(h('option', { value: '' }, size ? `Original (${size.width}×${size.height})` : 'Original'));
      for (const px of SMALLER_SIDES_PX) {
        if (longSide !== undefined && px < longSide) side.append(h('option', { value: String(px) }, `${px} px long side`));
      }
      link.setAttribute('aria-label', `Download ${name}`);
      sync();
    },
  };
}
