/**
 * Tiny DOM helpers: elements are built with properties and children, text always through
 * `textContent` (never HTML), so nothing from the server or a file name can inject markup.
 */

type Child = Node | string | null | undefined | false;

/** Properties `h` sets: any writable element property, plus attributes under `attrs`. */
export type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], 'style'>> & {
  attrs?: Record<string, string>;
  dataset?: Record<string, string>;
};

/**
 * Creates an element.
 *
 * @example
 * h('button', { type: 'button', className: 'ghost', onclick: () => cancel() }, 'Cancel')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props<K> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { attrs, dataset, ...rest } = props;
  Object.assign(element, rest);
  for (const [name, value] of Object.entries(attrs ?? {})) element.setAttribute(name, value);
  for (const [name, value] of Object.entries(dataset ?? {})) element.dataset[name] = value;
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** The element with id `id` (throws when the page lacks it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/**
 * A duration for people; under 10 s with a decimal unless `wholeSeconds`.
 *
 * @example
 * formatDuration(75_000) // → '1 min 15 s'
 */
export function formatDuration(ms: number, wholeSeconds = false): string {
  if (ms < 10_000 && !wholeSeconds) return `${Math.max(0, ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * An estimated time as the page words it everywhere (beside Start and on a job's card), so the same
 * estimate always reads the same.
 *
 * @example
 * etaText(65_400) // → 'about 1 min 5 s'
 * etaText(900) // → 'about a second'
 */
export function etaText(ms: number): string {
  return ms < 1500 ? 'about a second' : `about ${formatDuration(ms, true)}`;
}

/**
 * A loss value in short scientific notation.
 *
 * @example
 * formatLoss(1234567) // → '1.23e+6'
 */
export function formatLoss(loss: number): string {
  return Math.abs(loss) >= 1e4 || (loss !== 0 && Math.abs(loss) < 1e-2) ? loss.toExponential(2) : loss.toFixed(2);
}

/** A preset name for people: `rain_princess` → `Rain Princess`. */
export function presetTitle(name: string): string {
  return name.split('_').map((word) => word[0].toUpperCase() + word.slice(1)).join(' ');
}
