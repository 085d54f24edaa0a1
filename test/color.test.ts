import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transferLuminance } from '../src/engine/color.js';
import { isPainterlyError } from '../src/engine/errors.js';
import { createRgbImage, type RgbImage } from '../src/engine/image.js';

/** Float32 storage of 0–255 values keeps about 5e-6 relative precision; 1e-3 levels is far below one 8-bit step. */
const FLOAT32_TOLERANCE = 1e-3;

/**
 * Independent reference: JFIF full-range YCbCr (ITU-T T.871, equations 3–5 and 7–9), written out in full
 * rather than the "add the luma difference" shortcut that color.ts uses.
 */
function toYCbCr([r, g, b]: number[]): number[] {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    -0.299 / 1.772 * r - 0.587 / 1.772 * g + 0.5 * b,
    0.5 * r - 0.587 / 1.402 * g - 0.114 / 1.402 * b,
  ];
}
function fromYCbCr([y, cb, cr]: number[]): number[] {
  return [
    y + 1.402 * cr,
    y - (0.114 * 1.772 / 0.587) * cb - (0.299 * 1.402 / 0.587) * cr,
    y + 1.772 * cb,
  ];
}

function image(width: number, height: number, pixels: number[][]): RgbImage {
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  pixels.forEach((pixel, index) => pixel.forEach((value, channel) => (data[channel * plane + index] = value)));
  return createRgbImage(width, height, data);
}

function pixelOf(rgb: RgbImage, index: number): number[] {
  const plane = rgb.width * rgb.height;
  return [0, 1, 2].map((channel) => rgb.data[channel * plane + index]);
}

function assertClose(actual: number[], expected: number[], what: string): void {
  actual.forEach((value, i) =>
    assert.ok(Math.abs(value - expected[i]) <= FLOAT32_TOLERANCE, `${what}: got [${actual}], expected [${expected}]`),
  );
}

test('gray stylized + red content gives a red pixel with the stylized luminance', () => {
  const stylized = image(1, 1, [[100, 100, 100]]);
  const content = image(1, 1, [[200, 40, 40]]);
  const output = pixelOf(transferLuminance(stylized, content), 0);
  const [outputLuma, outputCb, outputCr] = toYCbCr(output);
  const [, contentCb, contentCr] = toYCbCr([200, 40, 40]);
  assert.ok(Math.abs(outputLuma - 100) <= FLOAT32_TOLERANCE, `luma ${outputLuma}`);
  assert.ok(Math.abs(outputCb - contentCb) <= FLOAT32_TOLERANCE && Math.abs(outputCr - contentCr) <= FLOAT32_TOLERANCE, 'chroma kept');
  assert.ok(output[0] > output[1] + 100 && output[0] > output[2] + 100, `still red: [${output}]`);
  assertClose(output, [212.16, 52.16, 52.16], 'hand-computed (Y(content) = 87.84)');
});

test('matches a full YCbCr round trip on varied pixels', () => {
  const stylizedPixels = [[12, 200, 90], [250, 250, 10], [128, 128, 128], [60, 30, 140], [180, 90, 200], [90, 140, 60]];
  const contentPixels = [[100, 120, 140], [30, 60, 90], [200, 50, 120], [90, 90, 90], [140, 150, 60], [120, 80, 110]];
  const output = transferLuminance(image(3, 2, stylizedPixels), image(3, 2, contentPixels));
  stylizedPixels.forEach((stylizedPixel, index) => {
    const [luma] = toYCbCr(stylizedPixel);
    const [, cb, cr] = toYCbCr(contentPixels[index]);
    const expected = fromYCbCr([luma, cb, cr]).map((value) => Math.min(255, Math.max(0, value)));
    assertClose(pixelOf(output, index), expected, `pixel ${index}`);
  });
});

test('clamps to 0–255 when the new luminance pushes a channel out of range', () => {
  // white luma over red: Y(content) = 87.84, shift +167.16 → (367.16 → 255, 207.16, 207.16)
  // black luma over green: Y(content) = 133.92, shift −133.92 → (−93.92 → 0, 66.08, −93.92 → 0)
  const output = transferLuminance(image(2, 1, [[255, 255, 255], [0, 0, 0]]), image(2, 1, [[200, 40, 40], [40, 200, 40]]));
  assertClose(pixelOf(output, 0), [255, 207.16, 207.16], 'white over red');
  assertClose(pixelOf(output, 1), [0, 66.08, 0], 'black over green');
});

test('refuses images of different sizes with INVALID_OPTION', () => {
  assert.throws(
    () => transferLuminance(createRgbImage(4, 4), createRgbImage(4, 5)),
    (error: unknown) => isPainterlyError(error) && error.code === 'INVALID_OPTION' && error.message.includes('4×4 and 4×5'),
  );
});
