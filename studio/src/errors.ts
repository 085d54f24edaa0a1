/**
 * Field errors: shown right next to the input that caused them (`[data-error-for=FIELD]`), with the
 * input marked `aria-invalid` so screen readers announce it. A message that only says the server
 * could not be reached is marked as such, and goes once the server answers again
 * (`clearConnectionErrors`), so no stale "cannot be reached" stays after a reconnect.
 */
import { ApiError, messageOf } from './api';

/** Whether `error` only says the server could not be reached (nothing was wrong with the request). */
export function isConnectionError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'NETWORK';
}

/**
 * Shows `error`'s words in `element` (its `textContent`), marked as a connection error when it is one.
 *
 * @example
 * submitJob(settings).catch((error) => showErrorIn(formError, error));
 */
export function showErrorIn(element: HTMLElement, error: unknown): void {
  element.textContent = messageOf(error);
  markConnectionError(element, error);
}

/** Marks `element` as showing a lost-connection message (or unmarks it for any other error). */
export function markConnectionError(element: HTMLElement, error: unknown): void {
  if (isConnectionError(error)) element.dataset.connectionError = '';
  else delete element.dataset.connectionError;
}

/** Clears every message that said the server could not be reached: it answers again. */
export function clearConnectionErrors(): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-connection-error]')) {
    delete element.dataset.connectionError;
    const field = element.dataset.errorFor;
    if (field !== undefined) showFieldError(field, '');
    else element.textContent = '';
  }
}

/**
 * Shows `message` next to `field` (an empty message clears it); `cause` is the error it came from,
 * if any. Returns whether the field exists in the page.
 */
export function showFieldError(field: string, message: string, cause?: unknown): boolean {
  const slot = document.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`);
  if (!slot) return false;
  slot.textContent = message;
  markConnectionError(slot, cause);
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
    delete slot.dataset.connectionError;
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
