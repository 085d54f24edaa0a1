/**
 * The tab's title tells a user in another tab how the work goes: "37% · Painterly" while a job runs,
 * "Done · Painterly" once a result waits to be seen, otherwise the page's own name.
 */

/** What the title reflects. */
export interface TitleState {
  /** Progress of the furthest-along running job, 0–1; `null` when one runs without measurable progress. */
  readonly running?: number | null;
  readonly waiting: boolean;
  readonly unseenDone: boolean;
  readonly unseenFailed: boolean;
}

const PAGE_TITLE = 'Painterly Studio';

/**
 * The title for `state`.
 *
 * @example
 * tabTitle({ running: 0.37, waiting: false, unseenDone: false, unseenFailed: false }) // → '37% · Painterly'
 */
export function tabTitle(state: TitleState): string {
  if (typeof state.running === 'number') return `${Math.floor(state.running * 100)}% · Painterly`;
  if (state.running === null) return 'Painting… · Painterly';
  if (state.waiting) return 'Waiting · Painterly';
  if (state.unseenFailed) return 'Failed · Painterly';
  if (state.unseenDone) return 'Done · Painterly';
  return PAGE_TITLE;
}
