import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cacheRoot, modelFilePath, type CacheEnv } from './cache-dir.js';
import { verifyChecksum } from './checksum.js';
import type { ModelEntry, ModelFile } from './registry.js';

/** What a check of one cached file found, valid while the file keeps this size and mtime. */
interface FileVerdict {
  readonly bytes: number;
  readonly mtimeMs: number;
  /** `<algorithm>:<hex>` the file was checked against (a registry change means a new check). */
  readonly checksum: string;
  readonly ok: boolean;
}

type VerdictTable = Record<string, FileVerdict>;

/** The state of a model's files in the cache: absent (or of the wrong size), or present with the wrong hash. */
export interface CacheCheck {
  readonly missing: readonly ModelFile[];
  readonly damaged: readonly ModelFile[];
}

/** This process's verdicts by file path: a file is hashed at most once per size+mtime. */
const memory = new Map<string, FileVerdict>();

/**
 * Where a model's verdicts are kept across processes: `<root>/models/.verified/<name>.json`
 * (outside the model's folder, which holds exactly the registry's files).
 *
 * @example
 * verdictPath(findModel('udnie'), { PAINTERLY_HOME: '/p' }) // → '/p/models/.verified/udnie.json'
 */
export function verdictPath(entry: ModelEntry, env?: CacheEnv): string {
  return join(cacheRoot(env), 'models', '.verified', `${encodeURIComponent(entry.name)}.json`);
}

function checksumKey(file: ModelFile): string {
  return `${file.checksum.algorithm}:${file.checksum.hex.toLowerCase()}`;
}

async function readTable(path: string): Promise<VerdictTable> {
  try {
    const table = JSON.parse(await readFile(path, 'utf8')) as { files?: VerdictTable };
    return table.files && typeof table.files === 'object' ? table.files : {};
  } catch {
    return {};
  }
}

/**
 * Best effort, atomic: a read-only cache (a mirror used as the cache) only loses the speed-up.
 * A `models` folder without any write permission bit is left alone even by root.
 */
async function writeTable(path: string, files: VerdictTable): Promise<void> {
  const modelsDir = dirname(dirname(path));
  const mode = await stat(modelsDir).then((info) => info.mode, () => 0);
  if ((mode & 0o222) === 0) return;
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, `${JSON.stringify({ version: 1, files }, null, 1)}\n`);
    await rename(temporary, path);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

function isCurrent(verdict: FileVerdict | undefined, bytes: number, mtimeMs: number, key: string): verdict is FileVerdict {
  return verdict !== undefined && verdict.bytes === bytes && verdict.mtimeMs === mtimeMs && verdict.checksum === key;
}

/**
 * Checks every file of `entry` in the cache: size first, then the registry checksum — hashed only
 * when no verdict for the file's current size and mtime exists (in memory or on disk), so a model
 * costs one read per change, not one per use.
 *
 * @example
 * const { missing, damaged } = await checkModelFiles(findModel('udnie'));
 * // damaged.map((file) => file.name) → ['Variable_12'] after a bit flip in that file
 */
export async function checkModelFiles(entry: ModelEntry, env?: CacheEnv): Promise<CacheCheck> {
  const tablePath = verdictPath(entry, env);
  const table = await readTable(tablePath);
  const missing: ModelFile[] = [];
  const damaged: ModelFile[] = [];
  let changed = false;
  for (const file of entry.files) {
    const path = modelFilePath(entry, file.name, env);
    const info = await stat(path).catch(() => undefined);
    if (!info || !info.isFile() || info.size !== file.bytes) {
      missing.push(file);
      continue;
    }
    const key = checksumKey(file);
    let verdict = memory.get(path);
    if (!isCurrent(verdict, info.size, info.mtimeMs, key)) verdict = table[file.name];
    if (!isCurrent(verdict, info.size, info.mtimeMs, key)) {
      const { matches } = await verifyChecksum(path, file.checksum);
      verdict = { bytes: info.size, mtimeMs: info.mtimeMs, checksum: key, ok: matches };
      changed = true;
    }
    memory.set(path, verdict);
    table[file.name] = verdict;
    if (!verdict.ok) damaged.push(file);
  }
  if (changed) await writeTable(tablePath, table);
  return { missing, damaged };
}

/**
 * Records files that were just downloaded and verified (the download hashed them already), so
 * their first use does not hash them again.
 *
 * @example
 * await recordVerified(entry, entry.files, env);
 */
export async function recordVerified(entry: ModelEntry, files: readonly ModelFile[], env?: CacheEnv): Promise<void> {
  if (files.length === 0) return;
  const tablePath = verdictPath(entry, env);
  const table = await readTable(tablePath);
  for (const file of files) {
    const path = modelFilePath(entry, file.name, env);
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    const verdict = { bytes: info.size, mtimeMs: info.mtimeMs, checksum: checksumKey(file), ok: true };
    memory.set(path, verdict);
    table[file.name] = verdict;
  }
  await writeTable(tablePath, table);
}
