/**
 * The Node edge of fast-style checkpoints: reads `manifest.json` and the raw float32 tensor files of
 * one preset directory (as `ensureModel(name)` returns it) into a validated `FastStyleCheckpoint`.
 */
import fs from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PainterlyError } from '../engine/errors.js';
import { parseFastStyleCheckpoint, shapeSize, type FastStyleCheckpoint, type FastTensorEntry } from '../engine/fast/checkpoint.js';
import { FAST_STYLE_PRESETS } from './model-store/index.js';

const FAST_STYLE_PRESET_NAMES: ReadonlySet<string> = new Set(FAST_STYLE_PRESETS);

/** The manifest file of a preset directory. */
export const FAST_MANIFEST_FILE = 'manifest.json';

/**
 * Reads and validates one preset directory. Errors: WEIGHTS_NOT_FOUND when `manifest.json` is absent;
 * WEIGHTS_INVALID when the manifest is not JSON, a tensor is missing or misshapen, a file's byte
 * length is not 4·prod(shape), or a tensor holds NaN or ±Infinity.
 *
 * @example
 * const checkpoint = await readFastStyleCheckpoint(await ensureModel('udnie'));
 */
export async function readFastStyleCheckpoint(dir: string): Promise<FastStyleCheckpoint> {
  const manifestPath = join(dir, FAST_MANIFEST_FILE);
  const text = await fs.readFile(manifestPath, 'utf8').catch((error: unknown) => {
    throw new PainterlyError(
      'WEIGHTS_NOT_FOUND',
      `No fast-style weights at ${dir} (${FAST_MANIFEST_FILE} is missing). Download the preset first.`,
      { cause: error },
    );
  });
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new PainterlyError('WEIGHTS_INVALID', `${manifestPath} is not valid JSON. Delete the preset and download it again.`, { cause: error });
  }
  return parseFastStyleCheckpoint(manifest, (entry) => readTensorFile(dir, entry), dir);
}

async function readTensorFile(dir: string, entry: FastTensorEntry): Promise<Float32Array> {
  const path = join(dir, entry.filename);
  const bytes = await fs.readFile(path).catch((error: unknown) => {
    throw new PainterlyError('WEIGHTS_INVALID', `Tensor ${entry.name} of the fast-style weights at ${dir} is missing (${path}). Delete the preset and download it again.`, { cause: error });
  });
  const expectedBytes = 4 * shapeSize(entry.shape);
  if (bytes.byteLength !== expectedBytes) {
    throw new PainterlyError(
      'WEIGHTS_INVALID',
      `Expected ${expectedBytes} bytes (float32 × [${entry.shape.join(',')}]) for tensor ${entry.name} but received ${bytes.byteLength} in ${path}. Delete the preset and download it again.`,
    );
  }
  // Copy into a fresh, 4-byte-aligned buffer; the files are little-endian like every supported host.
  const floats = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(floats.buffer).set(bytes);
  assertFinite(floats, entry, path, dir);
  return floats;
}

/**
 * Refuses a tensor holding NaN or ±Infinity: one such weight turns the whole picture black.
 * Whatever the file's origin (model store, mirror, a folder of the user's), it is never used.
 */
function assertFinite(floats: Float32Array, entry: FastTensorEntry, path: string, dir: string): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < floats.length; i++) {
    if (!Number.isFinite(floats[i])) {
      bad += 1;
      if (first < 0) first = i;
    }
  }
  if (bad === 0) return;
  const preset = basename(dir);
  const fix = FAST_STYLE_PRESET_NAMES.has(preset)
    ? `Download the preset again with \`painterly models download ${preset} --force\`.`
    : 'Replace the file with an intact copy of the weights.';
  throw new PainterlyError(
    'WEIGHTS_INVALID',
    `Tensor ${entry.name} of the fast-style weights at ${dir} is damaged: ${bad} of ${floats.length} values in ${path} are NaN or infinite ` +
      `(the first at index ${first} is ${floats[first]}), so the weights were not used. ${fix}`,
  );
}
