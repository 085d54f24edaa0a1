/**
 * VGG files a user already had, imported into the model store under a name
 * (`painterly models import FILE [--name N]`): checked once (format, architecture, preprocessing,
 * checksum), copied (or hard-linked) to `<root>/imported/<name>/<file>` with an `import.json`
 * record written last, so a half-finished import is never listed. A file that is the registry's
 * own VGG19 (same checksum) goes to the registry's place instead, where `--network vgg19` finds it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { PainterlyError } from '../../engine/errors.js';
import { isNetworkId } from '../../engine/network/registry.js';
import { validateNetworkWeights } from '../../engine/network/weights.js';
import type { PreprocessingName } from '../../engine/vgg/preprocessing.js';
import { writeFileAtomic } from '../atomic-write.js';
import { tempPathFor } from '../temp-files.js';
import { detectWeightsFormat } from '../weights-file/detect-format.js';
import { readVggWeightsFile } from '../weights-file/read-vgg-file.js';
import { cacheRoot, modelFilePath, prepareModelFolders, type CacheEnv } from './cache-dir.js';
import { MODEL_REGISTRY, type ModelEntry } from './registry.js';

/** An imported file as `import.json` records it. */
export interface ImportedModel {
  readonly name: string;
  /** The stored copy (or link). */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The format read from its bytes, e.g. `pth-legacy`. */
  readonly format: string;
  readonly preprocessing: PreprocessingName;
  /** How the preprocessing was chosen. */
  readonly reason: string;
  /** Where it was imported from, and when (ISO 8601). */
  readonly importedFrom: string;
  readonly importedAt: string;
}

/** What an import did. */
export type ImportResult =
  | { readonly kind: 'imported'; readonly model: ImportedModel; readonly linked: boolean; readonly alreadyImported: boolean }
  | { readonly kind: 'registry'; readonly name: string; readonly path: string; readonly alreadyCached: boolean };

