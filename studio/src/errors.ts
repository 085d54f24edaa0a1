/**
 * Field errors: shown right next to the input that caused them (`[data-error-for=FIELD]`), with the
 * input marked `aria-invalid` so screen readers announce it.
 */

/** Shows `message` next to `field` (an empty message clears it). Returns whether the field exists in the page. */
export function showFieldError(field: string, message: string): boolean {
  const slot = document.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`);
  if (!slot) return false;
  slot.textContent = message;
  slot.hidden = message === '';
  const input = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
  if (input) {
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    if (message) input.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
  return true;
}

/** Clears every field error. */
export function clearFieldErrors(): void {
  for (const slot of document.querySelectorAll<HTMLElement>('[data-error-for]')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const input of document.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/** An error slot element for `field`. */
export function errorSlot(field: string): HTMLParagraphElement {
  const slot = document.createElement('p');
  slot.className = 'field-error';
  slot.dataset.errorFor = field;
  slot.setAttribute('role', 'alert');
  slot.hidden = true;
  return slot;
}
