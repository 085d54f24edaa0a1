/**
 * "What the network sees": pick a network, one of its layers and some units; the server finds, for
 * each unit, the nine patches of the studio's images that excite it most and draws them as a grid.
 * Its errors stay in this section (own slots, not the painting form's), and progress is polled.
 */
import { ApiError, messageOf, cancelVisualization, getVisualization, startVisualization } from '../api';
import { formatDuration, h } from '../dom';
import type { StudioConfig, VisualizeImages, VisualizeRequest, VisualizationView, WeightsChoice } from '../types';

/** A layer offered, with what its units tend to respond to. */
type OfferedLayer = { readonly name: string; readonly sees: string };

/** Darknet Tiny's layers offered (receptive fields from its table: docs/networks.md). */
export const DARKNET_LAYERS: readonly OfferedLayer[] = [
  { name: 'conv1', sees: 'sees 3 px: single colours and the simplest edges.' },
  { name: 'conv2', sees: 'sees 8 px: edges, corners, colour contrasts.' },
  { name: 'conv4', sees: 'sees 18 px: fine textures and stripes.' },
  { name: 'conv8', sees: 'sees 46 px: textures and small parts.' },
  { name: 'conv10', sees: 'sees 62 px: the layer the content cost reads — what is where.' },
  { name: 'conv12', sees: 'sees 102 px: parts of things and object-like arrangements.' },
];

