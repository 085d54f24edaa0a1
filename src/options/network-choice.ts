/**
 * Which feature network a run uses and where its weights come from, from the `network` and
 * `weights` options (validated here, once):
 * - a registry name (`vgg19`, `vgg16`, `darknet-tiny`): the model store's copy;
 * - a path: a VGG19/VGG16 weights file (Keras `.h5` of any Keras version, `.keras`, Caffe `.caffemodel`),
 *   or a TF.js layers `model.json` (Darknet-like chain). The file's contents decide VGG16 or VGG19; its
 *   name (`vgg16`, `VGG_ILSVRC_16_layers`) only picks the network whose defaults the run plans with;
 * - `random` / `random:SEED` as `weights`: untrained, seeded weights of the chosen network.
 * `weights` alone keeps its old meaning (`--weights vgg19|PATH|random`), so old commands still work.
 */
import { invalidOption } from '../engine/errors.js';
import { NETWORK_IDS, NETWORKS, isNetworkId, type NetworkEntry, type NetworkId } from '../engine/network/registry.js';

/** Where a run's network comes from. */
export type NetworkChoice =
  | { readonly kind: 'store'; readonly family: NetworkId }
  | { readonly kind: 'file'; readonly family: NetworkId; readonly format: NetworkFileFormat; readonly path: string }
  | { readonly kind: 'random'; readonly family: NetworkId; readonly seed: number };

/**
 * How a network file is read (until the readers dispatch on magic bytes, chosen by extension):
 * `keras-h5` any Keras HDF5 (1, 2 or 3: `.h5`, `.hdf5`, `.weights.h5`), `keras` a Keras 3 `.keras` zip,
 * `caffemodel` a Caffe `.caffemodel`, `tfjs-layers` a TF.js `model.json`.
 */
export type NetworkFileFormat = 'keras-h5' | 'keras' | 'caffemodel' | 'tfjs-layers';

/** The network used when neither option is given. */
export const DEFAULT_NETWORK: NetworkId = 'vgg19';

const RANDOM = /^random(?::(\d+))?$/;
const CHOICES = `${NETWORK_IDS.join(', ')}, a VGG19/VGG16 weights file (Keras .h5 or .keras, Caffe .caffemodel) or a TF.js model.json`;
/** Extensions of the VGG file formats. */
const VGG_FILE_FORMATS: ReadonlyArray<[RegExp, NetworkFileFormat]> = [
  [/\.(h5|hdf5)$/i, 'keras-h5'],
  [/\.keras$/i, 'keras'],
  [/\.caffemodel$/i, 'caffemodel'],
];
/** File names that say VGG16 (Keras `vgg16_weights_…`, Caffe `VGG_ILSVRC_16_layers`, torchvision-style `vgg16-…`). */
const VGG16_NAME = /vgg[-_]?16|ilsvrc_16/i;

/**
 * Reads the two options into one choice; throws INVALID_OPTION naming the option and the valid values.
 *
 * @example chooseNetwork('darknet-tiny', 'random:3') // → { kind: 'random', family: 'darknet-tiny', seed: 3 }
 * @example chooseNetwork(undefined, 'weights/vgg19.h5') // → { kind: 'file', family: 'vgg19', format: 'keras-h5', path: 'weights/vgg19.h5' }
 */
export function chooseNetwork(network: string | undefined, weights: string | undefined): NetworkChoice {
  if (weights !== undefined && weights.startsWith('random')) {
    const match = RANDOM.exec(weights);
    if (!match) throw invalidOption('random or random:SEED (SEED a whole number)', 'weights', weights);
    const family = network === undefined ? DEFAULT_NETWORK : familyOf(network, 'network');
    return { kind: 'random', family, seed: Number(match[1] ?? 0) };
  }
  if (network !== undefined && weights !== undefined && weights !== network) {
    throw invalidOption(`either a network or weights (they name the same thing unless the weights are random[:SEED]); the network is ${JSON.stringify(network)}`, 'weights', weights);
  }
  const spec = network ?? weights ?? DEFAULT_NETWORK;
  const option = network !== undefined ? 'network' : 'weights';
  if (isNetworkId(spec)) return { kind: 'store', family: spec };
  const family = familyOf(spec, option);
  return { kind: 'file', family, format: VGG_FILE_FORMATS.find(([pattern]) => pattern.test(spec))?.[1] ?? 'tfjs-layers', path: spec };
}

/** The registry entry whose table and defaults a choice uses. */
export function networkEntryOf(choice: NetworkChoice): NetworkEntry {
  return NETWORKS[choice.family];
}

/** A name's or a path's network family: VGG files are VGG19 unless named VGG16, `model.json` files Darknet-like. */
function familyOf(spec: string, option: string): NetworkId {
  if (isNetworkId(spec)) return spec;
  if (VGG_FILE_FORMATS.some(([pattern]) => pattern.test(spec))) return VGG16_NAME.test(spec.split(/[\\/]/).at(-1)!) ? 'vgg16' : 'vgg19';
  if (/\.json$/i.test(spec)) return 'darknet-tiny';
  throw invalidOption(CHOICES, option, spec);
}
