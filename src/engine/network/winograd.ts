import type { FloatSink, GraphBuilder } from '../onnx/graph-builder.js';
import type { ActivationDims } from './types.js';

/**
 * 3×3 "same" convolutions by Winograd's minimal filtering F(4×4, 3×3) (Lavin & Gray, "Fast
 * Algorithms for Convolutional Neural Networks", 2016): each 4×4 output tile is
 * Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A from a 6×6 input tile d, so a layer costs 36 multiplications per
 * 16 outputs and channel pair instead of 144 — 4× fewer than the direct convolution. The 36
 * elementwise products summed over input channels are 36 matrix products, which is where the time
 * goes; the two transforms are cheap, fixed linear maps.
 *
 * As ONNX Runtime operators (all in the CPU execution provider's fast paths):
 * 1. input transform: 36 depthwise Convs (6×6 kernels, stride 4), one per transform position,
 *    concatenated position-major → [1, 36·C, tH, tW] (these stay in the runtime's blocked layout);
 * 2. the 36 products as one grouped 1×1 Conv (group 36) whose weights are the transformed
 *    filters G g Gᵀ (computed in float64 when the model is serialised, straight into the model's
 *    bytes, see `deferredInitializer`);
 * 3. output transform: Transpose to [K,36,tH,tW] and one ConvTranspose with 36 fixed 4×4 kernels,
 *    stride 4, which writes each tile's Aᵀ M A into place.
 * Sizes that are not multiples of 4 are padded at the bottom/right (zeros, as the convolution's own
 * padding) and the output is cropped by the ConvTranspose's end pads. The bias rides in the
 * grouped Conv at the one transform position whose output weights are all 1.
 *
 * Measured here (2 Zen 4 cores, ONNX Runtime 1.30): 256 channels at 64×64 ≈ 1.7× and 512 at
 * 32×32 ≈ 2.2× faster than ONNX Runtime's direct Conv; with 64–128 channels the transforms'
 * memory traffic eats the gain, so `useWinograd` keeps those layers direct. Float32 rounding
 * differs from the direct convolution by ~1e-5 of the activations' scale.
 */

/** Output tile side m of F(m×m, 3×3). */
const OUTPUT_TILE = 4;
/** Input tile side m + 2. */
const INPUT_TILE = OUTPUT_TILE + 2;
const POSITIONS = INPUT_TILE * INPUT_TILE;

/** Bᵀ (6×6): input transform, interpolation points 0, ±1, ±2 and ∞. */
const B_T = [
  [4, 0, -5, 0, 1, 0],
  [0, -4, -4, 1, 1, 0],
  [0, 4, -4, -1, 1, 0],
  [0, -2, -1, 2, 1, 0],
  [0, 2, -1, -2, 1, 0],
  [0, 4, 0, -5, 0, 1],
] as const;

/** Aᵀ (4×6): output transform. Its column 1 is all ones (where the bias goes). */
const A_T = [
  [1, 1, 1, 1, 1, 0],
  [0, 1, -1, 2, -2, 0],
  [0, 1, 1, 4, 4, 0],
  [0, 1, -1, 8, -8, 1],
] as const;

/** The transform position (row 1, column 1) whose every output weight Aᵀ[p][1]·Aᵀ[q][1] is 1. */
const BIAS_POSITION = 1 * INPUT_TILE + 1;

/** Channel counts from which Winograd beats the direct Conv here (see the module comment). */
const MIN_CHANNELS = 128;
const MIN_WIDER_CHANNELS = 256;
/**
 * The deepest stage (VGG block) where `auto` uses Winograd: stage 5 runs at 1/16 of the image's size, where
 * the transforms' overhead leaves little gain (conv5_1: ≈ 5 ms per iteration at 256 px) for 75 MB of
 * transformed filters (forward and backward).
 */
const LAST_STAGE = 4;

/**
 * The least work (output pixels × the wider channel count) of a layer that `auto` runs as Winograd.
 * Measured here (bench/winograd-crossover.ts: four 3×3 convolutions in a row, 2 threads, Winograd
 * against ONNX Runtime's direct Conv): 256 channels at 12×12 ran 0.65×, at 16×16 1.0× (2¹⁶, the
 * break-even, kept direct) and at 24×24 1.2× as fast; 512 channels at 8×8 0.73× and at 12×12 1.3×.
 * Below it the transforms cost more than they save, and the 4× larger filters make the session
 * several times slower to create: VGG19's blocks 3–4 at a 64 px preview run 8×5 to 16×11.
 */
