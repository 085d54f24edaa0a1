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
