import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PainterlyError, isPainterlyError } from '../../engine/errors.js';
import { cacheRoot, modelDir, modelFilePath, prepareModelFolders, type CacheEnv } from './cache-dir.js';
import { verifyChecksum } from './checksum.js';
import { downloadFile, type DownloadEvent } from './download.js';
import { fileSource } from './mirror.js';
import { withModelLock, type LockOwner } from './model-lock.js';
import { checkModelFiles, recordVerified, type CacheCheck } from './verdicts.js';
import { MODEL_REGISTRY, findModel, modelBytes, type ModelEntry, type ModelFile, type ModelKind } from './registry.js';

/** Where the store looks: the model table and the environment (both default to the real ones). */
export interface StoreOptions {
  readonly registry?: readonly ModelEntry[];
  readonly env?: CacheEnv;
}

/** What `painterly models list` says of a model. */
export type ModelState = 'cached' | 'not cached' | 'damaged';

/** One row of `painterly models list`. */
export interface ModelSummary {
  readonly name: string;
  readonly kind: ModelKind;
  readonly description: string;
  readonly provenance: string;
  /** Every file present and matching its checksum (`state === 'cached'`). */
  readonly cached: boolean;
  readonly state: ModelState;
  /** Files of the right size whose checksum does not match (empty unless `state === 'damaged'`). */
  readonly damagedFiles: readonly string[];
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
  /** Called when another process or job is downloading the model and this call waits for it. */
  readonly onWait?: (event: ModelWaitEvent) => void;
}

/** Another download of `model` holds its lock (its owner, when the lock file names one). */
export interface ModelWaitEvent extends Partial<LockOwner> {
  readonly model: string;
}

