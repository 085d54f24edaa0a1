/**
 * Results the user has not seen yet. A finished job leaves "In progress" for the gallery at once;
 * its gallery card is marked *New* until the user focuses or clicks it, or opens its result, and
 * the tab title says "Done" meanwhile. Kept for this page's life (a reload starts with none).
 */

type Listener = () => void;

const unseen = new Set<string>();
const listeners: Listener[] = [];

/** Calls `listener` after every change. */
export function onUnseenChange(listener: Listener): void {
  listeners.push(listener);
}

/**
 * Marks gallery item `id` as a new result, not yet seen.
 *
 * @example
 * markUnseen(job.id); // its gallery card shows "New", the tab says "Done · Painterly"
 */
export function markUnseen(id: string): void {
  if (unseen.has(id)) return;
  unseen.add(id);
  for (const listener of listeners) listener();
}

/** The user saw item `id`'s result. */
export function markSeen(id: string): void {
  if (!unseen.delete(id)) return;
  for (const listener of listeners) listener();
}

/** Whether item `id` is a result not seen yet. */
export function isUnseen(id: string): boolean {
  return unseen.has(id);
}

/** Whether any result waits to be seen. */
export function hasUnseen(): boolean {
  return unseen.size > 0;
}
