import { existsSync } from 'node:fs';
import { PainterlyError, invalidOption, isPainterlyError } from '../engine/errors.js';
import { randomVggWeights, validateVggWeights, type VggWeights } from '../engine/vgg/weights.js';
import { ensureModel } from './model-store/index.js';
import { readKerasVggWeights } from './vgg-h5.js';

/** The `--weights` value that means "the VGG19 from the model store". */
export const STORE_WEIGHTS = 'vgg19';

/**
 * Loads the VGG19 weights named by a `--weights` value and checks them up to `deepestLayer`:
 * - `vgg19` (default): the official Keras weights from the model store (`painterly models download vgg19`);
 * - `random` or `random:SEED`: a seeded He-initialised, untrained VGG19 (offline trials; lower quality);
 * - any other value: a path to a Keras HDF5 "notop" weights file.
 *
 * @example const weights = await resolveVggWeights('random:7', 'conv5_1');
 */
export async function resolveVggWeights(spec: string, deepestLayer: string): Promise<VggWeights> {
  const weights = await loadWeights(spec, deepestLayer);
  validateVggWeights(weights, deepestLayer);
  return weights;
}

async function loadWeights(spec: string, deepestLayer: string): Promise<VggWeights> {
  const random = /^random(?::(\d+))?$/.exec(spec);
  if (random) return randomVggWeights(Number(random[1] ?? 0), undefined, deepestLayer);
  if (spec.startsWith('random')) throw invalidOption('random or random:SEED (SEED a whole number)', '--weights', spec);
  if (spec === STORE_WEIGHTS) {
    // offline: never download here; a damaged cached file is WEIGHTS_INVALID naming `--force`.
    const path = await ensureModel(STORE_WEIGHTS, { offline: true }).catch((error: unknown) => {
      if (!isPainterlyError(error) || error.code !== 'WEIGHTS_NOT_FOUND') throw error;
      throw new PainterlyError(
        'WEIGHTS_NOT_FOUND',
        'The VGG19 weights are not downloaded yet. Fetch them (80 MB, once) with:\n' +
          '  painterly models download vgg19\n' +
          'or try an offline, lower-quality run with untrained weights: --weights random',
      );
    });
    return readKerasVggWeights(path);
  }
  if (!existsSync(spec)) {
    throw new PainterlyError(
      'WEIGHTS_NOT_FOUND',
      `The weights file ${spec} does not exist. Pass the path of a Keras VGG19 .h5 file, ` +
        'or use --weights vgg19 (after `painterly models download vgg19`) or --weights random.',
    );
  }
  return readKerasVggWeights(spec);
}
