/**
 * The Node edge of fast-style checkpoints: reads `manifest.json` and the raw float32 tensor files of
 * one preset directory (as `ensureModel(name)` returns it) into a validated `FastStyleCheckpoint`.
 */
import fs from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PainterlyError } from '../engine/errors.js';
import { parseFastStyleCheckpoint, type FastStyleCheckpoint, type FastTensorEntry } from '../engine/fast/checkpoint.js';
import { floatsFromTensorBytes } from '../engine/fast/tensor-bytes.js';
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
  return floatsFromTensorBytes(bytes, entry, { location: path, source: dir, lengthFix: 'Delete the preset and download it again.', damagedFix: damagedFix(dir) });
}

/** A damaged preset of the store is downloaded again; whatever the file's origin otherwise, it is replaced. */
function damagedFix(dir: string): string {
  const preset = basename(dir);
  return FAST_STYLE_PRESET_NAMES.has(preset)
    ? `Download the preset again with \`painterly models download ${preset} --force\`.`
    : 'Replace the file with an intact copy of the weights.';
}
