/**
 * The page's model files: fetched from a base URL laid out like the model store's mirror and cache
 * (`<base>/fast-style/<style>/manifest.json`, `<base>/darknet/tiny/model.json`, see
 * `relativeDir` in the registry), each checked against the registry's size and SHA-256 before the
 * engine reads it. The registry is pure data; the parsing is the engine's.
 */
import { PainterlyError } from '../../../src/engine/errors.js';
import { parseFastStyleCheckpoint, type FastStyleCheckpoint } from '../../../src/engine/fast/checkpoint.js';
import { floatsFromTensorBytes } from '../../../src/engine/fast/tensor-bytes.js';
import { readTfjsLayersWeights } from '../../../src/engine/network/tfjs-layers.js';
import type { NetworkWeights } from '../../../src/engine/network/types.js';
import { DARKNET_TINY_MODEL, findModel, modelBytes, TFJS_MODEL_FILE_NAME, type ModelEntry } from '../../../src/node/model-store/registry.js';

/** Bytes of a model fetched so far: the page draws a bar from it. */
export interface ModelFetchEvent {
  readonly type: 'download';
  readonly model: string;
  readonly receivedBytes: number;
  readonly totalBytes: number;
}

/** Where model files come from, and who hears of their progress. */
export interface ModelFetchOptions {
  /** The absolute base URL (mirror or cache layout), ending in `/`. */
  readonly baseUrl: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ModelFetchEvent) => void;
}

const REFETCH = 'Check the models URL: it must serve the model store layout (e.g. `painterly serve --static-only` serves the cache or PAINTERLY_MODEL_MIRROR at ./models/).';

/**
 * A preset's weights, fetched file by file and validated like the Node reader does.
 *
 * @example
 * const checkpoint = await fetchPresetCheckpoint('udnie', { baseUrl: 'http://127.0.0.1:9000/' });
 */
export async function fetchPresetCheckpoint(preset: string, options: ModelFetchOptions): Promise<FastStyleCheckpoint> {
  const entry = findModel(preset);
  const files = modelFiles(entry, options);
  const base = modelUrl(entry, options.baseUrl, '');
  const manifest = parseJson(await files.read('manifest.json'), modelUrl(entry, options.baseUrl, 'manifest.json'));
  return parseFastStyleCheckpoint(
    manifest,
    async (tensor) => {
      const location = modelUrl(entry, options.baseUrl, tensor.filename);
      return floatsFromTensorBytes(await files.read(tensor.filename), tensor, { location, source: base, lengthFix: REFETCH, damagedFix: REFETCH });
    },
    base,
  );
}

/**
 * Darknet Tiny's weights up to `deepestLayer` (only the shards those layers need are fetched).
 *
 * @example
 * const weights = await fetchDarknetTiny('conv12', { baseUrl: './models/' });
 */
export async function fetchDarknetTiny(deepestLayer: string, options: ModelFetchOptions): Promise<NetworkWeights> {
  const entry = findModel(DARKNET_TINY_MODEL);
  const files = modelFiles(entry, options);
  const location = modelUrl(entry, options.baseUrl, TFJS_MODEL_FILE_NAME);
  const json = parseJson(await files.read(TFJS_MODEL_FILE_NAME), location);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new PainterlyError('WEIGHTS_INVALID', `The TF.js model ${location} is not a JSON object. ${REFETCH}`);
  return readTfjsLayersWeights(
    {
      json: json as Record<string, unknown>,
      location,
      folderName: 'tiny',
      locateShard: (shard) => modelUrl(entry, options.baseUrl, shard),
      readShard: (shard) => files.read(shard),
    },
    { deepestLayer, fix: REFETCH },
  );
}

/** `<base>/<relativeDir>/<file>`, each segment escaped. */
function modelUrl(entry: ModelEntry, baseUrl: string, file: string): string {
  const path = [...entry.relativeDir.split('/'), file].map(encodeURIComponent).join('/');
  return new URL(path, baseUrl).href;
}

/** Reads a model's files by name: known ones only, checked for size and SHA-256, with progress over the whole model. */
function modelFiles(entry: ModelEntry, options: ModelFetchOptions): { read(name: string): Promise<Uint8Array> } {
  const totalBytes = modelBytes(entry);
  let receivedBytes = 0;
  return {
    async read(name: string): Promise<Uint8Array> {
      const file = entry.files.find((candidate) => candidate.name === name);
      if (!file) throw new PainterlyError('WEIGHTS_INVALID', `The ${entry.name} weights name a file ${name} that the published model does not have. ${REFETCH}`);
      const url = modelUrl(entry, options.baseUrl, name);
      const bytes = await fetchBytes(url, options.signal);
      if (bytes.byteLength !== file.bytes) {
        throw new PainterlyError('WEIGHTS_INVALID', `Expected ${file.bytes} bytes for ${url} but received ${bytes.byteLength}. ${REFETCH}`);
      }
      if (file.checksum.algorithm === 'sha256' && crypto.subtle) {
        const hex = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
        if (hex !== file.checksum.hex) throw new PainterlyError('WEIGHTS_INVALID', `${url} is not the published ${entry.name} file (its SHA-256 differs). ${REFETCH}`);
      }
      receivedBytes += bytes.byteLength;
      options.onProgress?.({ type: 'download', model: entry.name, receivedBytes, totalBytes });
      return bytes;
    },
  };
}

async function fetchBytes(url: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'omit' });
  } catch (error) {
    if (signal?.aborted) throw new PainterlyError('ABORTED', 'The painting was cancelled.');
    throw new PainterlyError('WEIGHTS_NOT_FOUND', `Could not fetch ${url} (${error instanceof Error ? error.message : String(error)}). ${REFETCH}`, { cause: error });
  }
  if (!response.ok) throw new PainterlyError('WEIGHTS_NOT_FOUND', `Could not fetch ${url} (HTTP ${response.status}). ${REFETCH}`);
  return new Uint8Array(await response.arrayBuffer());
}

function parseJson(bytes: Uint8Array, location: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new PainterlyError('WEIGHTS_INVALID', `${location} is not valid JSON (${(error as Error).message}). ${REFETCH}`, { cause: error });
  }
}
