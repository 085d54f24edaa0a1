/**
 * Where focus goes after an action removes or disables what had it: the first of the candidates
 * still in the page, so keyboard and screen-reader users never fall back to the top of the body.
 */

/**
 * Focuses the first candidate that is in the page and not hidden (a selector or an element).
 * Returns the element focused, if any.
 *
 * @example
 * focusFirst(nextCard, '#gallery-title');
 */
export function focusFirst(...candidates: Array<HTMLElement | string | null | undefined>): HTMLElement | undefined {
  for (const candidate of candidates) {
    const element = typeof candidate === 'string' ? document.querySelector<HTMLElement>(candidate) : candidate;
    if (!element || !element.isConnected || element.closest('[hidden]') || (element as HTMLButtonElement).disabled) continue;
    element.focus();
    if (document.activeElement === element) return element;
  }
  return undefined;
}

/** Whether focus is on `element` or inside it. */
export function holdsFocus(element: Element): boolean {
  return element.contains(document.activeElement);
}
