/**
 * A feature network as data: a chain of convolutions (k×k, stride 1, same padding, bias), each
 * followed by an activation and optionally preceded by a 2×2 stride-2 pooling, plus the
 * preprocessing that maps an RGB 0–255 image to the network's input. Forward, backward,
 * receptive fields and memory estimates are written once over this table (see forward.ts,
 * backward.ts, geometry.ts); VGG19 and Darknet Tiny are two rows of `NETWORKS`.
 */

/** The pooling between stages: the network's own, or the other one (Gatys et al. prefer avg for VGG). */
export type Pooling = (typeof POOLING_KINDS)[number];
/** The poolings, in help order. */
export const POOLING_KINDS = ['avg', 'max'] as const;

/** The nonlinearity after a convolution; `none` only for a classifier's last layer. */
export type Activation =
  | { readonly kind: 'relu' }
  | { readonly kind: 'leaky-relu'; readonly alpha: number }
  | { readonly kind: 'none' };

/** One convolution of the chain. */
export interface ConvLayerSpec {
  /** The name users give, e.g. `conv4_2` (VGG19) or `conv10` (Darknet Tiny). */
  readonly name: string;
  /** Odd kernel side k (1 or 3 here); padding (k − 1)/2 keeps the size. */
  readonly kernelSize: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly activation: Activation;
  /** Whether a 2×2 stride-2 pooling sits in front of this convolution. */
  readonly pooledBefore: boolean;
  /** 1 + the number of poolings before this layer (VGG's block number). */
  readonly stage: number;
}

/**
 * How an RGB [1,3,H,W] image on the 0–255 scale becomes the network input:
 * x' = (reorder(x)·scale − mean) / std, with `mean` and `std` in the network's channel order
 * (`std` absent = 1: Caffe-style inputs; torchvision's divide by the ImageNet std).
 */
export interface Preprocessing {
  readonly channelOrder: 'rgb' | 'bgr';
  readonly scale: number;
  readonly mean: readonly [number, number, number];
  readonly std?: readonly [number, number, number];
}

/** A feature network's architecture: what `NetworkWeights` are weights of. */
export interface NetworkTable {
  /** Registry name, e.g. `vgg19` or `darknet-tiny`; a derived table takes its file's family name. */
  readonly id: string;
  /** How pictures and messages name it, e.g. `VGG19 (ImageNet)`. */
  readonly displayName: string;
  readonly layers: readonly ConvLayerSpec[];
  readonly preprocessing: Preprocessing;
  /** Pooled sizes: `floor` (⌊n/2⌋, VGG/Keras valid) or `same` (⌈n/2⌉, the extra row/column padded bottom/right). */
  readonly poolPadding: 'floor' | 'same';
}

/** One convolution's parameters in Keras layout: kernel [k,k,in,out] row-major, bias [out]. */
export interface ConvWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
}

/**
 * A network's weights by layer name, independent of where they come from (a Keras HDF5 file, a
 * TF.js model, a seeded random initialisation). A source may stop early; `validateNetworkWeights`
 * requires every layer up to the deepest one a run needs.
 */
export interface NetworkWeights {
  readonly network: NetworkTable;
  readonly layers: ReadonlyMap<string, ConvWeights>;
  /** Where the weights came from, e.g. `keras-h5:/path/to/file.h5`, `tfjs:/…/model.json` or `random:42`. */
  readonly source: string;
  /** True for trained ImageNet weights; false for random ones (which still "work", but paint poorly). */
  readonly pretrained: boolean;
  /** For weights read from a VGG file: what was detected about it (absent for the store's, TF.js and random weights). */
  readonly file?: WeightsFileInfo;
}

/** What a weights file was found to be, for `load` events and `models list`. */
export interface WeightsFileInfo {
  /** The format read from its bytes, e.g. `pth-legacy`. */
  readonly format: string;
  /** The input convention used, e.g. `caffe` or `torchvision`. */
  readonly preprocessing: string;
  /** How that convention was chosen, e.g. "torchvision's VGG19 …, recognised by its SHA-256 dcbb9e9d…". */
  readonly reason: string;
}

/** Shape of an activation, batch of one: [channels, height, width]. */
export type ActivationDims = readonly [number, number, number];
