/**
 * Fast-style checkpoints: the 48 tensors of one pretrained network, validated against the
 * architecture table. Pure TypeScript; the Node edge (`src/node/fast-checkpoint.ts`) reads the files.
 */
import { PainterlyError } from '../errors.js';
import { expectedFastTensors, FAST_STYLE_LAYERS, fastTensorName, type FastLayerSpec } from './architecture.js';

/** One layer's parameters: the filter in TensorFlow layout (see `tfFilterShape`), and the norm's shift and scale. */
export interface FastLayerWeights {
  readonly spec: FastLayerSpec;
  readonly filter: Float32Array;
  readonly shift: Float32Array;
  readonly scale: Float32Array;
}

/** A whole validated network: one entry per layer of `FAST_STYLE_LAYERS`, in order. */
export interface FastStyleCheckpoint {
  readonly layers: readonly FastLayerWeights[];
  /** Where the weights came from, for messages, e.g. `/home/me/.cache/painterly/udnie`. */
  readonly source: string;
}

/** One tensor as the manifest describes it. */
export interface FastTensorEntry {
  readonly name: string;
  readonly filename: string;
  readonly shape: readonly number[];
}

/** Reads the float32 values of one tensor (whose manifest entry is given). */
export type FastTensorReader = (entry: FastTensorEntry) => Float32Array | Promise<Float32Array>;

const SAFE_FILENAME = /^(?!\.\.?$)[A-Za-z0-9_.-]+$/;

/**
 * Validates a `manifest.json` (`{ "<name>": { "filename", "shape" } }`) and returns the entries of the
 * 48 tensors the network needs, in order. Throws WEIGHTS_INVALID naming the tensor when one is missing,
 * malformed, has an unsafe file name, or has a shape other than the architecture's.
 *
 * @example
 * const entries = parseFastStyleManifest(JSON.parse(text), 'udnie'); // entries[0].filename === 'Variable'
 */
export function parseFastStyleManifest(manifestJson: unknown, source: string): FastTensorEntry[] {
  if (!isRecord(manifestJson)) throw invalid(source, 'manifest.json is not a JSON object');
  return expectedFastTensors().map(({ name, shape }) => {
    const entry = manifestJson[name];
    if (entry === undefined) throw invalid(source, `tensor ${name} is missing from manifest.json`);
    if (!isRecord(entry) || typeof entry.filename !== 'string' || !isShape(entry.shape)) {
      throw invalid(source, `tensor ${name} in manifest.json needs a "filename" string and a "shape" array of positive integers`);
    }
    if (!SAFE_FILENAME.test(entry.filename)) throw invalid(source, `tensor ${name} has an unsafe file name ${JSON.stringify(entry.filename)}`);
    assertShape(source, name, shape, entry.shape);
    return { name, filename: entry.filename, shape };
  });
}

/**
 * Builds a checkpoint from named tensors (`Variable` … `Variable_47`), checking every shape and length.
 *
 * @example
 * const checkpoint = createFastStyleCheckpoint(new Map([['Variable', { data, shape: [9, 9, 3, 32] }], …]), 'tiny');
 */
export function createFastStyleCheckpoint(
  tensors: ReadonlyMap<string, { readonly data: Float32Array; readonly shape: readonly number[] }>,
  source: string,
): FastStyleCheckpoint {
  const values = new Map<string, Float32Array>();
  for (const { name, shape } of expectedFastTensors()) {
    const tensor = tensors.get(name);
    if (!tensor) throw invalid(source, `tensor ${name} is missing`);
    assertShape(source, name, shape, tensor.shape);
    assertLength(source, name, shape, tensor.data);
    values.set(name, tensor.data);
  }
  const layers = FAST_STYLE_LAYERS.map((spec) => ({
    spec,
    filter: values.get(fastTensorName(3 * spec.index))!,
    shift: values.get(fastTensorName(3 * spec.index + 1))!,
    scale: values.get(fastTensorName(3 * spec.index + 2))!,
  }));
  return { layers, source };
}

/**
 * Parses a manifest, reads each tensor through `readTensor` and validates the result.
 *
 * @example
 * const checkpoint = await parseFastStyleCheckpoint(manifest, (entry) => readFloats(entry.filename), dir);
 */
export async function parseFastStyleCheckpoint(
  manifestJson: unknown,
  readTensor: FastTensorReader,
  source: string,
): Promise<FastStyleCheckpoint> {
  const tensors = new Map<string, { data: Float32Array; shape: readonly number[] }>();
  for (const entry of parseFastStyleManifest(manifestJson, source)) {
    tensors.set(entry.name, { data: await readTensor(entry), shape: entry.shape });
  }
  return createFastStyleCheckpoint(tensors, source);
}

/** The number of values a tensor of `shape` holds. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

function assertShape(source: string, name: string, expected: readonly number[], actual: readonly number[]): void {
  if (expected.length !== actual.length || expected.some((dim, axis) => dim !== actual[axis])) {
    throw invalid(source, `expected shape [${expected.join(',')}] for tensor ${name} but received [${actual.join(',')}]`);
  }
}

function assertLength(source: string, name: string, shape: readonly number[], data: Float32Array): void {
  const expected = shapeSize(shape);
  if (data.length !== expected) {
    throw invalid(source, `expected ${expected} values (shape [${shape.join(',')}]) for tensor ${name} but received ${data.length}`);
  }
}

function invalid(source: string, detail: string): PainterlyError {
  return new PainterlyError(
    'WEIGHTS_INVALID',
    `The fast-style weights at ${source} are not usable: ${detail}. Delete them and download the preset again.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((dim) => Number.isInteger(dim) && dim > 0);
}
