/**
 * A small seeded pseudo-random number generator: mulberry32 for uniforms, Box–Muller for normals.
 * Deterministic across platforms (integer arithmetic only up to the final division), so a seed
 * always gives the same weights, noise and test fixtures.
 */

/** A seeded source of random numbers. */
export interface Rng {
  /** A uniform number in [0, 1). */
  uniform(): number;
  /** A standard normal number (mean 0, standard deviation 1). */
  normal(): number;
  /**
   * Fills `target` with `scale`·normal(), the same numbers in the same order as `target.length`
   * calls of `normal()` (the stream goes on from there), without a call per value: VGG19's
   * untrained weights are 20 million of them.
   */
  fillNormal(target: Float32Array, scale: number): void;
}

/**
 * Creates a deterministic generator from a 32-bit integer seed (other numbers are truncated to 32 bits).
 *
 * @example
 * const rng = createRng(42);
 * const noise = Array.from({ length: 3 }, () => rng.normal()); // same three numbers for every run
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spareNormal: number | undefined;

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    const u1 = 1 - uniform(); // in (0, 1], so the logarithm is finite
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };

  // `normal` over an array: the spare of each Box–Muller pair goes straight into the next element.
  const fillNormal = (target: Float32Array, scale: number): void => {
    const length = target.length;
    let i = 0;
    if (length > 0 && spareNormal !== undefined) {
      target[i++] = spareNormal * scale;
      spareNormal = undefined;
    }
    while (i < length) {
      const u1 = 1 - uniform();
      const u2 = uniform();
      const radius = Math.sqrt(-2 * Math.log(u1));
      target[i++] = radius * Math.cos(2 * Math.PI * u2) * scale;
      const spare = radius * Math.sin(2 * Math.PI * u2);
      if (i < length) target[i++] = spare * scale;
      else spareNormal = spare;
    }
  };

  return { uniform, normal, fillNormal };
}
