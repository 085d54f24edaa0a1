/**
 * A PainterlyError carries the option it is about, and each edge renders it its own way: the CLI
 * as the flag the user types, the server as the request field. Engine messages name options in
 * neutral words (the studio shows them), never as CLI flags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { STYLIZE_OPTIONS } from '../src/cli/commands/stylize-options.js';
import { VISUALIZE_OPTIONS } from '../src/cli/commands/visualize-options.js';
import { errorText } from '../src/cli/error-text.js';
import { invalidOption, invalidValue, isPainterlyError, PainterlyError, throwIfAborted } from '../src/engine/errors.js';
import { blendStrength } from '../src/engine/fast/strength.js';
import { createRgbImage } from '../src/engine/image.js';
import { parseOptions } from '../src/options/parse-options.js';
import { parseStylizeOptions, stylizeOptionsSchema } from '../src/options/stylize-schema.js';
import { parseVideoOptions } from '../src/options/video-schema.js';
import { errorResponse } from '../src/server/http-errors.js';
import { REPO_ROOT } from './helpers/cli.js';

test('invalidOption keeps the option\'s key on the error; invalidValue (no option) does not', () => {
  const error = invalidOption('a number from 0 to 1', 'strength', 2);
  assert.equal(error.code, 'INVALID_OPTION');
  assert.equal(error.option, 'strength');
  assert.equal(error.message, 'Expected a number from 0 to 1 for strength but received 2.');
  assert.equal(invalidValue('12 values', 'RGB image data', '11 values').option, undefined);
  // An engine check on its own: the option is set where the error starts.
  assert.throws(() => blendStrength(createRgbImage(1, 1), createRgbImage(1, 1), 2), (thrown: unknown) => isPainterlyError(thrown) && thrown.option === 'strength');
});

test('parseOptions sets the option of the first problem; the name in the message is the caller\'s', () => {
  assert.throws(() => parseOptions(stylizeOptionsSchema, { content: 'a.jpg', styles: ['b.jpg'], learningRate: -1 }), (error: unknown) => isPainterlyError(error) && error.option === 'learningRate' && /for --learning-rate but/.test(error.message));
  assert.throws(() => parseStylizeOptions({ content: 'a.jpg', styles: ['b.jpg'], seed: -1 }), (error: unknown) => isPainterlyError(error) && error.option === 'seed' && /for seed but/.test(error.message));
  assert.throws(() => parseVideoOptions({ input: 'a.mp4', output: 'b.mp4', model: 'udnie', styles: ['s.jpg'] }), (error: unknown) => isPainterlyError(error) && error.option === 'styles' && !/--/.test(error.message));
});

test('the CLI renders the option as its flag: in place in "Expected … for ⟨option⟩", appended elsewhere, never twice', () => {
  const specs = [...STYLIZE_OPTIONS, ...VISUALIZE_OPTIONS];
  assert.equal(errorText(invalidOption('a number from 0 to 1', 'strength', 2), specs), 'Expected a number from 0 to 1 for --strength but received 2.');
  assert.equal(errorText(invalidOption('a folder of images', 'images', 'x.jpg'), specs), 'Expected a folder of images for --images but received "x.jpg".');
  const neutral = new PainterlyError('ENGINE_FAILED', 'The loss became NaN at iteration 3. Lower the learning rate or the cost weights, or try the adam optimizer.', { option: 'learningRate' });
  assert.equal(errorText(neutral, specs), `${neutral.message} (see --learning-rate)`);
  const alreadyFlag = new PainterlyError('INVALID_OPTION', 'Expected a number ≥ 16 for --size but received 5.', { option: 'size' });
  assert.equal(errorText(alreadyFlag, specs), alreadyFlag.message);
  // An option that no command has as a flag (an engine function's argument) is left as it is.
  assert.equal(errorText(invalidOption('an integer of at least 64', 'tileSizePx', 3), specs), 'Expected an integer of at least 64 for tileSizePx but received 3.');
  assert.equal(errorText(new PainterlyError('ABORTED', 'The stylization was cancelled.'), specs), 'The stylization was cancelled.');
  const fix = new PainterlyError('WEIGHTS_NOT_FOUND', 'Not downloaded. Use `network=darknet-tiny`, or `weights=random`, or `fooBar=1`.', { option: 'network' });
  assert.equal(errorText(fix, specs), 'Not downloaded. Use --network darknet-tiny, or --weights random, or `fooBar=1`.');
});

test('the server names the request field from the error\'s option (styles for blend weights, weights for the network)', () => {
  const body = (error: unknown) => errorResponse(error, () => undefined).body.error;
  assert.equal(body(invalidOption('a number from 0 to 1', 'strength', 2)).field, 'strength');
  assert.equal(body(new PainterlyError('INVALID_OPTION', 'Expected one weight per style image.', { option: 'styleBlendWeights' })).field, 'styles');
  assert.equal(body(new PainterlyError('WEIGHTS_NOT_FOUND', 'The VGG19 weights are not downloaded yet.', { option: 'network' })).field, 'weights');
  assert.equal(body(new PainterlyError('ENGINE_FAILED', 'x')).field, undefined);
  assert.equal(errorResponse(invalidOption('a number', 'size', 'x'), () => undefined).status, 400);
});

test('throwIfAborted is one check: ABORTED with the caller\'s message and the option that continues the run', () => {
  const controller = new AbortController();
  throwIfAborted(controller.signal);
  controller.abort();
  assert.throws(() => throwIfAborted(controller.signal), (error: unknown) => isPainterlyError(error) && error.code === 'ABORTED' && error.message === 'The stylization was cancelled.');
  assert.throws(() => throwIfAborted(controller.signal, 'The video was cancelled.', 'resume'), (error: unknown) => isPainterlyError(error) && error.option === 'resume');
  const copies = sourceFiles(join(REPO_ROOT, 'src')).filter((file) => /function throwIfAborted\b/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(copies.map((file) => relative(REPO_ROOT, file)), ['src/engine/errors.ts']);
});

test('no engine message names a CLI flag', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(join(REPO_ROOT, 'src', 'engine'))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
      const code = line.trim();
      if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/**')) return;
      // A flag inside a string or template literal: '--x', "--x", `--x`, or " --x" within the text.
      if (/['"`][^'"`]*(^|[\s(`'"])--[a-z][a-z-]*/.test(code)) offenders.push(`${relative(REPO_ROOT, file)}:${index + 1}: ${code.slice(0, 120)}`);
    });
  }
  assert.deepEqual(offenders, []);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}
