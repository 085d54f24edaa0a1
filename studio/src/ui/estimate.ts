/**
 * "About 1 min 20 s": how long the job the form describes would take, from the server's own
 * estimator (`POST /api/estimate`, the one running jobs use: a new job's card starts from this very
 * number), asked again a moment after the form changes and every few seconds (the server's pace
 * follows the jobs running now), and worded as the cards word it (`etaText`).
 * Hidden while the form is incomplete or the server cannot be reached (asked again once it is back),
 * and for good when the server has no such route.
 */
import { ApiError, estimateJob } from '../api';
import { etaText, h } from '../dom';
import { isOnline, onConnectionChange } from '../connection';
import { getState, subscribe, toRequest, type FormState } from '../state';

const DEBOUNCE_MS = 400;
/** While the page is in view, the estimate is asked again this often: the server's pace follows the running jobs. */
const REFRESH_MS = 10_000;

/**
 * The estimate line, ready to place.
 *
 * @example
 * actions.append(estimateLine());
 */
export function estimateLine(): HTMLElement {
  const line = h('p', { className: 'estimate muted', id: 'estimate', hidden: true });
  let timer: number | undefined;
  let asked = 0;
  let supported = true;
  const askAbout = (state: FormState): void => {
    window.clearTimeout(timer);
    const request = toRequest(state);
    if (!supported || 'field' in request) {
      line.hidden = true;
      return;
    }
    timer = window.setTimeout(() => {
      const ask = ++asked;
      estimateJob(request.settings)
        .then(({ etaMs }) => {
          if (ask !== asked) return; // a newer form state was asked about
          line.textContent = `${capitalized(etaText(etaMs))} on this machine`;
          line.hidden = false;
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError && (error.status === 404 || error.status === 405)) supported = false;
          if (ask === asked) line.hidden = true;
        });
    }, DEBOUNCE_MS);
  };
  subscribe(askAbout);
  // An answer lost with the connection is asked for again once the server is back.
  onConnectionChange((online) => online && askAbout(getState()));
  window.setInterval(() => document.visibilityState === 'visible' && isOnline() && !line.hidden && askAbout(getState()), REFRESH_MS);
  return line;
}

const capitalized = (text: string): string => text[0].toUpperCase() + text.slice(1);