const MIN_WINOGRAD_WORK = 2 ** 16;

/** How the engine evaluates 3×3 convolutions: `auto` picks per layer by its channel counts, stage and size. */
export type ConvolutionAlgorithm = 'auto' | 'direct' | 'winograd';

/** A 3×3 convolution as `auto` judges it: its stage (1 + poolings before it) and channel counts. */
export interface ConvolutionShape {
  readonly stage: number;
  readonly inChannels: number;
  readonly outChannels: number;
}

/**
 * Whether `auto` may run a layer of this shape as Winograd at some size: both channel counts wide
 * enough and no deeper than {@link LAST_STAGE}. Narrow layers (Darknet Tiny's 3×3 layers take 16–64
 * channels) never do.
 *
 * @example winogradCandidate({ stage: 3, inChannels: 256, outChannels: 256 }) // true
 */
export function winogradCandidate(layer: ConvolutionShape): boolean {
  const { stage, inChannels, outChannels } = layer;
  return stage <= LAST_STAGE && Math.min(inChannels, outChannels) >= MIN_CHANNELS && Math.max(inChannels, outChannels) >= MIN_WIDER_CHANNELS;
}

/**
 * Whether a 3×3 convolution of `layer`'s shape on a `height`×`width` activation runs as Winograd
 * under `algorithm`: under `auto`, a {@link winogradCandidate} with more than {@link MIN_WINOGRAD_WORK}
 * output pixels × channels.
 *
 * @example useWinograd('auto', { stage: 3, inChannels: 256, outChannels: 256, height: 64, width: 64 }) // true
 * @example useWinograd('auto', { stage: 3, inChannels: 256, outChannels: 256, height: 16, width: 11 }) // false
 */
export function useWinograd(algorithm: ConvolutionAlgorithm, layer: ConvolutionShape & { readonly height: number; readonly width: number }): boolean {
  if (algorithm !== 'auto') return algorithm === 'winograd';
  return winogradCandidate(layer) && layer.height * layer.width * Math.max(layer.inChannels, layer.outChannels) > MIN_WINOGRAD_WORK;
}

/** A 3×3 convolution to run by Winograd: its kernel (ONNX Conv layout [out,in,3,3], cross-correlation), produced on demand, and bias. */
export interface WinogradConv {
  readonly outChannels: number;
  readonly inChannels: number;
  /**
   * Hands the kernel to `sink` in pieces of whole 3×3 filters (e.g. one output channel's in·9 values
   * at o·in·9, as `writeOnnxKernel` does, or all of it at 0). Called once, when the model is
   * serialised, each piece transformed straight into the model's bytes (the transformed filters are
   * 4× the kernel's size).
   */
  readonly kernel: (sink: FloatSink) => void;
  readonly bias?: Float32Array;
}

/**
 * G g Gᵀ for every (out, in) filter g of `kernel` [out,in,3,3], laid out position-major as the grouped
 * Conv's weights [36·out, in, 1, 1]: index ((ξ·out + o)·in + i) with ξ = row·6 + column of the 6×6 transform.
 *
 * @example winogradFilters(kernel, 256, 128).length // → 36·256·128
 */
export function winogradFilters(kernel: Float32Array, outChannels: number, inChannels: number): Float32Array {
  const weights = new Float32Array(POSITIONS * outChannels * inChannels);
  writeWinogradFilters((filters) => filters(kernel, 0), outChannels, inChannels, (values, offset) => weights.set(values, offset));
  return weights;
}

/** Filter pairs transformed per block of {@link writeWinogradFilters}: 36 × 512 float32 = 72 KB, cache-resident. */
const PAIRS_PER_BLOCK = 512;

/**
 * {@link winogradFilters} of the kernel that `kernel` hands over in pieces of whole filters, handed
 * to `sink` block by block: the transforms of up to {@link PAIRS_PER_BLOCK} consecutive (out, in)
 * pairs go to a small buffer, then to the sink as 36 contiguous runs (one per position ξ), so neither
 * a whole transformed array nor 36 scattered writes per pair are needed. The same arithmetic as a
 * pair-by-pair transform, so the same float32 values.
 *
 * @example writeWinogradFilters((filters) => filters(kernel, 0), 256, 128, (values, offset) => weights.set(values, offset))
 */