/** Options of {@link downloadModel}. */
export interface DownloadModelOptions extends EnsureModelOptions {
  /** Download every file again (replacing each atomically), e.g. to repair a damaged model. */
  readonly force?: boolean;
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
 * Whether every file of model `name` is in the cache with the right size and checksum, as the CLI
 * checks before use: each file is hashed once per change of its size or modification time (the
 * verdict is kept, see `checkModelFiles`), so a damaged file is not cached. `verifyChecksums` hashes
 * every byte again, ignoring kept verdicts.
 *
 * @example
 * await isCached('udnie') // → false before `painterly models download udnie`
 */
export async function isCached(name: string, options: StoreOptions & { verifyChecksums?: boolean } = {}): Promise<boolean> {
  const entry = findModel(name, options.registry);
  if (options.verifyChecksums) return (await missingFiles(entry, options.env, true)).length === 0;
  const { missing, damaged } = await checkModelFiles(entry, options.env);
  return missing.length === 0 && damaged.length === 0;
}

function stateOf(check: CacheCheck): ModelState {
  if (check.damaged.length > 0) return 'damaged';
  return check.missing.length > 0 ? 'not cached' : 'cached';
}

/**
 * Every model in the table, with whether it is cached (every file present and matching its
 * checksum), damaged (a file of the right size fails its checksum) or not, and where. Checksums
 * are computed once per file change (see `checkModelFiles`).
 *
 * @example
 * (await listModels()).filter((model) => model.state === 'damaged').map((model) => model.name)
 */
export async function listModels(options: StoreOptions = {}): Promise<ModelSummary[]> {
  const registry = options.registry ?? MODEL_REGISTRY;
  const summaries: ModelSummary[] = [];
  for (const entry of registry) {
    const check = await checkModelFiles(entry, options.env);
    const state = stateOf(check);
    summaries.push({
      name: entry.name,
      kind: entry.kind,
      description: entry.description,
      provenance: entry.provenance,
      cached: state === 'cached',
      state,
      damagedFiles: check.damaged.map((file) => file.name),
      bytes: modelBytes(entry),
      path: pathOf(entry, options.env),
    });
  }
  return summaries;
}

function notCachedError(entry: ModelEntry, missing: readonly ModelFile[], env: CacheEnv | undefined): PainterlyError {
  return new PainterlyError(
    'WEIGHTS_NOT_FOUND',
    `Model "${entry.name}" is not in the cache (${missing.length} of ${entry.files.length} files missing under ` +
      `${modelDir(entry, env)}) and downloads are off. Run \`${downloadCommand(entry.name)}\` ` +
      '(or set PAINTERLY_MODEL_MIRROR to a local copy of the models).',
  );
}

/**
 * The command that replaces every file of a damaged model, as printed in error messages.
 *
 * @example
 * repairCommand('udnie') // → 'painterly models download udnie --force'
 */
export function repairCommand(name: string): string {
  return `${downloadCommand(name)} --force`;
}

function damagedError(entry: ModelEntry, damaged: readonly ModelFile[], env: CacheEnv | undefined): PainterlyError {
  const names = damaged.map((file) => file.name);
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  return new PainterlyError(
    'WEIGHTS_INVALID',
    `Model "${entry.name}" in the cache is damaged: ${shown} in ${modelDir(entry, env)} ` +
      `${names.length === 1 ? 'does' : 'do'} not match the published checksum, so it was not used. ` +
      `Download it again with \`${repairCommand(entry.name)}\`.`,
  );
}

function withCommand(error: unknown, entry: ModelEntry): unknown {
  if (!isPainterlyError(error) || error.code !== 'DOWNLOAD_FAILED') return error;
  return new PainterlyError('DOWNLOAD_FAILED', `${error.message} Command: \`${downloadCommand(entry.name)}\`.`, { cause: error });
}

/** The lock of one model's download: `<root>/models/.locks/<name>.lock`. */
function lockPathOf(entry: ModelEntry, env: CacheEnv | undefined): string {
  return join(cacheRoot(env), 'models', '.locks', `${encodeURIComponent(entry.name)}.lock`);
}

interface Work {
  readonly entry: ModelEntry;
  readonly files: readonly ModelFile[];
}

/** Downloads `files` of one model in order, reporting per-file and overall bytes; records each as verified. */
async function downloadFiles(work: Work, progress: { finishedBytes: number; totalBytes: number }, options: EnsureModelOptions): Promise<void> {
  const { entry } = work;
  for (const file of work.files) {
    const onProgress = (event: DownloadEvent): void =>
      options.onProgress?.({ ...event, overallReceivedBytes: progress.finishedBytes + event.receivedBytes, overallTotalBytes: progress.totalBytes });
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
    await recordVerified(entry, [file], options.env);
    progress.finishedBytes += file.bytes;
  }
}

/**
 * Brings `entries` into the cache: files that are missing (or, with `force`, every file) are
 * downloaded under each model's lock, so concurrent processes and jobs download a model once and
 * share it; then every file is checked against its checksum. A damaged file is WEIGHTS_INVALID
 * naming `--force` (never used silently).
 */
async function bringIntoCache(entries: readonly ModelEntry[], options: EnsureModelOptions & { force?: boolean }): Promise<void> {
  const planned: Work[] = [];
  for (const entry of entries) {
    const check = await checkModelFiles(entry, options.env);
    const files = options.force ? entry.files : check.missing;
    if (files.length > 0 && options.offline) throw notCachedError(entry, files, options.env);
    if (!options.force && check.damaged.length > 0) throw damagedError(entry, check.damaged, options.env);
    planned.push({ entry, files });
  }
  const progress = { finishedBytes: 0, totalBytes: planned.reduce((sum, work) => sum + modelBytesOf(work.files), 0) };
  for (const work of planned) {
    if (work.files.length === 0) continue;
    const lockPath = lockPathOf(work.entry, options.env);
    await prepareModelFolders([modelDir(work.entry, options.env), dirname(lockPath)], options.env);
    await withModelLock(
      lockPath,
      async () => {
        // Another process or job may have finished this model while we waited for the lock.
        const files = options.force ? work.files : (await checkModelFiles(work.entry, options.env)).missing;
        progress.finishedBytes += modelBytesOf(work.files) - modelBytesOf(files);
        await downloadFiles({ entry: work.entry, files }, progress, options);
      },
      { signal: options.signal, onWait: options.onWait && ((owner) => options.onWait?.({ model: work.entry.name, ...owner })) },
    );
    const after = await checkModelFiles(work.entry, options.env);
    if (after.damaged.length > 0) throw damagedError(work.entry, after.damaged, options.env);
    if (after.missing.length > 0) throw notCachedError(work.entry, after.missing, options.env);
  }
}

function modelBytesOf(files: readonly ModelFile[]): number {
  return files.reduce((sum, file) => sum + file.bytes, 0);
}

/**
 * The cached path of model `name` (file for `vgg19`, folder for presets and `darknet-tiny`),
 * downloading any missing file first (from `$PAINTERLY_MODEL_MIRROR` when set). On first use in
 * a process every file is checked against its registry checksum (once per file change); a damaged
 * model throws WEIGHTS_INVALID naming `painterly models download NAME --force`.
 *
 * @example
 * const presetDir = await ensureModel('udnie', { onProgress: (event) => bar.update(event) });
 * const darknetDir = await ensureModel('darknet-tiny'); // → '<cache>/models/darknet/tiny' (model.json + shards)
 */
export async function ensureModel(name: string, options: EnsureModelOptions = {}): Promise<string> {
  const entry = findModel(name, options.registry);
  await bringIntoCache([entry], options);
  return pathOf(entry, options.env);
}

/**
 * Downloads one model, or every model with `'all'`; returns the cached paths. Files already
 * cached are skipped (with `force`, every file is fetched again and replaced atomically); an
 * interrupted download resumes from its `.part` file.
 *
 * @example
 * await downloadModel('all', { onProgress: (event) => console.log(JSON.stringify(event)) });
 * await downloadModel('udnie', { force: true }); // repairs a damaged cache
 */
export async function downloadModel(name: string, options: DownloadModelOptions = {}): Promise<string[]> {
  const registry = options.registry ?? MODEL_REGISTRY;
  const entries = name === 'all' ? registry : [findModel(name, registry)];
  await bringIntoCache(entries, options);
  return entries.map((entry) => pathOf(entry, options.env));
}
