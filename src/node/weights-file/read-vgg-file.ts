/**
 * Reads a VGG19/VGG16 weights file of any format Painterly knows, dispatching on its bytes
 * (detect-format.ts), and gives it the preprocessing its training used (choose-preprocessing.ts).
 */
import { resolve } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';
import type { NetworkWeights } from '../../engine/network/types.js';
import { withPreprocessing, type PreprocessingName } from '../../engine/vgg/preprocessing.js';
import { torchConvLayout, vggWeightsFromTorch } from '../../engine/vgg/torch-layout.js';
import { hashFile } from '../model-store/checksum.js';
import { readKerasVggWeights } from '../vgg-h5.js';
import { readKerasArchiveWeights } from './keras3.js';
import { choosePreprocessing, type PreprocessingChoice } from './choose-preprocessing.js';
import { detectWeightsFormat, type WeightsFormat } from './detect-format.js';
import { identifyWeightsFile, type KnownWeightsFile } from './known-files.js';
import { readPthLegacy } from './pth-legacy.js';
import { readPthZip } from './pth-zip.js';
import { readSafetensors } from './safetensors.js';
import type { StateDictContents, WantedTensor } from './tensor-data.js';

/** How to read a file: its format when already detected, and the preprocessing option. */
export interface ReadVggFileOptions {
  readonly format?: WeightsFormat;
  readonly preprocessing?: PreprocessingName;
  /** The file's SHA-256 when already known (`models import` hashes it once). */
  readonly sha256?: string;
}

/**
 * Reads the VGG19 (or VGG16) conv layers of a `.pth`, `.safetensors`, Keras `.h5`/`.keras` or Caffe `.caffemodel`
 * file (a classifier head is skipped), with `weights.file` saying what was detected. Throws WEIGHTS_INVALID for a damaged,
 * unsafe or non-VGG file and INVALID_OPTION when the preprocessing cannot be told (or contradicts the file).
 *
 * @example
 * const weights = await readVggWeightsFile('~/.cache/torch/hub/checkpoints/vgg19-dcbb9e9d.pth');
 * weights.file // → { format: 'pth-legacy', preprocessing: 'torchvision', reason: "torchvision's VGG19 …" }
 */
export async function readVggWeightsFile(path: string, options: ReadVggFileOptions = {}): Promise<NetworkWeights> {
  const absolutePath = resolve(path);
  const format = options.format ?? (await detectWeightsFormat(absolutePath));
  switch (format) {
    case 'pth-zip':
    case 'pth-legacy':
    case 'safetensors':
      return readStateDictFile(absolutePath, format, options);
    case 'keras-h5':
    case 'keras3-h5': // readKerasVggWeights tells Keras 1, 2 and 3 layouts apart by their contents
      return withCaffeTrainedInfo(await readKerasVggWeights(absolutePath), format, absolutePath, options);
    case 'keras-zip':
      return withCaffeTrainedInfo(await readKerasArchiveWeights(absolutePath), format, absolutePath, options);
    case 'caffemodel':
      return withCaffeTrainedInfo(await (await import('./caffemodel.js')).readCaffeModelWeights(absolutePath), format, absolutePath, options);
    case 'tfjs-layers': // a network of its own, which resolve-weights.ts reads
      throw new PainterlyError('WEIGHTS_INVALID', `The file ${absolutePath} is a TF.js model.json, a network of its own rather than VGG weights: pass it as --network PATH/model.json.`);
  }
}

/** A torchvision-layout state dict (.pth either format, .safetensors): identity by SHA-256, then the `features` convolutions. */
async function readStateDictFile(path: string, format: keyof typeof STATE_DICT_READERS, options: ReadVggFileOptions): Promise<NetworkWeights> {
  const known = identifyWeightsFile(options.sha256 ?? (await hashFile(path, 'sha256')));
  const choice = choosePreprocessing({ format, known, requested: options.preprocessing, source: path });
  const contents = await STATE_DICT_READERS[format](path, (key) => key.startsWith('features.'));
  const layout = torchConvLayout(contents.shapes, path);
  if (known && known.network !== layout.variant) {
    throw new PainterlyError('WEIGHTS_INVALID', `The file ${path} has ${known.origin}'s digest but a ${layout.variant.toUpperCase()}'s layers: it is damaged. Download it again.`);
  }
  const { table, layers } = vggWeightsFromTorch(contents.tensors, layout, path);
  return withFileInfo({ network: table, layers, source: `${format}:${path}`, pretrained: true }, format, choice);
}

/** Keras and Caffe files: the Caffe-trained network, unless the preprocessing option says otherwise. */
function withCaffeTrainedInfo(weights: NetworkWeights, format: WeightsFormat, path: string, options: ReadVggFileOptions): NetworkWeights {
  return withFileInfo(weights, format, choosePreprocessing({ format, known: undefined, requested: options.preprocessing, source: path }));
}

/** The weights with the chosen input convention and what was detected. */
function withFileInfo(weights: NetworkWeights, format: WeightsFormat, choice: PreprocessingChoice): NetworkWeights {
  return { ...weights, network: withPreprocessing(weights.network, choice.name), file: { format, preprocessing: choice.name, reason: choice.reason } };
}

const STATE_DICT_READERS: Readonly<Record<'pth-zip' | 'pth-legacy' | 'safetensors', (path: string, wanted: WantedTensor) => Promise<StateDictContents>>> = {
  'pth-zip': readPthZip,
  'pth-legacy': readPthLegacy,
  safetensors: readSafetensors,
};