/** Options of `importWeightsFile`. */
export interface ImportOptions {
  /** The store name; default: the file's name without extension, lower-cased. */
  readonly name?: string;
  /** Hard-link instead of copying (falls back to a copy across file systems). */
  readonly link?: boolean;
  readonly preprocessing?: PreprocessingName;
  readonly env?: CacheEnv;
  /** The registry whose files are recognised by checksum (tests pass their own). */
  readonly registry?: readonly ModelEntry[];
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const RECORD = 'import.json';

/** `<root>/imported`. */
export function importedRoot(env: CacheEnv = process.env): string {
  return join(cacheRoot(env), 'imported');
}

/**
 * Checks a VGG19 file and stores it under a name; see the file comment.
 *
 * @example
 * const result = await importWeightsFile('~/Downloads/vgg19-d01eb7cb.pth', { name: 'nspt' });
 * // → { kind: 'imported', model: { name: 'nspt', preprocessing: 'caffe', format: 'pth-legacy', … } }
 */
export async function importWeightsFile(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const env = options.env ?? process.env;
  const source = resolve(file);
  const format = await detectWeightsFormat(source);
  const { sha256, md5, bytes } = await digests(source);
  const registryFile = registryMatch(md5, sha256, options.registry ?? MODEL_REGISTRY);
  if (registryFile) {
    const destination = modelFilePath(registryFile.entry, registryFile.fileName, env);
    const cached = await digestsIfPresent(destination);
    if (cached && cached.md5 === md5) return { kind: 'registry', name: registryFile.entry.name, path: destination, alreadyCached: true };
    await prepareModelFolders([join(destination, '..')], env);
    await placeFile(source, destination, options.link ?? false);
    return { kind: 'registry', name: registryFile.entry.name, path: destination, alreadyCached: false };
  }
  const weights = await readVggWeightsFile(source, { format, preprocessing: options.preprocessing, sha256 });
  validateNetworkWeights(weights, 'conv5_1', 'Check that the file is a whole VGG19 (features.0 … features.34).');
  const name = options.name ?? defaultName(source);
  checkName(name, options.name !== undefined);
  const existing = await findImportedModel(name, env);
  if (existing) {
    if (existing.sha256 === sha256) return { kind: 'imported', model: existing, linked: false, alreadyImported: true };
    throw new PainterlyError('INVALID_OPTION', `Expected a new name for --name but received "${name}": another file (${existing.importedFrom}) is imported under it. Choose another --name, or remove ${join(importedRoot(env), name)} first.`);
  }
  const folder = join(importedRoot(env), name);
  await prepareModelFolders([folder], env);
  const path = join(folder, basename(source));
  const linked = await placeFile(source, path, options.link ?? false);
  const model: ImportedModel = {
    name,
    path,
    bytes,
    sha256,
    format,
    preprocessing: weights.file!.preprocessing as PreprocessingName,
    reason: options.preprocessing !== undefined && weights.file!.reason.startsWith('as the preprocessing option') ? `given with --preprocessing ${options.preprocessing} when imported` : weights.file!.reason,
    importedFrom: source,
    importedAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(folder, RECORD), Buffer.from(`${JSON.stringify(model, null, 2)}\n`));
  return { kind: 'imported', model, linked, alreadyImported: false };
}

/**
 * The imported models, by name (a folder without its record, or whose file is gone, is left out).
 *
 * @example (await listImportedModels()).map((model) => model.name) // → ['nspt', 'torchvision-vgg19']
 */
export async function listImportedModels(env: CacheEnv = process.env): Promise<ImportedModel[]> {
  const names = await fs.readdir(importedRoot(env)).catch(() => [] as string[]);
  const models = await Promise.all(names.filter((name) => NAME.test(name)).sort().map((name) => findImportedModel(name, env)));
  return models.filter((model): model is ImportedModel => model !== undefined);
}

/** The imported model called `name`, if its record and file are there (and the file has the recorded size). */
export async function findImportedModel(name: string, env: CacheEnv = process.env): Promise<ImportedModel | undefined> {
  if (!NAME.test(name)) return undefined;
  try {
    const record = JSON.parse(await fs.readFile(join(importedRoot(env), name, RECORD), 'utf8')) as ImportedModel;
    const info = await fs.stat(record.path);
    return info.size === record.bytes ? record : undefined;
  } catch {
    return undefined;
  }
}

function defaultName(path: string): string {
  return basename(path).toLowerCase().replace(/\.(pth|pt|safetensors|h5|hdf5|keras|caffemodel)$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
}

function checkName(name: string, given: boolean): void {
  const why = !NAME.test(name)
    ? 'letters a–z, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)'
    : isNetworkId(name) || MODEL_REGISTRY.some((entry) => entry.name === name)
      ? `a name that is not already a built-in model (${name} is one)`
      : undefined;
  if (why) throw new PainterlyError('INVALID_OPTION', `Expected ${why} for --name but received "${name}"${given ? '' : ' (from the file name)'}. Pass --name NAME.`);
}

/** The registry file with this checksum, if any (the Keras VGG19 is published with an MD5). */
function registryMatch(md5: string, sha256: string, registry: readonly ModelEntry[]): { entry: ModelEntry; fileName: string } | undefined {
  for (const entry of registry) {
    if (entry.layout !== 'file') continue;
    for (const file of entry.files) {
      const hex = file.checksum.hex.toLowerCase();
      if ((file.checksum.algorithm === 'md5' && hex === md5) || (file.checksum.algorithm === 'sha256' && hex === sha256)) return { entry, fileName: file.name };
    }
  }
  return undefined;
}

async function digests(path: string): Promise<{ sha256: string; md5: string; bytes: number }> {
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    sha.update(chunk as Buffer);
    md5.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: sha.digest('hex'), md5: md5.digest('hex'), bytes };
}

async function digestsIfPresent(path: string): Promise<{ md5: string } | undefined> {
  return digests(path).catch(() => undefined);
}

/** Puts `source` at `destination` atomically: a hard link when asked (and possible), else a copy. Returns whether it linked. */
async function placeFile(source: string, destination: string, link: boolean): Promise<boolean> {
  const temp = tempPathFor(destination);
  try {
    let linked = false;
    if (link) linked = await fs.link(source, temp).then(() => true, () => false);
    if (!linked) await fs.copyFile(source, temp, fs.constants.COPYFILE_EXCL);
    await fs.rename(temp, destination);
    return linked;
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new PainterlyError('OUTPUT_NOT_WRITABLE', `Cannot store ${source} as ${destination} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the space and permissions of the model cache (PAINTERLY_HOME).`, { cause: error });
  }
}
