/**
 * The form's state: what the next job will be. Sections change it through `update` and redraw
 * themselves from it in their `subscribe` callbacks.
 */
import type { JobRequest, Mode, StudioConfig, StyleRef, WeightsChoice } from './types';

/** A chosen style image, with what the page shows of it. */
export interface ChosenStyle extends StyleRef {
  label: string;
  thumbnail: string;
}

/** Everything the form holds. */
export interface FormState {
  content?: { id: string; name: string; width: number; height: number };
  mode: Mode;
  preset: string;
  styles: ChosenStyle[];
  size: number;
  iterations: number;
  /** β relative to the chosen network's own style weight (the server resolves it). */
  styleStrength: number;
  originalColors: boolean;
  strength: number;
  weights: WeightsChoice;
}

/**
 * The form as a first visit shows it: a fast preset at the fast size, and the quality knobs at the
 * server's quality defaults (`painterly stylize`'s iterations, style strength 1; switching to
 * Quality sets its size, mode-picker.ts), so a first quality job looks as good as the CLI's.
 *
 * @example
 * defaultForm(config) // → { mode: 'fast', preset: 'udnie', size: 512, iterations: 500, styleStrength: 1, … }
 */
export function defaultForm(config: StudioConfig): FormState {
  const { iterations, styleStrength } = config.defaults.quality;
  return { mode: 'fast', preset: 'udnie', styles: [], size: config.defaults.fast.size, iterations, styleStrength, originalColors: false, strength: 1, weights: 'default' };
}

type Listener = (state: FormState) => void;

let state: FormState | undefined;
const listeners: Listener[] = [];

/** Starts the form at `defaultForm(config)`; call it once, before anything subscribes. */
export function initForm(config: StudioConfig): void {
  state = defaultForm(config);
}

/** The current state. */
export function getState(): FormState {
  if (!state) throw new Error('The form has no state yet: call initForm(config) first.');
  return state;
}

/** Changes the state and tells every listener. */
export function update(patch: Partial<FormState>): void {
  state = { ...getState(), ...patch };
  for (const listener of listeners) listener(state);
}

/** Calls `listener` now and after every change. */
export function subscribe(listener: Listener): void {
  listeners.push(listener);
  listener(getState());
}

/** The job request for the current state, or the field that is missing. */
export function toRequest(current: FormState): { settings: JobRequest } | { field: string; message: string } {
  if (!current.content) return { field: 'content', message: 'Choose a photo to paint first.' };
  const common = { content: current.content.id, size: current.size, originalColors: current.originalColors, strength: current.strength };
  if (current.mode === 'fast') return { settings: { mode: 'fast', preset: current.preset, ...common } };
  if (current.styles.length === 0) return { field: 'styles', message: 'Pick at least one painting (or upload your own) as the style.' };
  const styles = current.styles.map(({ source, id, weight }) => ({ source, id, weight }));
  return { settings: { mode: 'quality', styles, weights: current.weights, iterations: current.iterations, styleStrength: current.styleStrength, ...common } };
}