export function writeWinogradFilters(kernel: (filters: FloatSink) => void, outChannels: number, inChannels: number, sink: FloatSink): void {
  const pairs = outChannels * inChannels;
  const block = new Float32Array(POSITIONS * Math.min(PAIRS_PER_BLOCK, pairs));
  const rows = new Float64Array(INPUT_TILE * 3);
  kernel((filters, offset) => {
    if (offset % 9 !== 0 || filters.length % 9 !== 0 || offset + filters.length > 9 * pairs) {
      throw new Error(`writeWinogradFilters: kernel values ${offset}…${offset + filters.length} are not whole filters of the ${pairs}`);
    }
    const firstPair = offset / 9;
    const pieceLength = filters.length / 9;
    for (let start = 0; start < pieceLength; start += PAIRS_PER_BLOCK) {
      const count = Math.min(PAIRS_PER_BLOCK, pieceLength - start);
      for (let j = 0; j < count; j++) {
        const g = (start + j) * 9;
        // rows = G·g (6×3), column by column
        for (let v = 0; v < 3; v++) applyGInto64(filters[g + v], filters[g + 3 + v], filters[g + 6 + v], rows, v, 3);
        // (G·g)·Gᵀ (6×6), row by row, into the block position-major: ξ·count + j
        for (let a = 0; a < INPUT_TILE; a++) applyGInto32(rows[a * 3], rows[a * 3 + 1], rows[a * 3 + 2], block, a * INPUT_TILE * count + j, count);
      }
      for (let position = 0; position < POSITIONS; position++) sink(block.subarray(position * count, (position + 1) * count), position * pairs + firstPair + start);
    }
  });
}

/** The grouped Conv's bias [36·out]: the layer's bias at the position whose output weights are all 1, zeros elsewhere. */
export function winogradBias(bias: Float32Array | undefined, outChannels: number): Float32Array {
  const out = new Float32Array(POSITIONS * outChannels);
  if (bias) out.set(bias, BIAS_POSITION * outChannels);
  return out;
}

/**
 * out[offset + j·stride] = (G·[x0,x1,x2])[j] for j = 0…5, with the filter transform
 * G = [[1/4,0,0], [−1/6,−1/6,−1/6], [−1/6,1/6,−1/6], [1/24,1/12,1/6], [1/24,−1/12,1/6], [0,0,1]] unrolled.
 * Two copies of the same arithmetic, one per array type, so each stays monomorphic (and inlined): one
 * function for both arrays made `winogradFilters` of a 512×512 kernel 5–10 % slower (measured 2026-12-07).
 */
function applyGInto64(x0: number, x1: number, x2: number, out: Float64Array, offset: number, stride: number): void {
  const even = x0 + x2;
  out[offset] = x0 / 4;
  out[offset + stride] = -(even + x1) / 6;
  out[offset + 2 * stride] = -(even - x1) / 6;
  out[offset + 3 * stride] = x0 / 24 + x1 / 12 + x2 / 6;
  out[offset + 4 * stride] = x0 / 24 - x1 / 12 + x2 / 6;
  out[offset + 5 * stride] = x2;
}

/** {@link applyGInto64} into a float32 array (each value rounded once, as it is stored). */
function applyGInto32(x0: number, x1: number, x2: number, out: Float32Array, offset: number, stride: number): void {
  const even = x0 + x2;
  out[offset] = x0 / 4;
  out[offset + stride] = -(even + x1) / 6;
  out[offset + 2 * stride] = -(even - x1) / 6;
  out[offset + 3 * stride] = x0 / 24 + x1 / 12 + x2 / 6;
  out[offset + 4 * stride] = x0 / 24 - x1 / 12 + x2 / 6;
  out[offset + 5 * stride] = x2;
}

/**
 * Emits a 3×3, stride-1, padding-1 convolution of `input` [1,C,H,W] (no activation) by Winograd
 * F(4×4, 3×3) and returns the output [1,K,H,W]; equal to ONNX `Conv` up to float32 rounding.
 *
 * @example const y = emitWinogradConv3x3(graph, x, [256, 64, 64], { outChannels: 256, inChannels: 256, kernel: (filters) => filters(kernel, 0), bias }, 'conv3_2');
 */
