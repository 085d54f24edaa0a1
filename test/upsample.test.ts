import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRgbImage } from '../src/engine/image.js';
import { resamplePlanes, upsampleImage, type ResampleKernel } from '../src/engine/upsample.js';
import { FIXTURES } from './helpers/repo-root.js';

/** The golden is float64 PyTorch; we resample in float64 and store float32: 1e-4 levels of 0–255 is ample. */
const TOLERANCE = 1e-4;

interface GoldenCase {
  mode: ResampleKernel;
  keysA: number;
  inWidth: number;
  inHeight: number;
  outWidth: number;
  outHeight: number;
  input: number[];
  output: number[];
}

const golden = JSON.parse(readFileSync(join(FIXTURES, 'upsample-golden.json'), 'utf8')) as { cases: GoldenCase[] };

for (const c of golden.cases) {
  test(`${c.mode} ${c.inWidth}×${c.inHeight} → ${c.outWidth}×${c.outHeight} matches PyTorch interpolate`, () => {
    const out = resamplePlanes(Float32Array.from(c.input), 3, c.inWidth, c.inHeight, c.outWidth, c.outHeight, c.mode, c.keysA);
    assert.equal(out.length, c.output.length);
    const worst = Math.max(...c.output.map((expected, i) => Math.abs(out[i] - expected)));
    assert.ok(worst < TOLERANCE, `largest difference ${worst}`);
  });
}

test('bicubic keeps a constant image constant and reproduces a linear ramp away from the edges', () => {
  const width = 8;
  const height = 6;
  const data = new Float32Array(3 * width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    data[y * width + x] = 100; // R: constant
    data[width * height + y * width + x] = 10 * x + 3 * y; // G: linear
  }
  const out = upsampleImage(createRgbImage(width, height, data), 16, 12);
  for (let i = 0; i < 16 * 12; i++) assert.ok(Math.abs(out.data[i] - 100) < 1e-4);
  // Output centre (X + 0.5)/2 − 0.5 in source coordinates; interior taps stay off the clamped edge.
  for (let y = 4; y < 8; y++) for (let x = 4; x < 12; x++) {
    const expected = 10 * ((x + 0.5) / 2 - 0.5) + 3 * ((y + 0.5) / 2 - 0.5);
    assert.ok(Math.abs(out.data[16 * 12 + y * 16 + x] - expected) < 1e-3, `(${x}, ${y})`);
  }
});

test('bilinear keeps non-negative values non-negative', () => {
  const data = Float32Array.from({ length: 3 * 5 * 5 }, (_, i) => (i % 7 === 0 ? 50 : 0));
  const out = resamplePlanes(data, 3, 5, 5, 9, 9, 'bilinear');
  assert.ok(out.every((value) => value >= 0));
  assert.ok(out.some((value) => value > 0));
});
