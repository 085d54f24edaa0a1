/**
 * The form's state: what the next job will be. Sections change it through `update` and redraw
 * themselves from it in their `subscribe` callbacks.
 */
import type { JobRequest, Mode, StyleRef, WeightsChoice } from './types';

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
  styleWeight: number;
  originalColors: boolean;
  strength: number;
  weights: WeightsChoice;
}

/** Studio defaults: small enough that a first quality run finishes in a minute or two on a laptop. */
export const DEFAULT_FORM: FormState = {
  mode: 'fast',
  preset: 'udnie',
  styles: [],
  size: 512,
  iterations: 150,
  styleWeight: 40,
  originalColors: false,
  strength: 1,
  weights: 'default',
};

type Listener = (state: FormState) => void;

let state: FormState = { ...DEFAULT_FORM };
const listeners: Listener[] = [];

/** The current state. */
export function getState(): FormState {
  return state;
}

/** Changes the state and tells every listener. */
export function update(patch: Partial<FormState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener(state);
}

/** Calls `listener` now and after every change. */
export function subscribe(listener: Listener): void {
  listeners.push(listener);
  listener(state);
}

/** The job request for the current state, or the field that is missing. */
export function toRequest(current: FormState): { settings: JobRequest } | { field: string; message: string } {
  if (!current.content) return { field: 'content', message: 'Choose a photo to paint first.' };
  const common = { content: current.content.id, size: current.size, originalColors: current.originalColors, strength: current.strength };
  if (current.mode === 'fast') return { settings: { mode: 'fast', preset: current.preset, ...common } };
  if (current.styles.length === 0) return { field: 'styles', message: 'Pick at least one painting (or upload your own) as the style.' };
  const styles = current.styles.map(({ source, id, weight }) => ({ source, id, weight }));
  return { settings: { mode: 'quality', styles, weights: current.weights, iterations: current.iterations, styleWeight: current.styleWeight, ...common } };
}
