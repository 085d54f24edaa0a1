/**
 * Receptive fields of a network's conv layers: which input pixels one activation can see. Computed
 * from the layer stack with the standard recurrence (r = size, j = jump, s = start of position 0):
 *
 *   k×k conv, pad (k−1)/2, stride 1:  r += (k − 1)·j,  s −= (k − 1)/2·j
 *   2×2 pool, stride 2:               r += j,          j ·= 2   (avg and max have the same geometry;
 *                                                               `same` pads only at the bottom/right)
 *
 * starting from one pixel (r = 1, j = 1, s = 0). Position x of a layer then sees the image pixels
 * [s + x·j, s + x·j + r − 1]; near the borders part of that box lies outside the image (the zero padding).
 */
import { findLayer } from '../network/layers.js';
import type { NetworkTable } from '../network/types.js';

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

const POOL_KERNEL = 2;
const POOL_STRIDE = 2;

/**
 * The receptive field of every conv layer of `network`, in forward order.
 *
 * @example receptiveFields(DARKNET_TINY)[9] // → { layer: 'conv10', sizePx: 62, jumpPx: 8, startPx: -… }
 */
export function receptiveFields(network: NetworkTable): ReceptiveField[] {
  let sizePx = 1;
  let jumpPx = 1;
  let startPx = 0;
  return network.layers.map((spec) => {
    if (spec.pooledBefore) {
      sizePx += (POOL_KERNEL - 1) * jumpPx;
      jumpPx *= POOL_STRIDE;
    }
    sizePx += (spec.kernelSize - 1) * jumpPx;
    startPx -= ((spec.kernelSize - 1) / 2) * jumpPx;
    return { layer: spec.name, sizePx, jumpPx, startPx };
  });
}

/**
 * The receptive field of one conv layer of `network`; an unknown name lists the valid ones.
 *
 * @example
 * receptiveField(VGG19, 'conv2_1') // → { layer: 'conv2_1', sizePx: 10, jumpPx: 2, startPx: -4 }
 */
export function receptiveField(network: NetworkTable, layer: string): ReceptiveField {
  const index = network.layers.indexOf(findLayer(network, layer));
  return receptiveFields(network)[index];
}

/**
 * The image-space box that activation position (x, y) of `layer` sees. It may extend beyond the
 * image borders (negative `left`/`top`, or past the right/bottom edge); clip it to crop.
 *
 * @example
 * patchBox(VGG19, 'conv1_1', 0, 5) // → { left: -1, top: 4, width: 3, height: 3 }
 * patchBox(VGG19, 'conv2_1', 3, 3) // → { left: 2, top: 2, width: 10, height: 10 }
 */
export function patchBox(network: NetworkTable, layer: string, x: number, y: number): PixelBox {
  const { sizePx, jumpPx, startPx } = receptiveField(network, layer);
  return { left: startPx + x * jumpPx, top: startPx + y * jumpPx, width: sizePx, height: sizePx };
}

/**
 * The non-maximum-suppression radius in activation positions: half a receptive field, rounded up,
 * i.e. ceil(size / jump / 2). Two kept records of one unit and one image are at least this far
 * apart (Chebyshev distance), so their patches overlap by at most about half.
 *
 * @example
 * suppressionRadius(VGG19, 'conv1_1') // → 2  (3 px field, jump 1)
 * suppressionRadius(VGG19, 'conv3_1') // → 3  (24 px field, jump 4)
 */
export function suppressionRadius(network: NetworkTable, layer: string): number {
  const { sizePx, jumpPx } = receptiveField(network, layer);
  return Math.ceil(sizePx / jumpPx / 2);
}
