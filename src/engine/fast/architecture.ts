/**
 * The architecture of the pretrained fast-style "transformer" networks (Johnson et al. 2016 with
 * instance normalisation, Engstrom's recipe; ml5.js weight files), as one table.
 * See `../shared/models/fast-style/README.md` for the facts behind it. Pure TypeScript.
 */

/** How a layer's filter is applied. */
export type FastLayerKind = 'conv' | 'convTranspose';

/** What happens after a layer's instance norm. */
export type FastLayerActivation = 'relu' | 'none' | 'tanh';

/**
 * One of the 16 conv layers of the network. Every layer is conv (no bias) → instance norm
 * (shift `Variable_{3k+1}`, scale `Variable_{3k+2}`) → activation; filter `Variable_{3k}`.
 */
export interface FastLayerSpec {
  readonly index: number;
  readonly kind: FastLayerKind;
  readonly kernelSize: number;
  readonly stride: 1 | 2;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly activation: FastLayerActivation;
  /** Set on conv B of a residual block: the input of layer `addsInputOf` (conv A, i.e. the block input) is added after B's norm. */
  readonly addsInputOf?: number;
}

const RESIDUAL_BLOCKS = 5;

function residualLayers(): FastLayerSpec[] {
  return Array.from({ length: 2 * RESIDUAL_BLOCKS }, (_, offset) => {
    const index = 3 + offset;
    const second = offset % 2 === 1;
    const base = { index, kind: 'conv', kernelSize: 3, stride: 1, inChannels: 128, outChannels: 128 } as const;
    return second ? { ...base, activation: 'none', addsInputOf: index - 1 } : { ...base, activation: 'relu' };
  });
}

/**
 * The 16 layers in network order.
 *
 * @example
 * FAST_STYLE_LAYERS[13] // → transposed 3×3 conv, stride 2, 128 → 64 channels, ReLU
 */
export const FAST_STYLE_LAYERS: readonly FastLayerSpec[] = [
  { index: 0, kind: 'conv', kernelSize: 9, stride: 1, inChannels: 3, outChannels: 32, activation: 'relu' },
  { index: 1, kind: 'conv', kernelSize: 3, stride: 2, inChannels: 32, outChannels: 64, activation: 'relu' },
  { index: 2, kind: 'conv', kernelSize: 3, stride: 2, inChannels: 64, outChannels: 128, activation: 'relu' },
  ...residualLayers(),
  { index: 13, kind: 'convTranspose', kernelSize: 3, stride: 2, inChannels: 128, outChannels: 64, activation: 'relu' },
  { index: 14, kind: 'convTranspose', kernelSize: 3, stride: 2, inChannels: 64, outChannels: 32, activation: 'relu' },
  { index: 15, kind: 'conv', kernelSize: 9, stride: 1, inChannels: 32, outChannels: 3, activation: 'tanh' },
];

/** The output is `OUTPUT_TANH_SCALE · tanh(x) + OUTPUT_OFFSET`, then clipped to 0–255. */
export const OUTPUT_TANH_SCALE = 150;
export const OUTPUT_OFFSET = 127.5;
/** Epsilon of every instance norm: `scale·(x−μ)/sqrt(σ²+ε) + shift`. */
export const INSTANCE_NORM_EPSILON = 1e-3;
/** The network downsamples by this factor; it pads every input up to a multiple of it internally. */
export const FAST_STYLE_DOWNSAMPLING = 4;

/**
 * The weight file name of tensor `n` in the ml5 checkpoints (`Variable_0` is spelled `Variable`).
 *
 * @example
 * fastTensorName(0) // → 'Variable'
 * fastTensorName(47) // → 'Variable_47'
 */
export function fastTensorName(n: number): string {
  return n === 0 ? 'Variable' : `Variable_${n}`;
}

/** The filter shape of layer `spec` as TensorFlow stores it: [kh,kw,in,out], or [kh,kw,out,in] for transposed convs. */
export function tfFilterShape(spec: FastLayerSpec): readonly number[] {
  const { kernelSize: k, inChannels, outChannels } = spec;
  return spec.kind === 'conv' ? [k, k, inChannels, outChannels] : [k, k, outChannels, inChannels];
}

/**
 * Every tensor of a checkpoint with its expected shape, in order `Variable`, `Variable_1` … `Variable_47`.
 *
 * @example
 * expectedFastTensors()[0] // → { name: 'Variable', shape: [9, 9, 3, 32] }
 */
export function expectedFastTensors(): { readonly name: string; readonly shape: readonly number[] }[] {
  return FAST_STYLE_LAYERS.flatMap((spec) => [
    { name: fastTensorName(3 * spec.index), shape: tfFilterShape(spec) },
    { name: fastTensorName(3 * spec.index + 1), shape: [spec.outChannels] },
    { name: fastTensorName(3 * spec.index + 2), shape: [spec.outChannels] },
  ]);
}

/**
 * The spatial size of the network's output for an input side of `sizePx`: 4·⌈⌈n/2⌉/2⌉.
 *
 * @example
 * networkOutputSize(65) // → 68
 */
export function networkOutputSize(sizePx: number): number {
  return 2 * Math.ceil(Math.ceil(sizePx / 2) / 2) * 2;
}
