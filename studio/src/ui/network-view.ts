/**
 * "What the computer sees": pick the eyes (a feature network), a level of detail (one of its layers)
 * and some patterns (units); the server finds, for each unit, the nine patches of the studio's
 * images that excite it most and draws them as a grid. Its words are for painters; the precise
 * detail (network, layer, units, receptive field) sits in small print (`.expert`) for experts. Its
 * errors stay in this section (own slots, not the painting form's), and progress is polled.
 */
import { ApiError, messageOf, cancelVisualization, getVisualization, startVisualization } from '../api';
import { formatDuration, h } from '../dom';
import { markConnectionError } from '../errors';
import type { StudioConfig, VisualizeImages, VisualizeRequest, VisualizationView, WeightsChoice } from '../types';

/**
 * A layer offered: its name (the expert's), how wide a patch of the picture it looks at (its
 * receptive field, px), and in a painter's words what it looks for.
 */
type OfferedLayer = { readonly name: string; readonly px: number; readonly label: string; readonly looksFor: string };

/** Darknet Tiny's layers offered (receptive fields from its table: docs/networks.md). */
export const DARKNET_LAYERS: readonly OfferedLayer[] = [
  { name: 'conv1', px: 3, label: '1 · Colours and simple edges', looksFor: 'single colours and the simplest edges' },
  { name: 'conv2', px: 8, label: '2 · Edges and colour contrasts', looksFor: 'edges, corners and colour contrasts' },
  { name: 'conv4', px: 18, label: '3 · Fine textures', looksFor: 'fine textures and stripes' },
  { name: 'conv8', px: 46, label: '4 · Textures and brushwork', looksFor: 'textures, brushwork and small parts' },
  { name: 'conv10', px: 62, label: '5 · What is where', looksFor: 'what is where: the level that keeps your photo’s layout' },
  { name: 'conv12', px: 102, label: '6 · Parts of things', looksFor: 'parts of things and how they are arranged' },
];

/** VGG19's layers offered. */
export const NETWORK_LAYERS: readonly OfferedLayer[] = [
  { name: 'conv1_1', px: 3, label: '1 · Colours and simple edges', looksFor: 'single colours and the simplest edges' },
  { name: 'conv2_1', px: 10, label: '2 · Edges and colour contrasts', looksFor: 'edges, corners, colour contrasts and fine stripes' },
  { name: 'conv3_1', px: 24, label: '3 · Small textures', looksFor: 'small textures and repeated patterns' },
  { name: 'conv4_1', px: 68, label: '4 · Textures and parts', looksFor: 'textures and parts of things (eyes, wheels, windows)' },
  { name: 'conv4_2', px: 84, label: '5 · What is where', looksFor: 'what is where, not the exact strokes: the level that keeps your photo’s layout' },
  { name: 'conv5_1', px: 156, label: '6 · Parts of things', looksFor: 'large parts of things and how they are arranged' },
];

/** The expert's name of the network `weights` runs. */
const networkName = (weights: string): string => (weights === 'darknet-tiny' ? 'Darknet Tiny' : 'VGG19');

/** The painter's name of the eyes `weights` stands for. */
const eyesName = (weights: string): string => (weights.startsWith('random') ? 'untrained eyes' : weights === 'darknet-tiny' ? 'quick eyes' : 'sharp eyes');

const FINAL = new Set(['done', 'failed', 'cancelled', 'interrupted']);
const POLL_MS = 400;

/**
 * Renders the section into `container`.
 *
 * @example
 * renderNetworkView(byId('network-view'), config);
 */
