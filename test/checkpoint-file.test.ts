import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPainterlyError } from '../src/engine/errors.js';
import type { RunCheckpoint } from '../src/engine/gatys/checkpoint.js';
import { checkpointPathFor, readCheckpoint, runFingerprint, writeCheckpoint } from '../src/node/checkpoint-file.js';
import { stylizeOptionsSchema } from '../src/options/stylize-schema.js';
import { SHARED } from './helpers/repo-root.js';

const SHARED_IMAGES = join(SHARED, 'images');
const options = stylizeOptionsSchema.parse({
  content: join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg'),
  styles: [join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg')],
  weights: 'random',
});

const checkpoint: RunCheckpoint = {
  scale: 1,
  step: 3,
  iteration: 12,
  width: 4,
  height: 2,
  pixels: Float32Array.from({ length: 24 }, (_, i) => i * 1.5),
  optimizer: { name: 'adam', size: 24, stepCount: 3, firstMoment: new Float32Array(24).fill(0.25), secondMoment: new Float32Array(24).fill(-2) },
  average: { sum: new Float32Array(24).fill(7), updates: 3 },
  elapsedMs: 1234,
};

test('a checkpoint survives the round trip through its file, typed arrays included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-checkpoint-'));
  const path = checkpointPathFor(join(dir, 'out.png'));
  assert.equal(path, join(dir, 'out.png.checkpoint'));
  const fingerprint = await runFingerprint(options);
  await writeCheckpoint(path, fingerprint, checkpoint);
  assert.deepEqual(await readdir(dir), ['out.png.checkpoint'], 'no temp file left behind');
  const read = await readCheckpoint(path, fingerprint);
  assert.deepEqual(read, checkpoint);
  assert.ok(read.pixels instanceof Float32Array);
});

test('the fingerprint changes with options that change the image and ignores the rest', async () => {
  const base = await runFingerprint(options);
  assert.equal(await runFingerprint({ ...options, threads: 1, saveEvery: 10, strength: 0.5, checkpointEvery: 5 }), base);
  assert.notEqual(await runFingerprint({ ...options, iterations: 499 }), base);
  assert.notEqual(await runFingerprint({ ...options, styles: [join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg')] }), base);
});

test('a checkpoint of another run, a damaged file and a missing one are refused with what to do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-checkpoint-'));
  const path = join(dir, 'out.png.checkpoint');
  await writeCheckpoint(path, 'a'.repeat(64), checkpoint);
  await assert.rejects(readCheckpoint(path, 'b'.repeat(64)), /belongs to a run with other options or images/);
  const bytes = await readFile(path);
  await writeFile(path, bytes.subarray(0, bytes.length - 8));
  await assert.rejects(readCheckpoint(path, 'a'.repeat(64)), /damaged or not a Painterly checkpoint/);
  await writeFile(path, 'hello');
  await assert.rejects(readCheckpoint(path, 'a'.repeat(64)), /damaged/);
  await assert.rejects(readCheckpoint(join(dir, 'none.checkpoint'), 'a'.repeat(64)), (error: unknown) => isPainterlyError(error) && /No checkpoint at .*Run again without resuming/.test(error.message) && error.option === 'resume');
});

test('format 2 ends in a SHA-256 of the rest; a format-1 file (no checksum) is still read, a damaged one is CHECKPOINT_INVALID', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'painterly-checkpoint-'));
  const path = join(dir, 'out.png.checkpoint');
  await writeCheckpoint(path, 'a'.repeat(64), checkpoint);
  const bytes = await readFile(path);
  assert.equal(bytes.toString('latin1', 0, 23), 'PAINTERLY-CHECKPOINT 2\n');
  const { createHash } = await import('node:crypto');
  assert.ok(createHash('sha256').update(bytes.subarray(0, bytes.length - 32)).digest().equals(bytes.subarray(bytes.length - 32)));
  const formatOne = Buffer.concat([Buffer.from('PAINTERLY-CHECKPOINT 1\n'), bytes.subarray(23, bytes.length - 32)]);
  await writeFile(path, formatOne);
  assert.deepEqual(await readCheckpoint(path, 'a'.repeat(64)), checkpoint);
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 40] ^= 0x10;
  await writeFile(path, flipped);
  await assert.rejects(readCheckpoint(path, 'a'.repeat(64)), (error: Error & { code?: string }) => error.code === 'CHECKPOINT_INVALID' && /checksum does not match.*Delete it/.test(error.message));
});