/** VGG19's layers offered. */
export const NETWORK_LAYERS: readonly OfferedLayer[] = [
  { name: 'conv1_1', sees: 'sees 3 px: single colours and the simplest edges.' },
  { name: 'conv2_1', sees: 'sees 10 px: edges, corners, colour contrasts, fine stripes.' },
  { name: 'conv3_1', sees: 'sees 24 px: small textures and repeated patterns.' },
  { name: 'conv4_1', sees: 'sees 68 px: textures and parts of things (eyes, wheels, windows).' },
  { name: 'conv4_2', sees: 'sees 84 px: the layer the content cost reads — what is where, not the exact pixels.' },
  { name: 'conv5_1', sees: 'sees 156 px: large parts and object-like arrangements.' },
];

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
  const layerNote = h('p', { className: 'muted layer-note', id: 'visualize-layer-note', attrs: { 'aria-live': 'polite' } });
  layer.setAttribute('aria-describedby', layerNote.id);
  const syncLayerNote = (): void => {
    const chosen = offered.find((candidate) => candidate.name === layer.value);
    layerNote.textContent = chosen ? `${chosen.name} ${chosen.sees}` : '';
  };
  layer.addEventListener('change', syncLayerNote);
  /** Offers the layers of the network `weights` runs (random weights are VGG19's). */
  const offerLayers = (weights: string): void => {
    const next = weights === 'darknet-tiny' ? DARKNET_LAYERS : NETWORK_LAYERS;
    if (next === offered) return;
    offered = next;
    layer.replaceChildren(...offered.map(({ name }) => h('option', { value: name }, name)));
    layer.value = offered[0].name;
    syncLayerNote();
  };

  const unitsMode = h('input', { type: 'radio', name: 'visualize-unit-mode', id: 'visualize-mode-units', value: 'units', checked: true });
  const topMode = h('input', { type: 'radio', name: 'visualize-unit-mode', id: 'visualize-mode-top', value: 'top' });
  const units = h('input', { type: 'text', id: 'visualize-units', value: '0-7', className: 'units-input', attrs: { 'aria-label': 'Units', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false' } });
  const topUnits = h('input', { type: 'number', id: 'visualize-top-units', value: '8', min: '1', max: '64', step: '1', className: 'number-input', attrs: { 'aria-label': 'How many of the most active units' } });
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
    ['default', `Server default (${config.weights.effective === 'darknet-tiny' ? 'Darknet Tiny' : config.weights.effective === 'vgg19' ? 'VGG19' : config.weights.effective})`],
    ['darknet-tiny', `Darknet Tiny (real ImageNet weights${config.weights.darknetTinyCached ? '' : ', 4 MB, fetched on first use'})`],
    ['vgg19', `VGG19 (real ImageNet weights${config.weights.vgg19Cached ? '' : ', not downloaded'})`],
    ['random', 'Untrained random VGG19'],
  ];
  for (const [value, text] of weightOptions) weights.append(h('option', { value }, text));
  const weightsNote = h('p', { className: 'weights-note', id: 'visualize-weights-note', attrs: { 'aria-live': 'polite' } });
  weights.setAttribute('aria-describedby', weightsNote.id);
  const syncWeightsNote = (): void => {
    const effective = weights.value === 'default' ? config.weights.effective : weights.value;
    const random = effective.startsWith('random');
    weightsNote.classList.toggle('warning', random);
    weightsNote.textContent = random
      ? 'Random, untrained weights: the grid shows what a random network responds to — not what a network learns from ImageNet.'
      : `${effective === 'darknet-tiny' ? 'Darknet Tiny' : 'VGG19'} with its ImageNet weights: the patterns the network really learned.`;
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
  const download = h('a', { className: 'button', id: 'visualize-download', download: '' }, 'Download the grid');
  const figure = h('figure', { className: 'network-result', hidden: true }, resultImage, caption, download);

  const form = h(
    'form',
    { className: 'network-form', id: 'visualize-form', noValidate: true },
    h('div', { className: 'knob' }, h('label', { htmlFor: layer.id }, 'Layer'), layer, layerNote, slot('layer')),
    h(
      'fieldset',
      { className: 'knob unit-choice' },
      h('legend', {}, 'Units (one row each)'),
      h('div', { className: 'knob-inputs' }, unitsMode, h('label', { htmlFor: unitsMode.id }, 'These:'), units),
      h('div', { className: 'knob-inputs' }, topMode, h('label', { htmlFor: topMode.id }, 'The most active:'), topUnits),
      slot('units'),
      slot('topUnits'),
    ),
    h('div', { className: 'knob' }, h('label', { htmlFor: images.id }, 'Images'), images, slot('images')),
    h('div', { className: 'knob' }, h('label', { htmlFor: weights.id }, 'Network'), weights, weightsNote, slot('weights')),
    h('div', { className: 'actions network-actions' }, runButton, cancelButton, formError),
  );

  container.append(
    h('h2', { id: 'network-title' }, 'What the network sees'),
    h(
      'p',
      { className: 'network-intro' },
      'For each unit (channel) of a layer: the nine patches of your images that excite it most. ',
      'Shallow layers respond to colours and edges, deeper ones to textures and parts of things. ',
      'That is why the content cost reads a deep layer (conv4_2: what is where, not the exact pixels) ',
      'and the style cost spans shallow to deep (conv1_1 … conv5_1: brush marks, textures and patterns at every scale).',
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
    const weightsText = view.weights.name ? ` · ${view.weights.pretrained ? `pretrained ${view.weights.network ?? 'network'}` : `untrained random weights (${view.weights.name})`}` : '';
    if (view.status === 'queued') status.textContent = 'Waiting for the previous visualization…';
    else if (view.status === 'running') {
      status.textContent = view.progress
        ? `${view.layer}: image ${view.progress.image} of ${view.progress.images} · ${formatDuration(view.progress.elapsedMs)}${weightsText}`
        : `${view.layer}: loading the network over ${view.images} image${view.images === 1 ? '' : 's'}…`;
    } else if (view.status === 'done' && view.result) {
      status.textContent = `Done in ${formatDuration(view.elapsedMs ?? 0)}: ${view.layer} over ${view.images} image${view.images === 1 ? '' : 's'}${weightsText}.`;
      resultImage.src = view.result.imageUrl;
      resultImage.alt = `The strongest patches for units of ${view.layer}, one row per unit`;
      resultImage.width = view.result.width;
      resultImage.height = view.result.height;
      caption.textContent = `${view.layer} · ${view.units ? `units ${view.units}` : view.topUnits ? `the ${view.topUnits} most active units` : 'the first 16 units'}${weightsText}. Each row: one unit, its nine strongest patches, strongest first.`;
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
