/**
 * Fast or Quality: a radio group shown as two cards (arrow keys move between them, as radios do).
 */
import { h } from '../dom';
import { getState, subscribe, update } from '../state';
import type { Mode, StudioConfig } from '../types';

const MODES: ReadonlyArray<{ mode: Mode; title: string; text: string }> = [
  { mode: 'fast', title: 'Fast', text: 'A pretrained preset, in about a second.' },
  { mode: 'quality', title: 'Quality', text: 'Optimizes toward any painting; minutes, with live preview.' },
];

/**
 * Renders the mode choice into `container`.
 *
 * @example
 * renderModePicker(byId('mode-section'), config);
 */
export function renderModePicker(container: HTMLElement, config: StudioConfig): void {
  /** Each mode's usual size (the server's defaults): a size left at one mode's becomes the other's. */
  const defaultSize: Readonly<Record<Mode, number>> = { fast: config.defaults.fast.size, quality: config.defaults.quality.size };
  const radios = MODES.map(({ mode, title, text }) => {
    const radio = h('input', { type: 'radio', name: 'mode', value: mode, id: `mode-${mode}`, className: 'visually-hidden' });
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      const { size, mode: previous } = getState();
      update({ mode, size: size === defaultSize[previous] ? defaultSize[mode] : size });
    });
    const label = h('label', { htmlFor: `mode-${mode}`, className: 'choice-card mode-card' }, h('strong', {}, title), h('span', {}, text));
    return { radio, wrapper: h('div', { className: 'choice' }, radio, label) };
  });
  container.append(
    h('fieldset', { className: 'step' }, h('legend', {}, h('span', { className: 'step-number' }, '2'), 'Mode'), h('div', { className: 'mode-grid' }, ...radios.map((radio) => radio.wrapper))),
  );
  subscribe((state) => {
    for (const { radio } of radios) radio.checked = radio.value === state.mode;
  });
}
