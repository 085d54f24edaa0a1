import { stat } from 'node:fs/promises';
import { PainterlyError, isPainterlyError } from '../../engine/errors.js';
import { modelDir, modelFilePath, type CacheEnv } from './cache-dir.js';
import { verifyChecksum } from './checksum.js';
import { downloadFile, type DownloadEvent } from './download.js';
import { fileSource } from './mirror.js';
import { MODEL_REGISTRY, findModel, modelBytes, type ModelEntry, type ModelFile, type ModelKind } from './registry.js';

/** Where the store looks: the model table and the environment (both default to the real ones). */
export interface StoreOptions {
  readonly registry?: readonly ModelEntry[];
  readonly env?: CacheEnv;
}

/** One row of `painterly models list`. */
export interface ModelSummary {
  readonly name: string;
  readonly kind: ModelKind;
  readonly description: string;
  readonly provenance: string;
  readonly cached: boolean;
  readonly bytes: number;
  /** The model's file (`vgg19`) or folder (presets) in the cache. */
  readonly path: string;
}

/** Options of {@link ensureModel} and {@link downloadModel}. */
export interface EnsureModelOptions extends StoreOptions {
  readonly onProgress?: (event: DownloadEvent) => void;
  readonly signal?: AbortSignal;
  /** Never download: a model that is not cached throws WEIGHTS_NOT_FOUND. */
  readonly offline?: boolean;
  /** Extra attempts per file after a network failure, each resuming (default 2). */
  readonly retries?: number;
  readonly retryDelayMs?: number;
}

/**
 * The command that downloads `name`, as printed in error messages.
 *
 * @example
 * downloadCommand('udnie') // → 'painterly models download udnie'
 */
export function downloadCommand(name: string): string {
  return `painterly models download ${name}`;
}

function pathOf(entry: ModelEntry, env: CacheEnv | undefined): string {
  const single = entry.layout === 'file' ? entry.files[0] : undefined;
  return single ? modelFilePath(entry, single.name, env) : modelDir(entry, env);
}

/**
 * Where model `name` lives (or will live) in the cache: the file for `vgg19`, the folder for presets.
 *
 * @example
 * modelPath('udnie') // → '~/.cache/painterly/models/fast-style/udnie'
 */
export function modelPath(name: string, options: StoreOptions = {}): string {
  return pathOf(findModel(name, options.registry), options.env);
}

async function isFileCached(entry: ModelEntry, file: ModelFile, env: CacheEnv | undefined, verify: boolean): Promise<boolean> {
  const path = modelFilePath(entry, file.name, env);
  const size = await stat(path).then((info) => info.size, () => -1);
  if (size !== file.bytes) return false;
  return !verify || (await verifyChecksum(path, file.checksum)).matches;
}

async function missingFiles(entry: ModelEntry, env: CacheEnv | undefined, verify = false): Promise<ModelFile[]> {
  const cached = await Promise.all(entry.files.map((file) => isFileCached(entry, file, env, verify)));
  return entry.files.filter((_, index) => !cached[index]);
}

/**
 * Whether every file of model `name` is in the cache with the right size; with
 * `verifyChecksums`, also with the right hash (slower: reads every byte).
 *
 * @example
 * await isCached('udnie') // → false before `painterly models download udnie`
 */
export async function isCached(name: string, options: StoreOptions & { verifyChecksums?: boolean } = {}): Promise<boolean> {
  const entry = findModel(name, options.registry);
  return (await missingFiles(entry, options.env, options.verifyChecksums)).length === 0;
}

/**
 * Every model in the table, with whether it is cached and where.
 *
 * @example
 * (await listModels()).filter((model) => model.cached).map((model) => model.name)
 */
export async function listModels(options: StoreOptions = {}): Promise<ModelSummary[]> {
  const registry = options.registry ?? MODEL_REGISTRY;
  return Promise.all(
    registry.map(async (entry) => ({
      name: entry.name,
      kind: entry.kind,
      description: entry.description,
      provenance: entry.provenance,
      cached: (await missingFiles(entry, options.env)).length === 0,
      bytes: modelBytes(entry),
      path: pathOf(entry, options.env),
    })),
  );
}

function notCachedError(entry: ModelEntry, missing: readonly ModelFile[], env: CacheEnv | undefined): PainterlyError {
  return new PainterlyError(
    'WEIGHTS_NOT_FOUND',
    `Model "${entry.name}" is not in the cache (${missing.length} of ${entry.files.length} files missing under ` +
      `${modelDir(entry, env)}) and downloads are off. Run \`${downloadCommand(entry.name)}\` ` +
      '(or set PAINTERLY_MODEL_MIRROR to a local copy of the models).',
  );
}

function withCommand(error: unknown, entry: ModelEntry): unknown {
  if (!isPainterlyError(error) || error.code !== 'DOWNLOAD_FAILED') return error;
  return new PainterlyError('DOWNLOAD_FAILED', `${error.message} Command: \`${downloadCommand(entry.name)}\`.`, { cause: error });
}

/** Downloads every missing file of `entries`, one at a time, reporting per-file and overall bytes. */
async function downloadMissing(entries: readonly ModelEntry[], options: EnsureModelOptions): Promise<void> {
  const work: Array<{ entry: ModelEntry; file: ModelFile }> = [];
  for (const entry of entries) {
    const missing = await missingFiles(entry, options.env);
    if (missing.length > 0 && options.offline) throw notCachedError(entry, missing, options.env);
    work.push(...missing.map((file) => ({ entry, file })));
  }
  const overallTotalBytes = work.reduce((sum, item) => sum + item.file.bytes, 0);
  let finishedBytes = 0;
  for (const { entry, file } of work) {
    const onProgress = (event: DownloadEvent): void =>
      options.onProgress?.({ ...event, overallReceivedBytes: finishedBytes + event.receivedBytes, overallTotalBytes });
    try {
      await downloadFile({
        url: fileSource(entry, file, options.env),
        destination: modelFilePath(entry, file.name, options.env),
        checksum: file.checksum,
        expectedBytes: file.bytes,
        signal: options.signal,
        onProgress,
        model: entry.name,
        file: file.name,
        retries: options.retries ?? 2,
        retryDelayMs: options.retryDelayMs,
      });
    } catch (error) {
      throw withCommand(error, entry);
    }
    finishedBytes += file.bytes;
  }
}

/**
 * The cached path of model `name` (file for `vgg19`, folder for presets), downloading any
 * missing file first (from `$PAINTERLY_MODEL_MIRROR` when set).
 *
 * @example
 * const presetDir = await ensureModel('udnie', { onProgress: (event) => bar.update(event) });
 */
export async function ensureModel(name: string, options: EnsureModelOptions = {}): Promise<string> {
  const entry = findModel(name, options.registry);
  await downloadMissing([entry], options);
  return pathOf(entry, options.env);
}

/**
 * Downloads one model, or every model with `'all'`; returns the cached paths. Files already
 * cached are skipped; an interrupted download resumes from its `.part` file.
 *
 * @example
 * await downloadModel('all', { onProgress: (event) => console.log(JSON.stringify(event)) });
 */
export async function downloadModel(name: string, options: EnsureModelOptions = {}): Promise<string[]> {
  const registry = options.registry ?? MODEL_REGISTRY;
  const entries = name === 'all' ? registry : [findModel(name, registry)];
  await downloadMissing(entries, options);
  return entries.map((entry) => pathOf(entry, options.env));
}
