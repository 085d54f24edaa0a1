/**
 * The in-browser page: a form, a paint worker, progress and cancel. The visitor's files go only to
 * the worker on this page; model files are fetched from the models URL.
 */
import { FAST_STYLE_PRESETS, PRESET_DESCRIPTIONS } from '../../../src/node/model-store/registry.js';
import type { FromWorker, PaintProgress, PresetRequest, QualityRequest, RgbaFrame, ToWorker } from './messages.js';
import { WEB_DEVICE_CHOICES, type WebDeviceChoice } from './devices.js';
import { PAGE_DEFAULTS, readAddressSettings } from './page-settings.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const form = byId<HTMLFormElement>('paint-form');
const photoInput = byId<HTMLInputElement>('photo');
const styleInput = byId<HTMLInputElement>('style');
const presetSelect = byId<HTMLSelectElement>('preset');
const sizeInput = byId<HTMLInputElement>('size');
const iterationsInput = byId<HTMLInputElement>('iterations');
const strengthInput = byId<HTMLInputElement>('strength');
const colorsInput = byId<HTMLInputElement>('original-colors');
const deviceSelect = byId<HTMLSelectElement>('device');
const modelsInput = byId<HTMLInputElement>('models-url');
const paintButton = byId<HTMLButtonElement>('paint-button');
const cancelButton = byId<HTMLButtonElement>('cancel-button');
const formError = byId('form-error');
const status = byId('status');
const progress = byId<HTMLProgressElement>('progress');
const canvas = byId<HTMLCanvasElement>('result');
const download = byId<HTMLAnchorElement>('download');

const address = readAddressSettings(location.search, navigator.hardwareConcurrency || 1);
let worker = createWorker();
let painting = false;

for (const preset of FAST_STYLE_PRESETS) presetSelect.append(new Option(`${preset} — ${PRESET_DESCRIPTIONS[preset]}`, preset));
for (const device of WEB_DEVICE_CHOICES) deviceSelect.append(new Option(device === 'auto' ? 'auto (WebGPU, else WASM)' : device, device));
deviceSelect.value = address.device;
modelsInput.value = address.modelsUrl;
iterationsInput.value = String(PAGE_DEFAULTS.qualityIterations);

const mode = (): 'fast' | 'quality' => (form.elements.namedItem('mode') as RadioNodeList).value as 'fast' | 'quality';
const showMode = (): void => {
  for (const element of document.querySelectorAll<HTMLElement>('[data-mode]')) element.hidden = element.dataset.mode !== mode();
  sizeInput.value = String(mode() === 'fast' ? PAGE_DEFAULTS.fastSizePx : PAGE_DEFAULTS.qualitySizePx);
};
form.addEventListener('change', (event) => {
  if ((event.target as HTMLInputElement).name === 'mode') showMode();
});
showMode();

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!painting) start();
});
// A graph run in WASM does not yield to the worker's message queue, so a cancel message could wait
// for the whole painting: the worker is ended instead (its memory goes with it) and a fresh one waits.
cancelButton.addEventListener('click', () => {
  worker.terminate();
  worker = createWorker();
  finish({ type: 'failed', code: 'ABORTED', message: 'Cancelled.' });
});

function createWorker(): Worker {
  const created = new Worker(new URL('./paint-worker.ts', import.meta.url), { type: 'module' });
  created.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    if (event.data.type === 'progress') showProgress(event.data.event);
    else finish(event.data);
  });
  return created;
}

function post(message: ToWorker): void {
  worker.postMessage(message);
}

