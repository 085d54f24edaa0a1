import { DEFAULT_DEVICE, DEVICE_NAMES } from '../options/device.js';
import type { OptionSpec } from './option-spec.js';

/** Options every long-running command takes, defined once. */
export const OUTPUT_MODE_OPTIONS: readonly OptionSpec[] = [
  { flag: 'json', field: 'json', kind: 'boolean', group: 'Output', description: 'Print progress and the result as JSON, one event per line on stdout, instead of a progress bar.' },
  { flag: 'quiet', field: 'quiet', kind: 'boolean', short: 'q', group: 'Output', description: 'Print nothing but errors.' },
  { flag: 'help', field: 'help', kind: 'boolean', short: 'h', group: 'Output', description: 'Show this help.' },
];

/** `--threads`, shared by everything that runs the engine. */
export const THREADS_OPTION: OptionSpec = {
  flag: 'threads', field: 'threads', kind: 'number', placeholder: 'N', group: 'Engine',
  description: 'CPU threads ONNX Runtime uses.', defaultText: 'every core',
};

/** `--device`, shared by everything that runs the engine (src/options/device.ts). */
export const DEVICE_OPTION: OptionSpec = {
  flag: 'device', field: 'device', kind: 'string', placeholder: DEVICE_NAMES.join('|'), group: 'Engine',
  description: 'Where ONNX Runtime runs the graphs. webgpu: any Vulkan GPU (NVIDIA, AMD, Intel) through its WebGPU provider, no CUDA download; cuda: needs ONNX Runtime\'s CUDA provider libraries, which onnxruntime-node does not ship; auto: CUDA, then WebGPU, then the CPU, with a one-line note when it falls back. The load event (--json) says which ran.',
  defaultText: DEFAULT_DEVICE,
};
