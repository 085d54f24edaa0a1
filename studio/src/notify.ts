/**
 * "Notify me when done": an opt-in browser notification when a job ends while the page is not in
 * front. Permission is asked only when the user ticks the box (a user gesture), never on load.
 */
import { h } from './dom';

const STORAGE_KEY = 'painterly.studio.notify';

const supported = (): boolean => typeof Notification !== 'undefined';
const wanted = (): boolean => localStorage.getItem(STORAGE_KEY) === 'on';

/**
 * The checkbox, ready to place (hidden when the browser has no notifications).
 *
 * @example
 * actions.append(notifyToggle());
 */
export function notifyToggle(): HTMLElement {
  const box = h('input', { type: 'checkbox', id: 'notify-done' });
  const note = h('span', { className: 'muted notify-note', attrs: { 'aria-live': 'polite' } });
  const row = h('div', { className: 'notify-row' }, box, h('label', { htmlFor: box.id }, 'Notify me when done'), note);
  row.hidden = !supported();
  if (!supported()) return row;
  box.checked = wanted() && Notification.permission === 'granted';
  box.addEventListener('change', () => {
    note.textContent = '';
    if (!box.checked) {
      localStorage.setItem(STORAGE_KEY, 'off');
      return;
    }
    void Notification.requestPermission().then((permission) => {
      const granted = permission === 'granted';
      box.checked = granted;
      localStorage.setItem(STORAGE_KEY, granted ? 'on' : 'off');
      if (!granted) note.textContent = 'The browser blocks notifications for this page; the tab title still says when a job is done.';
    });
  });
  return row;
}

/**
 * Shows a notification for a finished job, when wanted and the page is not in front.
 *
 * @example
 * notifyFinished('golden-gate × wave is done', 'Fast · 512×384', thumbnailUrl);
 */
export function notifyFinished(title: string, body: string, icon?: string): void {
  if (!supported() || !wanted() || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const notification = new Notification(title, { body, icon, tag: 'painterly-job' });
  notification.addEventListener('click', () => window.focus());
}
