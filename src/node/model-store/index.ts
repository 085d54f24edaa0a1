/**
 * The model store: one table of downloadable models, a cache under `$PAINTERLY_HOME`
 * (or `$XDG_CACHE_HOME/painterly`, or `~/.cache/painterly`), resumable checksum-verified
 * downloads and an optional local or http mirror (`$PAINTERLY_MODEL_MIRROR`).
 *
 * @example
 * import { ensureModel } from './node/model-store/index.js';
 * const weightsPath = await ensureModel('vgg19', { onProgress: (event) => bar.update(event) });
 * const darknetDir = await ensureModel('darknet-tiny'); // read `${darknetDir}/model.json`
 */
export { cacheRoot, cacheRootLabel, cacheRootProblem, modelDir, modelFilePath, prepareCacheRoot, type CacheEnv } from './cache-dir.js';
export { prepareWritableDir, type WritableDirLabel } from './writable-dir.js';
export type { Checksum, ChecksumAlgorithm } from './checksum.js';
export { downloadFile, type DownloadEvent, type DownloadFileOptions } from './download.js';
export { MODEL_MIRROR_ENV, fileSource, modelMirror } from './mirror.js';
export {
  DARKNET_TINY_MODEL,
  FAST_STYLE_PRESETS,
  MODEL_REGISTRY,
  PRESET_DESCRIPTIONS,
  PRESET_PROVENANCE,
  TFJS_MODEL_FILE_NAME,
  VGG19_FILE_NAME,
  findModel,
  modelBytes,
  type ModelEntry,
  type ModelFile,
  type ModelKind,
} from './registry.js';
export type { FastStylePresetName } from './preset-files.js';
export { findImportedModel, importWeightsFile, importedRoot, listImportedModels, type ImportedModel, type ImportOptions, type ImportResult } from './imported.js';
export {
  downloadCommand,
  downloadModel,
  ensureModel,
  isCached,
  listModels,
  modelPath,
  repairCommand,
  type DownloadModelOptions,
  type EnsureModelOptions,
  type ModelState,
  type ModelSummary,
  type ModelWaitEvent,
  type StoreOptions,
} from './store.js';
