/**
 * A before/after comparison: the painting, with the photo laid over its left part up to a divider.
 * The divider is a range input, so arrow keys, Home/End and Page Up/Down move it and screen readers
 * read its value ("40% photo").
 */
import { h } from '../dom';

/** The comparison's element and how to fill it. */
export interface BeforeAfter {
  readonly element: HTMLElement;
  readonly slider: HTMLInputElement;
  /** Shows `paintingUrl` against `photoUrl` (no photo: the painting alone), at `width`×`height`. */
  show(paintingUrl: string, photoUrl: string | undefined, size: { width: number; height: number } | undefined, name: string): void;
}

/**
 * Creates the comparison.
 *
 * @example
 * const compare = createBeforeAfter();
 * compare.show(item.imageUrl, item.sources?.content.imageUrl, item.result, name);
 */
export function createBeforeAfter(): BeforeAfter {
  const painting = h('img', { className: 'compare-painting', alt: '' });
  const photo = h('img', { className: 'compare-photo', alt: '' });
  const photoLayer = h('div', { className: 'compare-photo-layer', attrs: { 'aria-hidden': 'true' } }, photo);
  const divider = h('div', { className: 'compare-divider', attrs: { 'aria-hidden': 'true' } });
  const slider = h('input', { type: 'range', min: '0', max: '100', step: '1', value: '50', className: 'compare-slider', id: 'compare-slider' });
  const frame = h('div', { className: 'compare-frame' }, painting, photoLayer, divider);
  const label = h('label', { htmlFor: slider.id, className: 'compare-label' }, 'Before / after: slide to compare with the photo');
  const element = h('figure', { className: 'compare' }, frame, h('div', { className: 'compare-controls' }, label, slider));
  const position = (): void => {
    frame.style.setProperty('--split', `${slider.value}%`);
    slider.setAttribute('aria-valuetext', `${slider.value}% photo, ${100 - Number(slider.value)}% painting`);
  };
  slider.addEventListener('input', position);
  // Dragging on the picture moves the divider too.
  frame.addEventListener('pointerdown', (event) => {
    const move = (pointer: PointerEvent): void => {
      const box = frame.getBoundingClientRect();
      slider.value = String(Math.round(((pointer.clientX - box.left) / box.width) * 100));
      position();
    };
    move(event);
    frame.setPointerCapture(event.pointerId);
    frame.addEventListener('pointermove', move);
    frame.addEventListener('pointerup', () => frame.removeEventListener('pointermove', move), { once: true });
  });
  return {
    element,
    slider,
    show(paintingUrl, photoUrl, size, name) {
      painting.src = paintingUrl;
      painting.alt = name;
      // Its own width and height: the browser keeps the aspect ratio while it loads (never cropped).
      if (size) {
        painting.width = size.width;
        painting.height = size.height;
        frame.style.setProperty('--ratio', String(size.width / size.height));
      } else {
        frame.style.removeProperty('--ratio');
        painting.removeAttribute('width');
        painting.removeAttribute('height');
      }
      const comparable = photoUrl !== undefined;
      photoLayer.hidden = !comparable;
      divider.hidden = !comparable;
      slider.parentElement!.hidden = !comparable;
      if (photoUrl) photo.src = photoUrl;
      slider.value = '50';
      position();
    },
  };
}
