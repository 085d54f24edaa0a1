/**
 * Copying rectangles between planar (channel-major) float arrays, for tiling: padding an image to its
 * canvas, cutting windows out, adding window gradients back, and the adjoint of the padding.
 */

/** A planar array's shape: `channels` planes of `width × height`. */
export interface PlaneShape {
  readonly channels: number;
  readonly width: number;
  readonly height: number;
}

/**
 * `data` (shape `from`) enlarged to `width × height` by repeating its last column and row.
 *
 * @example padReplicate(pixels, { channels: 3, width: 1000, height: 750 }, 1008, 752)
 */
export function padReplicate(data: Float32Array, from: PlaneShape, width: number, height: number): Float32Array {
  const out = new Float32Array(from.channels * width * height);
  for (let c = 0; c < from.channels; c++) {
    for (let y = 0; y < height; y++) {
      const source = c * from.width * from.height + Math.min(y, from.height - 1) * from.width;
      const target = c * width * height + y * width;
      out.set(data.subarray(source, source + from.width), target);
      out.fill(data[source + from.width - 1], target + from.width, target + width);
    }
  }
  return out;
}

/**
 * The adjoint of padReplicate: a gradient over the padded `width × height` folded back onto the
 * original `to` shape (each padded value's gradient is added to the edge value it repeated).
 */
export function foldPadding(gradient: Float32Array, width: number, height: number, to: PlaneShape): Float32Array {
  const out = new Float32Array(to.channels * to.width * to.height);
  for (let c = 0; c < to.channels; c++) {
    for (let y = 0; y < height; y++) {
      const source = c * width * height + y * width;
      const target = c * to.width * to.height + Math.min(y, to.height - 1) * to.width;
      for (let x = 0; x < to.width; x++) out[target + x] += gradient[source + x];
      for (let x = to.width; x < width; x++) out[target + to.width - 1] += gradient[source + x];
    }
  }
  return out;
}

/**
 * The `width × height` window at (`x`, `y`) of `data` (shape `from`), as a new planar array.
 *
 * @example cropWindow(canvas, { channels: 3, width: 2048, height: 960 }, 640, 0, 768, 768)
 */
export function cropWindow(data: Float32Array, from: PlaneShape, x: number, y: number, width: number, height: number): Float32Array {
  const out = new Float32Array(from.channels * width * height);
  for (let c = 0; c < from.channels; c++) {
    for (let row = 0; row < height; row++) {
      const source = c * from.width * from.height + (y + row) * from.width + x;
      out.set(data.subarray(source, source + width), c * width * height + row * width);
    }
  }
  return out;
}

/** Adds the planar `window` (`width × height`) into `data` (shape `into`) at (`x`, `y`). */
export function addWindow(data: Float32Array, into: PlaneShape, window: Float32Array, x: number, y: number, width: number, height: number): void {
  for (let c = 0; c < into.channels; c++) {
    for (let row = 0; row < height; row++) {
      const target = c * into.width * into.height + (y + row) * into.width + x;
      const source = c * width * height + row * width;
      for (let k = 0; k < width; k++) data[target + k] += window[source + k];
    }
  }
}

/**
 * Copies the rectangle [x0, x1) × [y0, y1) of `data` (shape `from`) into `into` (shape `to`) at the
 * same rectangle shifted by (`dx`, `dy`): used to place a window's core activations in the canvas's.
 */
export function copyRect(
  data: Float32Array,
  from: PlaneShape,
  into: Float32Array,
  to: PlaneShape,
  rect: { x0: number; y0: number; x1: number; y1: number },
  dx: number,
  dy: number,
): void {
  for (let c = 0; c < from.channels; c++) {
    for (let y = rect.y0; y < rect.y1; y++) {
      const source = c * from.width * from.height + y * from.width;
      const target = c * to.width * to.height + (y + dy) * to.width + dx;
      into.set(data.subarray(source + rect.x0, source + rect.x1), target + rect.x0);
    }
  }
}
