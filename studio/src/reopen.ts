/**
 * Reopening a gallery item: its settings go back into the form (photo, mode, style, knobs), ready to
 * tweak and run again. A photo or style upload that is gone is reported next to its field.
 */
import { messageOf, getUpload, sampleThumbnailUrl, uploadThumbnailUrl } from './api';
import { clearFieldErrors, showFieldError } from './errors';
import { defaultForm, update, type ChosenStyle, type FormState } from './state';
import type { JobView, StudioConfig } from './types';

/**
 * Fills the form from `item`'s settings.
 *
 * @example
 * await reopenItem(item, config);
 */
export async function reopenItem(item: JobView, config: StudioConfig): Promise<void> {
  clearFieldErrors();
  const settings = item.settings;
  const patch: Partial<FormState> = {
    mode: settings.mode,
    size: settings.size,
    originalColors: settings.originalColors,
    strength: settings.strength,
  };
  try {
    const content = await getUpload(settings.content);
    patch.content = { id: content.id, name: content.name, width: content.width, height: content.height };
  } catch (error) {
    patch.content = undefined;
    showFieldError('content', `The photo of this painting is no longer on the server (${messageOf(error)}). Choose it again.`);
  }
  if (settings.mode === 'fast') {
    patch.preset = settings.preset;
  } else {
    patch.iterations = settings.iterations;
    // A job that gave an exact style weight (the API), or was made before strengths, reopens at the default strength.
    if (settings.styleStrength !== undefined) patch.styleStrength = settings.styleStrength;
    patch.weights = settings.weights;
    patch.styles = (await Promise.all(settings.styles.map((style) => chosenStyle(style.source, style.id, style.weight, config)))).filter((style): style is ChosenStyle => style !== undefined);
    if (patch.styles.length < settings.styles.length) showFieldError('styles', 'Some style images of this painting are gone; pick them again.');
  }
  update({ ...defaultForm(config), ...patch });
  document.getElementById('create')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  document.getElementById('start-button')?.focus({ preventScroll: true });
}

/** A style of a saved or reopened job, as the form shows it; `undefined` when its image is gone. */
export async function chosenStyle(source: 'sample' | 'upload', id: string, weight: number, config: StudioConfig): Promise<ChosenStyle | undefined> {
  if (source === 'sample') {
    const sample = config.samples.find((candidate) => candidate.name === id);
    return sample ? { source, id, weight, label: sample.title, thumbnail: sampleThumbnailUrl(id) } : undefined;
  }
  const info = await getUpload(id).catch(() => undefined);
  return info ? { source, id, weight, label: info.name, thumbnail: uploadThumbnailUrl(id) } : undefined;
}
