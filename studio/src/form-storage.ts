/**
 * The form survives a reload: every change is saved to localStorage, and on load what was saved is
 * read back and checked against the server's configuration (presets, samples, limits) and its
 * uploads (a photo or painting that is gone is dropped, not sent). A form saved by an older studio
 * (`…form.v1`) is read without its size and iterations (saved at the old quality defaults of 256 px
 * and 150 iterations, worse than any fast preset) and its absolute style weight (which meant
 * something else on each network): those start at the server's defaults.
 */
import { getUpload } from './api';
import { chosenStyle } from './reopen';
import { defaultForm, type ChosenStyle, type FormState } from './state';
import type { StudioConfig, WeightsChoice } from './types';

const STORAGE_KEY = 'painterly.studio.form.v2';
/** The older studio's key, and what of its form no longer holds. */
const OLD_STORAGE_KEY = 'painterly.studio.form.v1';
const OLD_FIELDS = ['size', 'iterations', 'styleWeight'];
const WEIGHTS: readonly WeightsChoice[] = ['default', 'vgg19', 'darknet-tiny', 'random'];

/** Saves `state` (quietly does nothing when storage is full or blocked). */
export function saveForm(state: FormState): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // private mode or a full quota: the form just will not survive a reload
  }
}

/**
 * The saved form, checked against `config` and the server's uploads; only the parts that still
 * hold. `undefined` when nothing was saved.
 *
 * @example
 * const saved = await restoreForm(config);
 * if (saved) update(saved);
 */
export async function restoreForm(config: StudioConfig): Promise<Partial<FormState> | undefined> {
  let saved: Record<string, unknown>;
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    const oldText = text ? null : localStorage.getItem(OLD_STORAGE_KEY);
    if (!text && !oldText) return undefined;
    const parsed: unknown = JSON.parse((text ?? oldText)!);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    saved = parsed as Record<string, unknown>;
    if (!text) for (const field of OLD_FIELDS) delete saved[field];
  } catch {
    return undefined;
  }
  const inRange = (value: unknown, min: number, max: number): value is number => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  const patch: Partial<FormState> = {};
  if (saved.mode === 'fast' || saved.mode === 'quality') patch.mode = saved.mode;
  if (typeof saved.preset === 'string' && config.presets.some((preset) => preset.name === saved.preset)) patch.preset = saved.preset;
  if (inRange(saved.size, 64, config.limits.maxSizePx)) patch.size = Math.round(saved.size);
  if (inRange(saved.iterations, 1, 2000)) patch.iterations = Math.round(saved.iterations);
  if (inRange(saved.styleStrength, 0, config.limits.maxStyleStrength) && saved.styleStrength > 0) patch.styleStrength = saved.styleStrength;
  if (inRange(saved.strength, 0, 1)) patch.strength = saved.strength;
  if (typeof saved.originalColors === 'boolean') patch.originalColors = saved.originalColors;
  if (WEIGHTS.includes(saved.weights as WeightsChoice)) patch.weights = saved.weights as WeightsChoice;
  const content = saved.content as { id?: unknown } | undefined;
  if (typeof content?.id === 'string') {
    const info = await getUpload(content.id).catch(() => undefined);
    if (info) patch.content = { id: info.id, name: info.name, width: info.width, height: info.height };
  }
  if (Array.isArray(saved.styles)) {
    const styles = await Promise.all(
      saved.styles.slice(0, config.limits.maxStyles).map((style: Partial<ChosenStyle>) =>
        (style.source === 'sample' || style.source === 'upload') && typeof style.id === 'string' && inRange(style.weight, 0.1, 100)
          ? chosenStyle(style.source, style.id, style.weight, config)
          : undefined,
      ),
    );
    patch.styles = styles.filter((style): style is ChosenStyle => style !== undefined);
  }
  return { ...defaultForm(config), ...patch };
}
