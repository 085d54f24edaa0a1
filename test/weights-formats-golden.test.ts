import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import type { PreprocessingName } from '../src/engine/vgg/preprocessing.js';
import { readVggWeightsFile } from '../src/node/weights-file/read-vgg-file.js';
import { checkGoldenCase, readGolden, REPO_ROOT, type GoldenCase, type GoldenTolerances } from './helpers/golden.js';

/**
 * Iteration-0 costs and gradient on the PyTorch and safetensors fixtures, read by Painterly's own
 * readers, against the independent float64 reference (scripts/reference/gatys_reference.py --formats),
 * which reads the same files with torch.load / numpy and applies each file's preprocessing from its
 * formula: Caffe (BGR 0–255 minus the means) or torchvision ((RGB/255 − mean)/std). The same
 * tolerances as test/gatys-golden.test.ts (float32 engine against float64 reference; 1e-4 relative
 * leaves ~25× margin there); a wrong transposition, key order or convention is off by ≫ 1e-2
 * (the torchvision file's two cases differ by 10⁴ in J_style).
 */
const TOLERANCES: GoldenTolerances = {
  relative: 1e-4,
  gradientOfMax: 1e-4,
  sum: (maxAbs, entries) => 1e-4 * maxAbs * Math.sqrt(entries),
  contentFloor: 1e-9,
};

type FormatCase = GoldenCase & { inputs: GoldenCase['inputs'] & { preprocessing: PreprocessingName } };
const cases = readGolden('weights-formats-golden.json') as FormatCase[];
const fromRepo = (path: string) => resolve(REPO_ROOT, path);

test('the weights-formats golden covers both PyTorch formats, safetensors, both conventions and a VGG16', () => {
  const names = cases.map((entry) => `${entry.inputs.weights}:${entry.inputs.preprocessing}`);
  for (const expected of ['nspt-legacy.pth:caffe', 'torchvision.pth:torchvision', '.safetensors:torchvision', 'torchvision.pth:caffe', 'vgg16-torchvision.pth:torchvision']) {
    assert.ok(names.some((name) => name.includes(expected)), `${expected} in ${names.join(', ')}`);
  }
});

for (const goldenCase of cases) {
  test(`iteration-0 costs on a weights file match the PyTorch reference: ${goldenCase.name}`, async () => {
    const { inputs } = goldenCase;
    const weights = await readVggWeightsFile(fromRepo(inputs.weights), { preprocessing: inputs.preprocessing });
    assert.equal(weights.file?.preprocessing, inputs.preprocessing);
    await checkGoldenCase(goldenCase, weights, TOLERANCES);
  });
}
