import { resolve } from 'node:path';
import { test } from 'node:test';
import { readKerasVggWeights } from '../src/node/vgg-h5.js';
import { checkGoldenCase, readGolden, REPO_ROOT, type GoldenTolerances } from './helpers/golden.js';

/**
 * The golden comes from an independent PyTorch float64 implementation
 * (scripts/reference/gatys_reference.py) on the committed tiny Keras-layout weights and images.
 * Our engine runs in float32: re-running the reference in float32 moved every value by < 4e-6
 * relative, and ORT's summation order differs from torch's, so 1e-4 relative leaves ~25× margin
 * while any wrong normalisation, layer, channel order or blend would be off by ≫ 1e-2.
 * Gradient entries and sums partly cancel: they are compared to the gradient's largest magnitude.
 */
const TOLERANCES: GoldenTolerances = {
  relative: 1e-4,
  gradientOfMax: 1e-4,
  sum: (maxAbs, entries) => 1e-4 * maxAbs * Math.sqrt(entries),
  contentFloor: 1e-6,
};

const fromRepo = (path: string) => resolve(REPO_ROOT, path);

// `direct` is what the tiny test network gets by default; `winograd` is what VGG19's wide layers get.
for (const goldenCase of readGolden('gatys-golden.json')) for (const convolution of ['direct', 'winograd'] as const) {
  test(`iteration-0 costs and gradient match the PyTorch reference: ${goldenCase.name}, ${convolution} convolutions`, async () => {
    const { inputs } = goldenCase;
    const weights = await readKerasVggWeights(fromRepo(inputs.weights));
    await checkGoldenCase(goldenCase, weights, TOLERANCES, { convolution });
  });
}
