import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { readTfjsLayersModel } from '../src/node/tfjs-layers-model.js';
import { checkGoldenCase, readGolden, REPO_ROOT, type GoldenTolerances } from './helpers/golden.js';

/**
 * Parity of iteration-0 costs and gradient with an independent PyTorch float64 reference
 * (scripts/reference/darknet_reference.py: BatchNorm applied explicitly, -inf-padded `same` max
 * pooling, padding left out of the average) on the REAL Darknet Tiny weights in ../shared. Our
 * engine folds BatchNorm and runs in float32: re-running the reference in float32 moved costs and
 * norms by < 6e-6 relative, the sampled entries by < 2e-6 of the largest magnitude and the sum by
 * < 4.2e-5 of it (test/fixtures/README.md), so 1e-4 relative leaves ≥ 17× margin while a wrong
 * fold, padding side, slope or normalisation is off by ≫ 1e-2.
 */
const TOLERANCES: GoldenTolerances = {
  relative: 1e-4,
  /** Sampled gradient entries partly cancel: compare them to the gradient's largest magnitude. */
  gradientOfMax: 1e-4,
  /** The sum over N entries cancels most: 1e-6 × max|g| × N (the fixture README's measured bound is 1.2e-7). */
  sum: (maxAbs, entries) => 1e-6 * maxAbs * entries,
  contentFloor: 1e-9,
};

const fromRepo = (path: string) => resolve(REPO_ROOT, path);
const cases = readGolden('darknet-golden.json');

test('the golden has cases with odd sizes, both poolings, two styles and deep layers', () => {
  const names = cases.map((entry) => entry.name);
  assert.ok(cases.length >= 4, names.join(', '));
  assert.ok(cases.some((entry) => entry.inputs.pooling === 'avg') && cases.some((entry) => entry.inputs.pooling === 'max'));
  assert.ok(cases.some((entry) => entry.inputs.styles.length === 2));
  assert.ok(cases.some((entry) => entry.inputs.contentLayers.includes('conv15')));
});

for (const goldenCase of cases) {
  test(`iteration-0 costs and gradient on the real Darknet Tiny match the PyTorch float64 reference: ${goldenCase.name}`, async () => {
    const { inputs } = goldenCase;
    const layers = [...inputs.contentLayers, ...inputs.styleLayers.map((entry) => entry.layer)];
    const deepest = layers.reduce((a, b) => (Number(b.slice(4)) > Number(a.slice(4)) ? b : a));
    const weights = await readTfjsLayersModel(fromRepo(inputs.weights), { deepestLayer: deepest });
    assert.equal(weights.network.id, 'darknet-tiny');
    await checkGoldenCase(goldenCase, weights, TOLERANCES);
  });
}