export function emitWinogradConv3x3(graph: GraphBuilder, input: string, dims: ActivationDims, conv: WinogradConv, name: string): string {
  const [inChannels, height, width] = dims;
  const { outChannels } = conv;
  if (conv.inChannels !== inChannels) throw new Error(`${name}: the input has ${inChannels} channels, the kernel expects ${conv.inChannels}`);
  const tilesHigh = Math.ceil(height / OUTPUT_TILE);
  const tilesWide = Math.ceil(width / OUTPUT_TILE);
  const extraBottom = tilesHigh * OUTPUT_TILE - height;
  const extraRight = tilesWide * OUTPUT_TILE - width;

  // Bᵀ d B of every tile, one depthwise Conv per transform position, concatenated position-major.
  const positions = Array.from({ length: POSITIONS }, (_, position) =>
    graph.op('Conv', [input, inputTransformKernel(graph, position, inChannels)], {
      kernel_shape: { ints: [INPUT_TILE, INPUT_TILE] },
      strides: { ints: [OUTPUT_TILE, OUTPUT_TILE] },
      pads: { ints: [1, 1, 1 + extraBottom, 1 + extraRight] },
      group: { int: inChannels },
    }),
  );
  const positionMajor = graph.op('Concat', positions, { axis: { int: 1 } });
  const products = graph.op(
    'Conv',
    [
      positionMajor,
      graph.deferredInitializer(`${name}_winograd`, [POSITIONS * outChannels, inChannels, 1, 1], (sink) => writeWinogradFilters(conv.kernel, outChannels, inChannels, sink)),
      graph.initializer(`${name}_winograd_bias`, winogradBias(conv.bias, outChannels), [POSITIONS * outChannels]),
    ],
    { kernel_shape: { ints: [1, 1] }, group: { int: POSITIONS } },
  );
  const outputChannelsAsBatch = graph.op('Transpose', [graph.op('Reshape', [products, graph.constInt64([POSITIONS, outChannels, tilesHigh, tilesWide])])], {
    perm: { ints: [1, 0, 2, 3] },
  });
  const output = graph.op('ConvTranspose', [outputChannelsAsBatch, outputTransformKernels(graph)], {
    kernel_shape: { ints: [OUTPUT_TILE, OUTPUT_TILE] },
    strides: { ints: [OUTPUT_TILE, OUTPUT_TILE] },
    pads: { ints: [0, 0, extraBottom, extraRight] },
  });
  return graph.op('Reshape', [output, graph.constInt64([1, outChannels, height, width])]);
}

const transformCache = new WeakMap<GraphBuilder, Map<string, string>>();

/** One initializer per graph for each fixed transform kernel. */
function cachedInitializer(graph: GraphBuilder, key: string, make: () => { data: Float32Array; dims: number[] }): string {
  let names = transformCache.get(graph);
  if (!names) transformCache.set(graph, (names = new Map()));
  let name = names.get(key);
  if (!name) {
    const { data, dims } = make();
    name = graph.initializer(`winograd_${key}`, data, dims);
    names.set(key, name);
  }
  return name;
}

/** Depthwise Conv weights [C,1,6,6] computing transform position ξ = (a, b): Bᵀ[a][r]·Bᵀ[b][s] for every channel. */
function inputTransformKernel(graph: GraphBuilder, position: number, channels: number): string {
  return cachedInitializer(graph, `input_${position}_${channels}`, () => {
    const [a, b] = [Math.floor(position / INPUT_TILE), position % INPUT_TILE];
    const kernel = new Float32Array(POSITIONS);
    for (let r = 0; r < INPUT_TILE; r++) for (let s = 0; s < INPUT_TILE; s++) kernel[r * INPUT_TILE + s] = B_T[a][r] * B_T[b][s];
    const data = new Float32Array(channels * POSITIONS);
    for (let c = 0; c < channels; c++) data.set(kernel, c * POSITIONS);
    return { data, dims: [channels, 1, INPUT_TILE, INPUT_TILE] };
  });
}

/** The output transform Aᵀ ⊗ Aᵀ as ConvTranspose weights [36,1,4,4]. */
function outputTransformKernels(graph: GraphBuilder): string {
  return cachedInitializer(graph, 'output', () => {
    const area = OUTPUT_TILE * OUTPUT_TILE;
    const data = new Float32Array(POSITIONS * area);
    for (let a = 0; a < INPUT_TILE; a++)
      for (let b = 0; b < INPUT_TILE; b++)
        for (let p = 0; p < OUTPUT_TILE; p++)
          for (let q = 0; q < OUTPUT_TILE; q++) data[(a * INPUT_TILE + b) * area + p * OUTPUT_TILE + q] = A_T[p][a] * A_T[q][b];
    return { data, dims: [POSITIONS, 1, OUTPUT_TILE, OUTPUT_TILE] };
  });
}
