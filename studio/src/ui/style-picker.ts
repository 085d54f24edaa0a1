/**
 * The style: in Fast mode one of the presets; in Quality mode any number of sample paintings and
 * uploads, each with its blend weight, plus a clear statement of the VGG19 weights the job will use.
 * Preset cards show a small picture the preset painted (the gradient swatch until it is
 * downloaded, asked for again once it was used); paintings dropped on the quality style list are uploaded as styles.
 */
import { messageOf, presetSampleUrl, sampleThumbnailUrl, uploadImage, uploadThumbnailUrl } from '../api';
import { focusFirst } from '../focus';
import { h, presetTitle } from '../dom';
import { errorSlot, showFieldError } from '../errors';
import { getState, subscribe, update, type ChosenStyle } from '../state';
import type { StudioConfig } from '../types';

/**
 * Renders the style section into `container`.
 *
 * @example
 * renderStylePicker(byId('style-section'), config);
 */
export function renderStylePicker(container: HTMLElement, config: StudioConfig): void {
  const presets = presetGrid(config);
  const quality = qualityStyles(config);
  container.append(
    h('fieldset', { className: 'step' }, h('legend', {}, h('span', { className: 'step-number' }, '3'), 'Style'), presets, quality, errorSlot('preset'), errorSlot('styles')),
  );
  subscribe((state) => {
    presets.hidden = state.mode !== 'fast';
    quality.hidden = state.mode !== 'quality';
  });
}

function presetGrid(config: StudioConfig): HTMLElement {
  const grid = h('div', { className: 'preset-grid', attrs: { role: 'radiogroup', 'aria-label': 'Preset' }, dataset: { field: 'preset' } });
  const radios: HTMLInputElement[] = [];
  for (const preset of config.presets) {
    const radio = h('input', { type: 'radio', name: 'preset', value: preset.name, id: `preset-${preset.name}`, className: 'visually-hidden' });
    radio.addEventListener('change', () => radio.checked && update({ preset: preset.name }));
    radios.push(radio);
    const label = h(
      'label',
      { htmlFor: radio.id, className: 'choice-card preset-card', title: preset.description },
      preset.cached ? presetPicture(preset.name) : presetSwatch(preset.name),
      h('strong', {}, presetTitle(preset.name)),
      h('span', { className: 'muted' }, preset.description),
      preset.cached ? null : h('span', { className: 'badge' }, 'downloads on first use'),
    );
    grid.append(h('div', { className: 'choice' }, radio, label));
  }
  subscribe((state) => {
    for (const radio of radios) radio.checked = radio.value === state.preset;
  });
  return grid;
}

/**
 * Preset `name` was just used, so it is downloaded now: its card drops the "downloads on first use"
 * badge and asks for its sample again (the server paints it on that request), so the card, and the
 * result view that shows the same picture, have it.
 *
 * @example
 * showPresetSample('wave'); // after a fast job with the Wave preset finished
 */
export function showPresetSample(name: string): void {
  const label = document.querySelector(`label[for="preset-${CSS.escape(name)}"]`);
  label?.querySelector('.badge')?.remove();
  label?.querySelector('.swatch')?.replaceWith(presetPicture(name));
}

/** The preset's own sample picture; its gradient swatch if the server has none after all (404). */
function presetPicture(name: string): HTMLElement {
  const picture = h('img', { className: 'preset-sample', src: presetSampleUrl(name), alt: '', loading: 'lazy' });
  picture.addEventListener('error', () => picture.replaceWith(presetSwatch(name)));
  return picture;
}

/**
 * A preset's gradient swatch: what its card shows while the preset is not downloaded (its sample is
 * not asked for then: the 404 would only clutter the browser's console).
 */
function presetSwatch(name: string): HTMLElement {
  return h('span', { className: `swatch swatch-${name}`, attrs: { 'aria-hidden': 'true' } });
}

function qualityStyles(config: StudioConfig): HTMLElement {
  const samples = h('div', { className: 'sample-grid', attrs: { role: 'group', 'aria-label': 'Sample paintings' } });
  const sampleButtons = config.samples.map((sample) => {
    const button = h(
      'button',
      { type: 'button', className: 'sample', title: sample.title, attrs: { 'aria-pressed': 'false' }, dataset: { sample: sample.name } },
      h('img', { src: sampleThumbnailUrl(sample.name), alt: '', loading: 'lazy' }),
      h('span', {}, sample.title),
    );
    button.addEventListener('click', () => toggleStyle({ source: 'sample', id: sample.name, weight: 1, label: sample.title, thumbnail: sampleThumbnailUrl(sample.name) }));
    samples.append(button);
    return button;
  });
  const fileInput = h('input', { type: 'file', accept: 'image/*', multiple: true, className: 'visually-hidden', tabIndex: -1, id: 'style-input' });
  const uploadButton = h('button', { type: 'button', className: 'secondary', id: 'style-upload' }, 'Upload your own painting…');
  uploadButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => void uploadStyles([...(fileInput.files ?? [])], uploadButton).finally(() => (fileInput.value = '')));
  const chosen = h('ul', { className: 'chosen-styles', attrs: { 'aria-label': 'Chosen styles and blend weights' }, dataset: { field: 'styles' } });
  const weightsNote = h('p', { className: 'weights-note', id: 'weights-note' });

  subscribe((state) => {
    for (const button of sampleButtons) {
      const selected = state.styles.some((style) => style.source === 'sample' && style.id === button.dataset.sample);
      button.setAttribute('aria-pressed', String(selected));
    }
    renderChosen(chosen, state.styles);
    weightsNote.textContent = weightsStatement(config, state.weights);
    // The warning look is for untrained weights only.
    weightsNote.classList.toggle('warning', effectiveWeights(config, state.weights).startsWith('random'));
  });

  const section = h(
    'div',
    { className: 'quality-styles' },
    config.samples.length ? samples : h('p', { className: 'muted' }, 'No sample paintings (start the server with --samples DIR to offer some).'),
    h('div', { className: 'upload-row' }, uploadButton, fileInput),
    chosen,
    weightsNote,
  );
  acceptDroppedPaintings(section, uploadButton);
  return section;
}

