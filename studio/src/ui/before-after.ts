/**
 * A before/after comparison: the painting, with the photo laid over its left part up to a divider.
 * The divider is a range input, so arrow keys, Home/End and Page Up/Down move it and screen readers
 * read its value ("40% photo"). A mouse, pen or finger drags it anywhere on the picture: pointer
 * events with pointer capture, and pictures that cannot be dragged or selected (otherwise the
 * browser starts dragging the image after a few pixels and the divider stops).
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
  const painting = h('img', { className: 'compare-painting', alt: '', draggable: false });
  const photo = h('img', { className: 'compare-photo', alt: '', draggable: false });
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
  // Dragging on the picture moves the divider too; the frame holds the pointer until it is released.
  let dragging: number | undefined;
  const follow = (pointer: PointerEvent): void => {
    const box = frame.getBoundingClientRect();
    slider.value = String(Math.round(Math.min(1, Math.max(0, (pointer.clientX - box.left) / box.width)) * 100));
    position();
  };
  frame.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault(); // no text selection, no native image drag
    dragging = event.pointerId;
    frame.setPointerCapture(event.pointerId);
    follow(event);
  });
  frame.addEventListener('pointermove', (event) => {
    if (event.pointerId === dragging) follow(event);
  });
  const release = (event: PointerEvent): void => {
    if (event.pointerId === dragging) dragging = undefined;
  };
  frame.addEventListener('pointerup', release);
  frame.addEventListener('pointercancel', release);
  frame.addEventListener('lostpointercapture', release);
  frame.addEventListener('dragstart', (event) => event.preventDefault());
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
