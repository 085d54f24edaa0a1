/**
 * One polite live region for the whole page: it speaks state changes (a job queued, running, done,
 * failed), never every tick of a timer or progress bar.
 */

/**
 * Says `text` to screen readers (once; the same text twice in a row is said again).
 *
 * @example
 * announce('golden-gate × wave: done');
 */
export function announce(text: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = region.textContent === text ? `${text}\u00a0` : text;
}
