/**
 * Which feature network a run uses and where its weights come from, from the `network` and
 * `weights` options (validated here, once):
 * - a registry name (`vgg19`, `vgg16`, `darknet-tiny`) or a name from `painterly models import`: the model store's copy;
 * - a path: a VGG19/VGG16 weights file (`.pth`, `.safetensors`, Keras `.h5` of any Keras version, `.keras`,
 *   Caffe `.caffemodel`: its format is read from its bytes when it is loaded, node/weights-file/detect-format.ts),
 *   or a TF.js layers `model.json` (Darknet-like chain; TF.js names it so, and its `.json` picks that family's
 *   defaults here). The file's contents decide VGG16 or VGG19; its name (`vgg16`, `VGG_ILSVRC_16_layers`) only
 *   picks the network whose defaults the run plans with;
 * - `random` / `random:SEED` as `weights`: untrained, seeded weights of the chosen network.
 * `weights` alone keeps its old meaning (`--weights vgg19|PATH|random`), so old commands still work.
 * `preprocessing` (`caffe` | `torchvision`) goes with a VGG file only; without it, the file's own is used.
 */
import { invalidOption } from '../engine/errors.js';
import { NETWORK_IDS, NETWORKS, isNetworkId, type NetworkEntry, type NetworkId } from '../engine/network/registry.js';
import type { PreprocessingName } from '../engine/vgg/preprocessing.js';

/** Where a run's network comes from. */
export type NetworkChoice =
  | { readonly kind: 'store'; readonly family: NetworkId }
  | { readonly kind: 'file'; readonly family: NetworkId; readonly format: 'vgg-file'; readonly path: string; readonly preprocessing?: PreprocessingName }
  | { readonly kind: 'file'; readonly family: NetworkId; readonly format: 'tfjs-layers'; readonly path: string }
  | { readonly kind: 'random'; readonly family: NetworkId; readonly seed: number };

/** The network used when neither option is given. */
export const DEFAULT_NETWORK: NetworkId = 'vgg19';

const RANDOM = /^random(?::(\d+))?$/;
const CHOICES = `${NETWORK_IDS.join(', ')}, a name from \`painterly models import\`, or the path of a VGG19/VGG16 weights file (.pth, .safetensors, Keras .h5/.keras, Caffe .caffemodel) or a TF.js model.json`;
/** File names that say VGG16 (Keras `vgg16_weights_…`, Caffe `VGG_ILSVRC_16_layers`, torchvision `vgg16-…`). */
const VGG16_NAME = /vgg[-_]?16|ilsvrc_16/i;

/**
 * Reads the two options into one choice; throws INVALID_OPTION naming the option and the valid values.
 *
 * @example chooseNetwork('darknet-tiny', 'random:3') // → { kind: 'random', family: 'darknet-tiny', seed: 3 }
 * @example chooseNetwork(undefined, 'weights/vgg19.h5') // → { kind: 'file', family: 'vgg19', format: 'vgg-file', path: 'weights/vgg19.h5' }
 * @example chooseNetwork('vgg19-d01eb7cb.pth', undefined, 'caffe') // → { kind: 'file', …, preprocessing: 'caffe' }
 */
export function chooseNetwork(network: string | undefined, weights: string | undefined, preprocessing?: PreprocessingName): NetworkChoice {
  const choice = chooseSource(network, weights);
  if (preprocessing === undefined) return choice;
  if (choice.kind !== 'file' || choice.format !== 'vgg-file') {
    throw invalidOption(`no preprocessing unless the network is a VGG weights file (.pth, .safetensors, .h5: ${choice.kind === 'file' ? 'a TF.js model' : `the ${choice.family} network`} has its own)`, '--preprocessing', preprocessing);
  }
  return { ...choice, preprocessing };
}

function chooseSource(network: string | undefined, weights: string | undefined): NetworkChoice {
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
  return family === 'darknet-tiny' ? { kind: 'file', family, format: 'tfjs-layers', path: spec } : { kind: 'file', family, format: 'vgg-file', path: spec };
}

/** The registry entry whose table and defaults a choice uses. */
export function networkEntryOf(choice: NetworkChoice): NetworkEntry {
  return NETWORKS[choice.family];
}

/**
 * A name's or a path's network family: `.json` files (TF.js `model.json`) are Darknet-like, any other
 * path a VGG file whose format its bytes tell on load (VGG16 when its name says so, else VGG19: the
 * family only picks the defaults; the contents decide the layers). A bare word that is no network name is a typo.
 */
function familyOf(spec: string, option: string): NetworkId {
  if (isNetworkId(spec)) return spec;
  if (!/[./\\]/.test(spec)) throw invalidOption(CHOICES, option, spec);
  if (/\.json$/i.test(spec)) return 'darknet-tiny';
  return VGG16_NAME.test(spec.split(/[\\/]/).at(-1)!) ? 'vgg16' : 'vgg19';
}
