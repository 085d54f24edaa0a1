/**
 * What a missing Chromium or ffmpeg does to the suites that need them: skipped with the reason on a
 * developer's machine, a failure under CI (`.ci/run` sets CI=true), so CI cannot pass without them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCi, skipUnlessInstalled } from './helpers/required-tools.js';

test('an installed program never skips; a missing one skips with the reason, or fails the run under CI=true', () => {
  assert.equal(skipUnlessInstalled(true, 'ffmpeg', 'video tests', { CI: 'true' }), false);
  assert.equal(skipUnlessInstalled(true, 'ffmpeg', 'video tests', {}), false);
  assert.equal(skipUnlessInstalled(false, 'ffmpeg', 'video tests', {}), 'ffmpeg is missing (apt-get install ffmpeg, as .ci/run does): video tests skipped');
  assert.throws(() => skipUnlessInstalled(false, 'chromium', 'browser tests', { CI: 'true' }), /^Error: CI=true and chromium is missing: the browser tests must run in CI/);
  assert.throws(() => skipUnlessInstalled(false, 'chromium', 'browser tests', { CI: '1' }), /chromium is missing/);
  assert.equal(isCi({ CI: 'false' }), false);
  assert.equal(isCi({}), false);
});
