/**
 * Total variation on the CPU, for tiled evaluation (a tile cannot see its neighbours' pixels):
 * TV = [Σ(x[i+1,j,c] − x[i,j,c])² + Σ(x[i,j+1,c] − x[i,j,c])²] / (H·W·3), the same cost as the
 * whole-image graph's head.
 */

/**
 * TV of the planar RGB `pixels`, and when `gradientWeight` ≠ 0, adds `gradientWeight`·∂TV/∂x into `gradient`.
 *
 * @example const tv = totalVariation(pixels, 2048, 952, gradient, 0.01);
 */
export function totalVariation(pixels: Float32Array, width: number, height: number, gradient?: Float32Array, gradientWeight = 0): number {
  const normaliser = 1 / (width * height * 3);
  const scale = 2 * gradientWeight * normaliser;
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    const plane = c * width * height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = plane + y * width + x;
        if (x + 1 < width) {
          const d = pixels[i + 1] - pixels[i];
          sum += d * d;
          if (gradient && scale !== 0) {
            gradient[i + 1] += scale * d;
            gradient[i] -= scale * d;
          }
        }
        if (y + 1 < height) {
          const d = pixels[i + width] - pixels[i];
          sum += d * d;
          if (gradient && scale !== 0) {
            gradient[i + width] += scale * d;
            gradient[i] -= scale * d;
          }
        }
      }
    }
  }
  return sum * normaliser;
}