export function renderNetworkView(container: HTMLElement, config: StudioConfig): void {
  const slots = new Map<string, HTMLParagraphElement>();
  const slot = (field: string): HTMLParagraphElement => {
    const element = h('p', { className: 'field-error', id: `visualize-${field}-error`, attrs: { role: 'alert' } });
    element.hidden = true;
    slots.set(field, element);
    return element;
  };

  const layer = h('select', { id: 'visualize-layer' });
  let offered: readonly OfferedLayer[] = [];
  let network = 'VGG19';
  const layerNote = h('p', { className: 'muted layer-note', id: 'visualize-layer-note', attrs: { 'aria-live': 'polite' } });
  const layerDetail = h('p', { className: 'expert', id: 'visualize-layer-detail' });
  layer.setAttribute('aria-describedby', `${layerNote.id} ${layerDetail.id}`);
  const syncLayerNote = (): void => {
    const chosen = offered.find((candidate) => candidate.name === layer.value);
    layerNote.textContent = chosen ? `Looks at patches about ${chosen.px} px across, for ${chosen.looksFor}.` : '';
    layerDetail.textContent = chosen ? `${network} ${chosen.name} · receptive field ${chosen.px} px` : '';
  };
  layer.addEventListener('change', syncLayerNote);
  /** Offers the layers of the network `weights` runs (random weights are VGG19's). */
  const offerLayers = (weights: string): void => {
    network = networkName(weights);
    const next = weights === 'darknet-tiny' ? DARKNET_LAYERS : NETWORK_LAYERS;
    if (next !== offered) {
      offered = next;
      layer.replaceChildren(...offered.map(({ name, label }) => h('option', { value: name }, label)));
      layer.value = offered[0].name;
    }
    syncLayerNote();
  };

  const unitsMode = h('input', { type: 'radio', name: 'visualize-unit-mode', id: 'visualize-mode-units', value: 'units', checked: true });
  const topMode = h('input', { type: 'radio', name: 'visualize-unit-mode', id: 'visualize-mode-top', value: 'top' });
  const units = h('input', { type: 'text', id: 'visualize-units', value: '0-7', className: 'units-input', attrs: { 'aria-label': 'Pattern numbers', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false' } });
  const topUnits = h('input', { type: 'number', id: 'visualize-top-units', value: '8', min: '1', max: '64', step: '1', className: 'number-input', attrs: { 'aria-label': 'How many of the strongest patterns' } });
  const syncUnitMode = (): void => {
    units.disabled = !unitsMode.checked;
    topUnits.disabled = !topMode.checked;
  };
  unitsMode.addEventListener('change', syncUnitMode);
  topMode.addEventListener('change', syncUnitMode);
  syncUnitMode();

  const images = h('select', { id: 'visualize-images' });
  const imageOptions: Array<[VisualizeImages, string]> = [
    ['results', 'The gallery’s paintings'],
    ['photos', 'The photos they were painted from'],
    ['both', 'Both'],
  ];
  for (const [value, text] of imageOptions) images.append(h('option', { value }, text));

  const weights = h('select', { id: 'visualize-weights' });
  const weightOptions: Array<[WeightsChoice, string]> = [
    ['default', `The studio’s usual (${eyesName(config.weights.effective)})`],
    ['darknet-tiny', `Quick eyes, trained on a million photos${config.weights.darknetTinyCached ? '' : ' (4 MB, fetched on first use)'}`],
    ['vgg19', `Sharp eyes, trained on a million photos${config.weights.vgg19Cached ? '' : ' (not downloaded)'}`],
    ['random', 'Untrained eyes (for comparison)'],
  ];
  for (const [value, text] of weightOptions) weights.append(h('option', { value }, text));
  const weightsNote = h('p', { className: 'weights-note', id: 'visualize-weights-note', attrs: { 'aria-live': 'polite' } });
  const weightsDetail = h('p', { className: 'expert', id: 'visualize-weights-detail' });
  weights.setAttribute('aria-describedby', `${weightsNote.id} ${weightsDetail.id}`);
  const syncWeightsNote = (): void => {
    const effective = weights.value === 'default' ? config.weights.effective : weights.value;
    const random = effective.startsWith('random');
    weightsNote.classList.toggle('warning', random);
    weightsNote.textContent = random
      ? 'Untrained eyes have never looked at a photo: the rows show what chance reacts to, not what looking at a million photos teaches.'
      : 'Eyes trained on a million photos: the rows show what they really learned to look for.';
    weightsDetail.textContent = random ? 'VGG19 with random, untrained weights' : `${networkName(effective)} with its ImageNet weights`;
    offerLayers(effective);
  };
  weights.addEventListener('change', syncWeightsNote);
  syncWeightsNote();

  const runButton = h('button', { type: 'submit', className: 'primary', id: 'visualize-run' }, 'Show what it sees');
  const cancelButton = h('button', { type: 'button', className: 'ghost', id: 'visualize-cancel', hidden: true }, 'Cancel');
  const formError = h('p', { className: 'field-error', id: 'visualize-error', attrs: { role: 'alert' } });
  const progress = h('progress', { className: 'job-progress', id: 'visualize-progress', max: 1, hidden: true });
  const status = h('p', { className: 'job-stats', id: 'visualize-status', attrs: { 'aria-live': 'polite' } });
  const resultImage = h('img', { id: 'visualize-grid', alt: '' });
  const caption = h('figcaption', { className: 'muted' });
  const captionDetail = h('p', { className: 'expert', id: 'visualize-detail' });
  const download = h('a', { className: 'button', id: 'visualize-download', download: '' }, 'Download the grid');
  const figure = h('figure', { className: 'network-result', hidden: true }, resultImage, caption, captionDetail, download);

  const form = h(
    'form',
    { className: 'network-form', id: 'visualize-form', noValidate: true },
    h('div', { className: 'knob' }, h('label', { htmlFor: layer.id }, 'Level of detail'), layer, layerNote, layerDetail, slot('layer')),
    h(
      'fieldset',
      { className: 'knob unit-choice' },
      h('legend', {}, 'Which patterns (one row each)'),
      h('div', { className: 'knob-inputs' }, unitsMode, h('label', { htmlFor: unitsMode.id }, 'Numbers:'), units),
      h('div', { className: 'knob-inputs' }, topMode, h('label', { htmlFor: topMode.id }, 'The strongest in your pictures:'), topUnits),
      slot('units'),
      slot('topUnits'),
    ),
    h('div', { className: 'knob' }, h('label', { htmlFor: images.id }, 'Pictures'), images, slot('images')),
    h('div', { className: 'knob' }, h('label', { htmlFor: weights.id }, 'Eyes'), weights, weightsNote, weightsDetail, slot('weights')),
    h('div', { className: 'actions network-actions' }, runButton, cancelButton, formError),
  );

  container.append(
    h('h2', { id: 'network-title' }, 'What the computer sees'),
    h(
      'p',
      { className: 'network-intro' },
      'The studio compares your photo and the paintings through the eyes of a computer that learned to recognise things in a million photos. ',
      'Each row below is one pattern those eyes look for, with the nine bits of your pictures that show it most. ',
      'At the first levels they look for colours and edges; further in, for textures and brushwork; deepest, for parts of things and how they are arranged. ',
      'That is why a painting’s style is taken from every level, and your photo’s layout from a deep one.',
    ),
    h(
      'p',
      { className: 'expert' },
      'For experts: each row is one unit (channel) of a convolutional layer of the feature network, with its nine most activating patches; the content cost reads conv4_2 (VGG19) or conv10 (Darknet Tiny), the style cost conv1_1 … conv5_1.',
    ),
    h('div', { className: 'network-grid' }, form, h('div', { className: 'network-output' }, progress, status, figure)),
  );

  let current: string | undefined;
  let timer: number | undefined;

  const clearErrors = (): void => {
    formError.textContent = '';
    for (const element of slots.values()) {
      element.textContent = '';
      element.hidden = true;
    }
    for (const input of [layer, units, topUnits, images, weights]) input.removeAttribute('aria-invalid');
  };
  const inputOf: Record<string, HTMLElement> = { layer, units, topUnits, images, weights };
  const showError = (error: unknown): void => {
    const message = messageOf(error);
    const field = error instanceof ApiError ? error.field : undefined;
    const target = field ? slots.get(field) : undefined;
    if (!field || !target) {
      formError.textContent = message;
      markConnectionError(formError, error); // goes once the server answers again
      return;
    }
    target.textContent = message;
    target.hidden = false;
    inputOf[field]?.setAttribute('aria-invalid', 'true');
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  cancelButton.addEventListener('click', () => {
    if (current) void cancelVisualization(current).catch(showError);
  });

  async function run(): Promise<void> {
    clearErrors();
    const request: VisualizeRequest = { layer: layer.value, weights: weights.value as WeightsChoice, images: images.value as VisualizeImages };
    if (unitsMode.checked) request.units = units.value;
    else request.topUnits = Number(topUnits.value);
    runButton.disabled = true;
    try {
      const view = await startVisualization(request);
      current = view.id;
      figure.hidden = true;
      show(view);
      poll(view.id);
    } catch (error) {
      runButton.disabled = false;
      showError(error);
    }
  }

  function poll(id: string): void {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      if (id !== current) return;
      try {
        const view = await getVisualization(id);
        show(view);
        if (!FINAL.has(view.status)) poll(id);
      } catch (error) {
        showError(error);
        runButton.disabled = false;
        cancelButton.hidden = true;
      }
    }, POLL_MS);
  }

  function show(view: VisualizationView): void {
    const running = !FINAL.has(view.status);
    runButton.disabled = running;
    cancelButton.hidden = !running;
    progress.hidden = !running;
    if (view.progress) {
      progress.max = view.progress.images;
      progress.value = view.progress.image;
    } else {
      progress.removeAttribute('value');
    }
    const pictures = `${view.images} picture${view.images === 1 ? '' : 's'}`;
    const weightsText = view.weights.name ? (view.weights.pretrained ? `${view.weights.network ?? 'network'}, ImageNet weights` : `untrained random weights (${view.weights.name})`) : '';
    const unitsText = view.units ? `units ${view.units}` : view.topUnits ? `the ${view.topUnits} most active units` : 'the first 16 units';
    if (view.status === 'queued') status.textContent = 'Waiting for the previous look to finish…';
    else if (view.status === 'running') {
      status.textContent = view.progress ? `Looking at picture ${view.progress.image} of ${view.progress.images} · ${formatDuration(view.progress.elapsedMs)}` : `Getting ready to look at ${pictures}…`;
    } else if (view.status === 'done' && view.result) {
      status.textContent = `Done in ${formatDuration(view.elapsedMs ?? 0)}: looked at ${pictures}.`;
      resultImage.src = view.result.imageUrl;
      resultImage.alt = 'What the computer looks for at this level of detail: one pattern per row, with the nine bits of your pictures that show it most';
      resultImage.width = view.result.width;
      resultImage.height = view.result.height;
      caption.textContent = 'Each row: one pattern the eyes look for, and the nine bits of your pictures that show it most, strongest first.';
      captionDetail.textContent = [view.layer, unitsText, weightsText].filter(Boolean).join(' · ');
      download.href = view.result.imageUrl;
      download.download = `painterly-${view.layer}-${view.id.slice(0, 8)}.png`;
      figure.hidden = false;
    } else if (view.status === 'failed') {
      status.textContent = '';
      formError.textContent = view.error?.message ?? 'The visualization failed.';
    } else {
      status.textContent = view.status === 'cancelled' ? 'Cancelled.' : (view.error?.message ?? 'Stopped.');
    }
  }
}
