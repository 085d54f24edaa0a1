/**
 * The page's own defaults (the engines' defaults stay in src/options) and what the address may set:
 * `?models=URL` (where model files are fetched from), `?device=auto|webgpu|wasm`, `?threads=N`.
 */
import { WEB_DEVICE_CHOICES, type WebDeviceChoice } from './devices.js';

/**
 * Sizes a visitor's machine paints in seconds to a minute: 512 px for a preset; 256 px and 200
 * iterations for the quality engine (it runs a graph per iteration).
 */
export const PAGE_DEFAULTS = Object.freeze({
  fastSizePx: 512,
  qualitySizePx: 256,
  qualityIterations: 200,
  previewEvery: 10,
  /** Relative to the page: `painterly serve --static-only` serves the model store there. */
  modelsUrl: './models/',
  /** WASM threads: the target machine has 2–4 cores to spare. */
  maxThreads: 4,
});

/** Settings read from the page's address, each falling back to its default. */
export interface AddressSettings {
  readonly modelsUrl: string;
  readonly device: WebDeviceChoice;
  readonly threads: number;
}

/**
 * @example
 * readAddressSettings('?device=wasm&threads=2', 8) // → { modelsUrl: './models/', device: 'wasm', threads: 2 }
 */
export function readAddressSettings(search: string, cores: number): AddressSettings {
  const params = new URLSearchParams(search);
  const device = params.get('device');
  const threads = Number(params.get('threads'));
  return {
    modelsUrl: params.get('models') || PAGE_DEFAULTS.modelsUrl,
    device: WEB_DEVICE_CHOICES.includes(device as WebDeviceChoice) ? (device as WebDeviceChoice) : 'auto',
    threads: Number.isInteger(threads) && threads >= 1 ? threads : Math.max(1, Math.min(PAGE_DEFAULTS.maxThreads, cores)),
  };
}
