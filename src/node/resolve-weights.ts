import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PainterlyError, isPainterlyError } from '../engine/errors.js';
import { findLayer } from '../engine/network/layers.js';
import { NETWORKS } from '../engine/network/registry.js';
import type { NetworkWeights } from '../engine/network/types.js';
import { randomNetworkWeights, validateNetworkWeights } from '../engine/network/weights.js';
import type { NetworkChoice } from '../options/network-choice.js';
import { ensureModel, type EnsureModelOptions } from './model-store/index.js';
import { readTfjsLayersModel } from './tfjs-layers-model.js';
import { readKerasVggWeights } from './vgg-h5.js';
import { ACCEPTED_WEIGHTS_FILES, detectWeightsFormat } from './weights-file/detect-format.js';
import { readVggWeightsFile } from './weights-file/read-vgg-file.js';

/** The `--weights` value that means "the VGG19 from the model store". */
export const STORE_WEIGHTS = 'vgg19';

/** Hooks of weight loading: the small networks download on first use, with progress. */
export type ResolveWeightsOptions = Pick<EnsureModelOptions, 'onProgress'>;

/**
 * Loads the weights a `NetworkChoice` names and checks them up to `deepestLayer`:
 * - `store`: `vgg19` / `vgg16` from the model store (80 / 59 MB, `painterly models download vgg19` first), or
 *   `darknet-tiny` (4 MB, downloaded on first use, from `PAINTERLY_MODEL_MIRROR` when set);
 * - `file`: a VGG19/VGG16 weights file of any format `detectWeightsFormat` tells from its bytes (.pth, .safetensors,
 *   Keras .h5/.keras, Caffe .caffemodel), with its own or the chosen preprocessing, or a TF.js layers model.json;
 * - `random`: seeded He-initialised, untrained weights of the network (offline trials; lower quality).
 *
 * @example const weights = await resolveNetworkWeights({ kind: 'random', family: 'vgg19', seed: 7 }, 'conv5_1');
 */
export async function resolveNetworkWeights(choice: NetworkChoice, deepestLayer: string, options: ResolveWeightsOptions = {}): Promise<NetworkWeights> {
  const weights = await loadWeights(choice, deepestLayer, options);
  findLayer(weights.network, deepestLayer, 'layers');
  validateNetworkWeights(weights, deepestLayer, fixFor(choice));
  return weights;
}

async function loadWeights(choice: NetworkChoice, deepestLayer: string, options: ResolveWeightsOptions): Promise<NetworkWeights> {
  if (choice.kind === 'random') return randomNetworkWeights(NETWORKS[choice.family].table, choice.seed, deepestLayer);
  if (choice.kind === 'file') {
    if (!existsSync(choice.path)) {
      throw new PainterlyError(
        'WEIGHTS_NOT_FOUND',
        `The network file ${choice.path} does not exist. Pass the path of ${ACCEPTED_WEIGHTS_FILES}, ` +
          'or choose `network=darknet-tiny` or `network=vgg19` (after `painterly models download vgg19`), or untrained weights: `weights=random`.',
        { option: 'network' },
      );
    }
    const format = await detectWeightsFormat(choice.path);
    if ((format === 'tfjs-layers') !== (choice.format === 'tfjs-layers')) {
      // The name picked the family's defaults (network-choice.ts); the bytes say otherwise.
      throw new PainterlyError('WEIGHTS_INVALID', `The file ${choice.path} ${format === 'tfjs-layers' ? 'is a TF.js model.json: name it *.json' : 'is named like a TF.js model.json but is a weights file: rename it so its name does not end in .json'}.`);
    }
    if (format === 'tfjs-layers' || choice.format === 'tfjs-layers') return readTfjsLayersModel(choice.path, { deepestLayer });
    return readVggWeightsFile(choice.path, { format, preprocessing: choice.preprocessing });
  }
  if (choice.family === 'darknet-tiny') {
    const dir = await ensureModel('darknet-tiny', { onProgress: options.onProgress });
    return readTfjsLayersModel(join(dir, 'model.json'), { deepestLayer, fix: fixFor(choice) });
  }
  // offline: the 59–80 MB file is never fetched here; a damaged cached file is WEIGHTS_INVALID naming `--force`.
  const variant = choice.family;
  const path = await ensureModel(variant, { offline: true }).catch((error: unknown) => {
    if (!isPainterlyError(error) || error.code !== 'WEIGHTS_NOT_FOUND') throw error;
    throw new PainterlyError(
      'WEIGHTS_NOT_FOUND',
      `The ${variant === 'vgg16' ? 'VGG16 weights are not downloaded yet. Fetch them (59 MB' : 'VGG19 weights are not downloaded yet. Fetch them (80 MB'}, once) with:\n` +
        `  painterly models download ${variant}\n` +
        'or paint now with real ImageNet features from the 4 MB Darknet Tiny network: `network=darknet-tiny`\n' +
        '(or try untrained weights: `weights=random`)',
      { option: 'network' },
    );
  });
  return readKerasVggWeights(path, { variant });
}

function fixFor(choice: NetworkChoice): string {
  if (choice.kind === 'store') return `Re-download them with \`painterly models download ${choice.family} --force\`.`;
  if (choice.kind === 'file') return 'Check the file, or choose `network=vgg19` or `network=darknet-tiny` from the model store.';
  return 'This is a bug: please report it.';
}
