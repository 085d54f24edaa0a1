/**
 * Receptive fields of the VGG19 conv layers: which input pixels one activation can see. Computed
 * from the layer stack with the standard recurrence (r = size, j = jump, s = start of position 0):
 *
 *   3×3 conv, pad 1, stride 1:   r += 2·j,  s −= j        (k − 1 = 2 more input steps, pad 1 on the left)
 *   2×2 pool, stride 2, pad 0:   r += j,    j ·= 2        (avg and max pooling have the same geometry)
 *
 * starting from one pixel (r = 1, j = 1, s = 0). Position x of a layer then sees the image pixels
 * [s + x·j, s + x·j + r − 1]; near the borders part of that box lies outside the image (the zero padding).
 */
import { invalidOption } from '../errors.js';
import { VGG19_LAYERS } from '../vgg/architecture.js';

/** Receptive-field geometry of one layer, in input-image pixels (the same along x and y). */
export interface ReceptiveField {
  readonly layer: string;
  /** Side of the square box of pixels one activation sees. */
  readonly sizePx: number;
  /** Pixels between neighbouring activations (the product of the strides before the layer). */
  readonly jumpPx: number;
  /** Image coordinate of the box's first pixel for activation position 0; negative: it starts in the padding. */
  readonly startPx: number;
}

/** An axis-aligned box in image pixels: columns left … left + width − 1, rows top … top + height − 1. */
export interface PixelBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const CONV_KERNEL = 3;
const CONV_PADDING = 1;
const POOL_KERNEL = 2;
const POOL_STRIDE = 2;

/** The receptive field of every VGG19 conv layer, conv1_1 … conv5_4, in forward order. */
export const RECEPTIVE_FIELDS: readonly ReceptiveField[] = computeReceptiveFields();

function computeReceptiveFields(): ReceptiveField[] {
  let sizePx = 1;
  let jumpPx = 1;
  let startPx = 0;
  return VGG19_LAYERS.map((spec) => {
    if (spec.pooledBefore) {
      sizePx += (POOL_KERNEL - 1) * jumpPx;
      jumpPx *= POOL_STRIDE;
    }
    sizePx += (CONV_KERNEL - 1) * jumpPx;
    startPx -= CONV_PADDING * jumpPx;
    return { layer: spec.name, sizePx, jumpPx, startPx };
  });
}

/**
 * The receptive field of a VGG19 conv layer.
 *
 * @example
 * receptiveField('conv2_1') // → { layer: 'conv2_1', sizePx: 10, jumpPx: 2, startPx: -4 }
 */
export function receptiveField(layer: string): ReceptiveField {
  const field = RECEPTIVE_FIELDS.find((candidate) => candidate.layer === layer);
  if (!field) throw invalidOption('a VGG19 layer name (conv1_1 … conv5_4)', 'layer', layer);
  return field;
}

/**
 * The image-space box that activation position (x, y) of `layer` sees. It may extend beyond the
 * image borders (negative `left`/`top`, or past the right/bottom edge); clip it to crop.
 *
 * @example
 * patchBox('conv1_1', 0, 5) // → { left: -1, top: 4, width: 3, height: 3 }
 * patchBox('conv2_1', 3, 3) // → { left: 2, top: 2, width: 10, height: 10 }
 */
export function patchBox(layer: string, x: number, y: number): PixelBox {
  const { sizePx, jumpPx, startPx } = receptiveField(layer);
  return { left: startPx + x * jumpPx, top: startPx + y * jumpPx, width: sizePx, height: sizePx };
}

/**
 * The non-maximum-suppression radius in activation positions: half a receptive field, rounded up,
 * i.e. ceil(size / jump / 2). Two kept records of one unit and one image are at least this far
 * apart (Chebyshev distance), so their patches overlap by at most about half.
 *
 * @example
 * suppressionRadius('conv1_1') // → 2  (3 px field, jump 1)
 * suppressionRadius('conv3_1') // → 3  (24 px field, jump 4)
 */
export function suppressionRadius(layer: string): number {
  const { sizePx, jumpPx } = receptiveField(layer);
  return Math.ceil(sizePx / jumpPx / 2);
}
