import { PainterlyError } from '../../engine/errors.js';
import { DARKNET_TINY_FILES } from './darknet-files.js';
import { PRESET_FILES, type FastStylePresetName } from './preset-files.js';

/* Pure data and lookups (no Node imports): the in-browser page reads this table too. */

/** The hash algorithms a registry entry may publish for a file. */
export type ChecksumAlgorithm = 'md5' | 'sha256';

/**
 * The expected hash of one file, as its publisher states it (lower-case hex).
 *
 * @example
 * const vggChecksum: Checksum = { algorithm: 'md5', hex: '253f8cb515780f3b799900260a226db6' };
 */
export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly hex: string;
}

/**
 * What a model is for: `'vgg'` the VGG19 feature network (optimization; its own kind for
 * compatibility), `'network'` another feature network (e.g. `darknet-tiny`), `'fast-style'` a
 * preset network.
 */
export type ModelKind = 'vgg' | 'network' | 'fast-style';

/** One downloadable file of a model. */
export interface ModelFile {
  /** File name inside the model's folder, e.g. `'Variable_3'`. */
  readonly name: string;
  /** Exact size in bytes. */
  readonly bytes: number;
  readonly checksum: Checksum;
  /** Where the file is published. */
  readonly url: string;
}

/**
 * One row of the model table. Tests and tools may build their own entries (e.g. a small fake
 * `vgg19` served by a local server) and pass them to the store as `registry`.
 *
 * @example
 * const fake: ModelEntry = { ...findModel('vgg19'), files: [{ name: 'w.h5', bytes: 3, checksum, url }] };
 */
export interface ModelEntry {
  readonly name: string;
  readonly kind: ModelKind;
  /** One line for `painterly models list`. */
  readonly description: string;
  /** Where the weights come from and under which licence. */
  readonly provenance: string;
  /** Folder below `<cache>/models/` and below a mirror, e.g. `'vgg19'` or `'fast-style/udnie'`. */
  readonly relativeDir: string;
  /** `'file'`: the model's path is its single file; `'directory'`: the model's path is its folder. */
  readonly layout: 'file' | 'directory';
  readonly files: readonly ModelFile[];
}

/** The one VGG19 weights file Keras publishes without the classifier ("notop"). */
export const VGG19_FILE_NAME = 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5';

const VGG19_ENTRY: ModelEntry = {
  name: 'vgg19',
  kind: 'vgg',
  description: 'VGG19 ImageNet features without the classifier, for optimization-based (Gatys) style transfer',
  provenance: 'Keras Applications (keras-team/keras, Apache-2.0); MD5 as published in keras/applications/vgg19.py',
  relativeDir: 'vgg19',
  layout: 'file',
  files: [
    {
      name: VGG19_FILE_NAME,
      bytes: 80_134_624,
      checksum: { algorithm: 'md5', hex: '253f8cb515780f3b799900260a226db6' },
      url: `https://storage.googleapis.com/tensorflow/keras-applications/vgg19/${VGG19_FILE_NAME}`,
    },
  ],
};

/** The VGG16 weights file Keras publishes without the classifier ("notop"). */
export const VGG16_FILE_NAME = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';

const VGG16_ENTRY: ModelEntry = {
  name: 'vgg16',
  kind: 'network',
  description: 'VGG16 ImageNet features without the classifier (13 convolutions), for optimization-based (Gatys) style transfer',
  provenance: 'Keras Applications (keras-team/keras, Apache-2.0); MD5 as published in keras/applications/vgg16.py',
  relativeDir: 'vgg16',
  layout: 'file',
  files: [
    {
      name: VGG16_FILE_NAME,
      bytes: 58_889_256,
      checksum: { algorithm: 'md5', hex: '6d6bbae143d832006294945121d1f1fc' },
      url: `https://storage.googleapis.com/tensorflow/keras-applications/vgg16/${VGG16_FILE_NAME}`,
    },
  ],
};

/** The TF.js layers files of Tiny Darknet, as ml5.js publishes them. */
const DARKNET_TINY_URL_BASE = 'https://raw.githubusercontent.com/ml5js/ml5-data-and-models/main/models/darknetclassifier/darknettiny';

/** The name of the Tiny Darknet feature network in the registry. */
export const DARKNET_TINY_MODEL = 'darknet-tiny';

