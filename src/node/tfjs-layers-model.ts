/**
 * The Node edge of TF.js *layers* models: reads `model.json` and its shard files from disk for
 * `readTfjsLayersWeights` (engine/network/tfjs-layers.ts), which parses the chain and the weights.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PainterlyError } from '../engine/errors.js';
import type { NetworkWeights } from '../engine/network/types.js';
import { readTfjsLayersWeights } from '../engine/network/tfjs-layers.js';

/** Options of `readTfjsLayersModel`. */
export interface ReadTfjsOptions {
  /** Read weights only up to this layer (default: every layer of the chain). */
  readonly deepestLayer?: string;
  /** Shown in errors as the fix, e.g. "Re-download it with `painterly models download darknet-tiny --force`." */
  readonly fix?: string;
}

const DEFAULT_FIX = 'Pass the model.json of a TF.js layers model whose shard files sit next to it, or use --network darknet-tiny.';

/**
 * Reads the chain and its weights from `path` (a `model.json` whose shards sit next to it). Throws
 * WEIGHTS_NOT_FOUND (missing file or shard) or WEIGHTS_INVALID (not JSON, unsupported layer, shape
 * against topology, truncated shard, NaN), each naming the file.
 *
 * @example
 * const weights = await readTfjsLayersModel('../shared/models/darknet/tiny/model.json', { deepestLayer: 'conv12' });
 */
export async function readTfjsLayersModel(path: string, options: ReadTfjsOptions = {}): Promise<NetworkWeights> {
  const modelPath = resolve(path);
  const fix = options.fix ?? DEFAULT_FIX;
  const json = await readModelJson(modelPath, fix);
  const shardPath = (shard: string): string => join(dirname(modelPath), shard);
  return readTfjsLayersWeights(
    {
      json,
      location: modelPath,
      folderName: basename(dirname(modelPath)),
      locateShard: shardPath,
      readShard: async (shard) => {
        const info = await stat(shardPath(shard)).catch(() => undefined);
        if (!info?.isFile()) return undefined;
        const bytes = await readFile(shardPath(shard));
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
      },
    },
    { deepestLayer: options.deepestLayer, fix },
  );
}

async function readModelJson(modelPath: string, fix: string): Promise<Record<string, unknown>> {
  const text = await readFile(modelPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new PainterlyError('WEIGHTS_NOT_FOUND', `No TF.js model at ${modelPath} (${error.code ?? error.message}). ${fix}`, { cause: error });
  });
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch (error) {
    throw new PainterlyError('WEIGHTS_INVALID', `The TF.js model ${modelPath} is not valid JSON (${(error as Error).message}). ${fix}`, { cause: error });
  }
  throw new PainterlyError('WEIGHTS_INVALID', `The TF.js model ${modelPath} is not a JSON object. ${fix}`);
}

