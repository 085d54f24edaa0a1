import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount } from '../src/options/format-count.js';

test("formatCount prints what toLocaleString('en-US') prints for whole numbers (the independent reference)", () => {
  const values = [0, 7, 42, 999, 1000, 1001, 5960, 99_999, 100_000, 123_456, 1_000_000, 12_345_678, 2 ** 31, Number.MAX_SAFE_INTEGER];
  for (const value of values) {
    assert.equal(formatCount(value), value.toLocaleString('en-US'), String(value));
    if (value !== 0) assert.equal(formatCount(-value), (-value).toLocaleString('en-US'), String(-value)); // -0 prints "-0" there
  }
});

test('formatCount rounds a fraction to the nearest whole number', () => {
  assert.equal(formatCount(1234.4), '1,234');
  assert.equal(formatCount(1234.5), '1,235');
  assert.equal(formatCount(999.7), '1,000');
  assert.equal(formatCount(-0.2), '0');
});