/** The topology-and-manifest file of a TF.js layers model (`<ensureModel('darknet-tiny')>/model.json`). */
export const TFJS_MODEL_FILE_NAME = 'model.json';

const DARKNET_TINY_ENTRY: ModelEntry = {
  name: DARKNET_TINY_MODEL,
  kind: 'network',
  description: 'Tiny Darknet ImageNet classifier (TF.js layers format), a small feature network for optimization-based style transfer',
  provenance:
    "Joseph Redmon's Darknet (Tiny Darknet), converted to TF.js layers by ml5.js (ml5js/ml5-data-and-models, MIT); SHA-256 of the files at commit 0612a3e",
  relativeDir: 'darknet/tiny',
  layout: 'directory',
  files: DARKNET_TINY_FILES.map((file) => ({
    name: file.name,
    bytes: file.bytes,
    checksum: { algorithm: 'sha256', hex: file.sha256 },
    url: `${DARKNET_TINY_URL_BASE}/${file.name}`,
  })),
};

/** One line per fast-style preset: the artwork it was trained on. */
export const PRESET_DESCRIPTIONS: Readonly<Record<FastStylePresetName, string>> = {
  la_muse: 'Pablo Picasso\'s "La Muse" (1935)',
  mathura: 'an artwork from Mathura, India (ml5 names no title or artist)',
  matilde_perez: 'Matilde Pérez, Chilean geometric and kinetic artist',
  matta: 'Roberto Matta, Chilean surrealist painter',
  rain_princess: 'Leonid Afremov\'s "Rain Princess"',
  scream: 'Edvard Munch\'s "The Scream" (1893)',
  udnie: 'Francis Picabia\'s "Udnie" (1913)',
  wave: 'Hokusai\'s "The Great Wave off Kanagawa"',
  wreck: 'J. M. W. Turner\'s "The Shipwreck of the Minotaur"',
};

/** Provenance and licence of every fast-style preset. */
export const PRESET_PROVENANCE =
  "ml5.js ml5-data-and-models (MIT); trained with Logan Engstrom's fast-style-transfer recipe";

const PRESET_URL_BASE = 'https://raw.githubusercontent.com/ml5js/ml5-data-and-models/main/models/style-transfer';

function presetEntry(style: FastStylePresetName): ModelEntry {
  return {
    name: style,
    kind: 'fast-style',
    description: `Fast-style preset: ${PRESET_DESCRIPTIONS[style]}`,
    provenance: PRESET_PROVENANCE,
    relativeDir: `fast-style/${style}`,
    layout: 'directory',
    files: PRESET_FILES[style].map((file) => ({
      name: file.name,
      bytes: file.bytes,
      checksum: { algorithm: 'sha256', hex: file.sha256 },
      url: `${PRESET_URL_BASE}/${style}/${file.name}`,
    })),
  };
}

/** The names of the fast-style presets, in table order. */
export const FAST_STYLE_PRESETS = Object.keys(PRESET_FILES) as readonly FastStylePresetName[];

/**
 * The one table of every model Painterly can download.
 *
 * @example
 * MODEL_REGISTRY.map((entry) => entry.name) // → ['vgg19', 'vgg16', 'darknet-tiny', 'la_muse', …, 'wreck']
 */
export const MODEL_REGISTRY: readonly ModelEntry[] = [VGG19_ENTRY, VGG16_ENTRY, DARKNET_TINY_ENTRY, ...FAST_STYLE_PRESETS.map(presetEntry)];

/**
 * The entry called `name`, or PainterlyError MODEL_UNKNOWN listing the known names.
 *
 * @example
 * findModel('udnie').files.length // → 49
 */
export function findModel(name: string, registry: readonly ModelEntry[] = MODEL_REGISTRY): ModelEntry {
  const entry = registry.find((candidate) => candidate.name === name);
  if (entry) return entry;
  const known = registry.map((candidate) => candidate.name).join(', ');
  throw new PainterlyError('MODEL_UNKNOWN', `Unknown model "${name}". Known models: ${known}.`);
}

/**
 * Total size of a model's files in bytes.
 *
 * @example
 * modelBytes(findModel('udnie')) // → 6715241
 */
export function modelBytes(entry: ModelEntry): number {
  return entry.files.reduce((sum, file) => sum + file.bytes, 0);
}