/** Paintings dropped anywhere on the quality style list are uploaded as styles. */
function acceptDroppedPaintings(section: HTMLElement, uploadButton: HTMLButtonElement): void {
  for (const type of ['dragenter', 'dragover'] as const) {
    section.addEventListener(type, (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      section.classList.add('dragging');
    });
  }
  section.addEventListener('dragleave', (event) => {
    if (!section.contains(event.relatedTarget as Node | null)) section.classList.remove('dragging');
  });
  section.addEventListener('drop', (event) => {
    section.classList.remove('dragging');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    const images = files.filter((file) => file.type === '' || file.type.startsWith('image/'));
    void uploadStyles(images, uploadButton).then(() => {
      if (images.length < files.length) showFieldError('styles', 'Only image files can be styles; the others were left out.');
    });
  });
}

function toggleStyle(style: ChosenStyle): void {
  const { styles } = getState();
  const exists = styles.some((candidate) => candidate.source === style.source && candidate.id === style.id);
  update({ styles: exists ? styles.filter((candidate) => !(candidate.source === style.source && candidate.id === style.id)) : [...styles, style] });
  showFieldError('styles', '');
}

async function uploadStyles(files: File[], button: HTMLButtonElement): Promise<void> {
  showFieldError('styles', '');
  button.disabled = true;
  try {
    for (const file of files) {
      button.textContent = `Uploading ${file.name}…`;
      try {
        const info = await uploadImage(file, file.name);
        update({ styles: [...getState().styles, { source: 'upload', id: info.id, weight: 1, label: info.name, thumbnail: uploadThumbnailUrl(info.id) }] });
      } catch (error) {
        showFieldError('styles', `${file.name}: ${messageOf(error)}`, error);
      }
    }
  } finally {
    button.disabled = false;
    button.textContent = 'Upload your own painting…';
  }
}

function renderChosen(list: HTMLUListElement, styles: readonly ChosenStyle[]): void {
  const key = styles.map((style) => `${style.source}:${style.id}`).join('|');
  if (list.dataset.key === key) return; // same styles: keep the inputs (and their focus)
  list.dataset.key = key;
  list.replaceChildren(
    ...styles.map((style, index) => {
      const weight = h('input', { type: 'number', min: '0.1', max: '100', step: '0.1', value: String(style.weight), className: 'weight-input', attrs: { 'aria-label': `Blend weight of ${style.label}` } });
      weight.addEventListener('input', () => {
        const value = Number(weight.value);
        const next = getState().styles.map((candidate, position) => (position === index ? { ...candidate, weight: value } : candidate));
        update({ styles: next });
      });
      const remove = h('button', { type: 'button', className: 'icon-button', title: `Remove ${style.label}`, attrs: { 'aria-label': `Remove ${style.label}` } }, '×');
      remove.addEventListener('click', () => {
        update({ styles: getState().styles.filter((_, position) => position !== index) });
        // Focus the remove button that took its place (or the one before it), else the upload button.
        const buttons = [...list.querySelectorAll<HTMLElement>('.icon-button')];
        focusFirst(buttons[Math.min(index, buttons.length - 1)], '#style-upload');
      });
      return h('li', {}, h('img', { src: style.thumbnail, alt: '' }), h('span', { className: 'chosen-label' }, style.label), h('label', { className: 'weight-label' }, 'weight ', weight), remove);
    }),
  );
  if (styles.length === 0) list.append(h('li', { className: 'muted empty' }, 'No style chosen yet: click paintings above, or upload one. Several blend by their weights.'));
}

/** The weights a quality job with `choice` will use. */
export function effectiveWeights(config: StudioConfig, choice: string): string {
  return choice === 'default' ? config.weights.effective : choice;
}

/** One sentence on the weights a quality job will use. */
export function weightsStatement(config: StudioConfig, choice: string): string {
  const weights = effectiveWeights(config, choice);
  if (weights === 'vgg19') {
    return config.weights.vgg19Cached
      ? 'Quality jobs use the pretrained VGG19 weights (ImageNet).'
      : 'Quality jobs would use the pretrained VGG19 weights, which are not downloaded: run `painterly models download vgg19`, or choose random weights below.';
  }
  if (weights === 'darknet-tiny') {
    return `Quality jobs use Darknet Tiny, a real ImageNet network (4 MB${config.weights.darknetTinyCached ? '' : ', fetched on first use'}): real features, a result in seconds.${config.weights.vgg19Cached ? '' : ' For the classic look, download VGG19: `painterly models download vgg19`.'}`;
  }
  if (weights.startsWith('random')) return 'Quality jobs use random, untrained VGG19 weights: works offline, but clearly lower quality than the pretrained ones.';
  return `Quality jobs use the network file ${weights}.`;
}
