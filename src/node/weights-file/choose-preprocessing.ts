/**
 * Which input convention a VGG file gets: the file's own when it can be told (a known digest, or a
 * format only Caffe-trained weights come in), else the `preprocessing` option; an unknown `.pth` or
 * `.safetensors` without that option is refused rather than guessed, and an option that
 * contradicts a known file is refused too (its pictures would be wrong without any error).
 */
import { PainterlyError } from '../../engine/errors.js';
import { PREPROCESSING_NAMES, PREPROCESSING_SUMMARIES, type PreprocessingName } from '../../engine/vgg/preprocessing.js';
import type { WeightsFormat } from './detect-format.js';
import type { KnownWeightsFile } from './known-files.js';

/** The convention chosen and how: `file` (a known digest), `format` (Keras/Caffe files) or `option`. */
export interface PreprocessingChoice {
  readonly name: PreprocessingName;
  readonly from: 'file' | 'format' | 'option';
  /** One phrase for `models list`, `load` events and messages. */
  readonly reason: string;
}

/** Formats whose VGG files are all the Caffe-trained network (Keras converted it from Caffe). */
const CAFFE_FORMATS: readonly WeightsFormat[] = ['keras-h5', 'keras3-h5', 'keras-zip', 'caffemodel'];

/**
 * Chooses the preprocessing of one file.
 *
 * @example choosePreprocessing({ format: 'pth-legacy', known: undefined, requested: 'caffe', source: 'x.pth' }) // → { name: 'caffe', from: 'option', … }
 */
export function choosePreprocessing(input: { format: WeightsFormat; known: KnownWeightsFile | undefined; requested: PreprocessingName | undefined; source: string }): PreprocessingChoice {
  const { format, known, requested, source } = input;
  if (known) {
    if (requested !== undefined && requested !== known.preprocessing) {
      throw new PainterlyError(
        'INVALID_OPTION',
        `Expected ${known.preprocessing} (or no value) for preprocessing but received "${requested}": ${source} is ${known.origin} (SHA-256 ${known.sha256Prefix}…), ` +
          `trained on ${PREPROCESSING_SUMMARIES[known.preprocessing]}. Drop the preprocessing option.`,
      );
    }
    return { name: known.preprocessing, from: 'file', reason: `${known.origin}, recognised by its SHA-256 ${known.sha256Prefix}…` };
  }
  if (requested !== undefined) return { name: requested, from: 'option', reason: 'as the preprocessing option asks' };
  if (CAFFE_FORMATS.includes(format)) return { name: 'caffe', from: 'format', reason: 'Keras and Caffe VGG files are the Caffe-trained network' };
  throw new PainterlyError(
    'INVALID_OPTION',
    `Expected a preprocessing option (${PREPROCESSING_NAMES.join(' or ')}) for ${source}: it is not a VGG file Painterly knows by its SHA-256, and a .pth or .safetensors file does not say which input it was trained on. ` +
      `Use caffe for weights converted from Caffe (neural-style-pt, ${PREPROCESSING_SUMMARIES.caffe.split(' (')[0]}) or torchvision for torchvision's own (${PREPROCESSING_SUMMARIES.torchvision.split(' (')[0]}): --preprocessing caffe|torchvision.`,
  );
}
