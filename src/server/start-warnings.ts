/**
 * What `painterly serve` warns about as it starts (one line each): a `--weights` file or a
 * `--samples` folder that is not there, and sample files that are not offered (and why). The studio
 * starts either way; the warnings say what will not work until it is fixed.
 */
import fs from 'node:fs/promises';
import type { SampleLibrary } from './samples.js';
import type { ServerOptions } from './server-options.js';

/** At most this many skipped samples are named one by one. */
const MAX_SAMPLE_LINES = 5;

/**
 * The warnings for a studio started with `options`.
 *
 * @example
 * for (const line of await startWarnings(studio.options, samples)) log(line);
 */
export async function startWarnings(options: Pick<ServerOptions, 'weights' | 'samples'>, samples: SampleLibrary): Promise<string[]> {
  const lines: string[] = [];
  if (!['auto', 'vgg19', 'vgg16', 'darknet-tiny'].includes(options.weights) && !options.weights.startsWith('random')) {
    const stats = await fs.stat(options.weights).catch(() => undefined);
    if (!stats?.isFile()) {
      lines.push(
        `Warning: the --weights file ${options.weights} ${stats ? 'is not a file' : 'does not exist'}; quality jobs with the default weights will fail until it does. Pass --weights auto, vgg19, darknet-tiny, random or the path of a VGG19 .pth, .safetensors or .h5 file (a .pth or .safetensors file Painterly knows by its SHA-256) or a TF.js model.json.`,
      );
    }
  }
  if (options.samples !== undefined) {
    const stats = await fs.stat(options.samples).catch(() => undefined);
    if (!stats?.isDirectory()) {
      lines.push(`Warning: the --samples folder ${options.samples} ${stats ? 'is not a folder' : 'does not exist'}; no sample paintings are offered. Pass --samples with a folder of images.`);
    } else {
      const skipped = await samples.skipped();
      for (const { reason } of skipped.slice(0, MAX_SAMPLE_LINES)) lines.push(`Warning: not offered as a style: ${reason}`);
      if (skipped.length > MAX_SAMPLE_LINES) lines.push(`Warning: ${skipped.length - MAX_SAMPLE_LINES} more sample files are not offered.`);
    }
  }
  return lines;
}
