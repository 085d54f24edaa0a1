/**
 * The Cholesky factor of a symmetric positive definite matrix, in float64: what the w2 style loss feeds
 * for each painting covariance (w2-head.ts). Written here rather than taken from a linear-algebra
 * package: it is the one decomposition the engine needs, a dozen lines, run once per painting and
 * scale (≈ 45 M multiply-adds at 512 channels), and the engine imports no runtime dependencies.
 */

/**
 * L, lower triangular with L·Lᵀ = A, for a row-major n×n `matrix`; throws when A is not positive
 * definite (a pivot ≤ 0), which the caller's ridge rules out for covariances.
 *
 * @example choleskyFactor(Float64Array.from([4, 2, 2, 5]), 2) // → Float64Array [2, 0, 1, 2]
 */
export function choleskyFactor(matrix: Float64Array, n: number): Float64Array {
  const factor = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j * n + j];
    for (let k = 0; k < j; k++) pivot -= factor[j * n + k] ** 2;
    if (!(pivot > 0)) throw new Error(`Cholesky: matrix not positive definite at pivot ${j} (${pivot})`);
    const diagonal = Math.sqrt(pivot);
    factor[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i * n + j];
      const rowI = i * n;
      const rowJ = j * n;
      for (let k = 0; k < j; k++) sum -= factor[rowI + k] * factor[rowJ + k];
      factor[rowI + j] = sum / diagonal;
    }
  }
  return factor;
}