/** The request the form describes, or a message naming what to fix. */
function readRequest(): PresetRequest | QualityRequest | string {
  const photo = photoInput.files?.[0];
  if (!photo) return 'Choose a photo first.';
  const size = Number(sizeInput.value);
  if (!Number.isInteger(size) || size < 16) return 'Expected a whole number of at least 16 for the size.';
  const common = { photo, size, strength: Number(strengthInput.value), originalColors: colorsInput.checked };
  if (mode() === 'fast') return { mode: 'fast', preset: presetSelect.value, ...common };
  const style = styleInput.files?.[0];
  if (!style) return 'Choose a painting for the quality engine.';
  const iterations = Number(iterationsInput.value);
  if (!Number.isInteger(iterations) || iterations < 1) return 'Expected a whole number of at least 1 for the iterations.';
  return { mode: 'quality', style, iterations, previewEvery: PAGE_DEFAULTS.previewEvery, ...common };
}

/** The models URL, absolute (the worker resolves against its own script's address otherwise), ending in `/`. */
function modelsUrl(): string {
  const url = new URL(modelsInput.value.trim() || PAGE_DEFAULTS.modelsUrl, location.href).href;
  return url.endsWith('/') ? url : `${url}/`;
}

function start(): void {
  formError.textContent = '';
  const request = readRequest();
  if (typeof request === 'string') {
    formError.textContent = request;
    return;
  }
  painting = true;
  paintButton.disabled = true;
  cancelButton.hidden = false;
  progress.hidden = false;
  progress.removeAttribute('value');
  download.hidden = true;
  status.textContent = 'Starting…';
  post({ type: 'paint', request, setup: { device: deviceSelect.value as WebDeviceChoice, threads: address.threads, modelsUrl: modelsUrl() } });
}

function finish(message: Exclude<FromWorker, { type: 'progress' }>): void {
  painting = false;
  paintButton.disabled = false;
  cancelButton.hidden = true;
  progress.hidden = true;
  if (message.type === 'failed') {
    status.textContent = message.code === 'ABORTED' ? 'Cancelled.' : 'The painting failed.';
    if (message.code !== 'ABORTED') formError.textContent = message.message;
    document.body.dataset.state = message.code === 'ABORTED' ? 'cancelled' : 'failed';
    return;
  }
  draw(message.frame);
  canvas.toBlob((blob) => {
    if (!blob) return;
    if (download.href) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(blob);
    download.hidden = false;
    status.textContent = `Done in ${(message.elapsedMs / 1000).toFixed(1)} s on ${message.device}.`;
    document.body.dataset.state = 'done';
  }, 'image/png');
}

function showProgress(event: PaintProgress): void {
  switch (event.type) {
    case 'device':
      document.body.dataset.device = event.device;
      status.textContent = event.notice ?? `Painting on ${event.device === 'webgpu' ? 'the GPU (WebGPU)' : `the CPU (WASM, ${event.threads} thread${event.threads === 1 ? '' : 's'})`}…`;
      return;
    case 'download':
      progress.value = event.receivedBytes / event.totalBytes;
      status.textContent = `Fetching ${event.model}: ${(event.receivedBytes / 1e6).toFixed(1)} of ${(event.totalBytes / 1e6).toFixed(1)} MB`;
      return;
    case 'statistics':
      status.textContent = 'Measuring the picture…';
      return;
    case 'tile':
      progress.value = event.index / event.count;
      status.textContent = event.count > 1 ? `Tile ${event.index} of ${event.count}` : 'Painted.';
      return;
    case 'load':
      status.textContent = `${event.network} loaded; painting ${event.width}×${event.height} px…`;
      return;
    case 'scale':
      return;
    case 'iteration':
      progress.value = (event.iteration + 1) / event.iterations;
      status.textContent = `Iteration ${event.iteration + 1} of ${event.iterations}`;
      return;
    case 'preview':
      draw(event.frame);
      return;
    case 'done':
      status.textContent = 'Finishing…';
      return;
  }
}

function draw(frame: RgbaFrame): void {
  canvas.width = frame.width;
  canvas.height = frame.height;
  canvas.getContext('2d')!.putImageData(new ImageData(frame.rgba, frame.width, frame.height), 0, 0);
}
