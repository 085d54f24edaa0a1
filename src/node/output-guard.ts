/**
 * Outputs never replace inputs. Before a command does any work, `guardOutputs` compares every file
 * it will write (the output, `--save-every` snapshots, the checkpoint, a sheet or grid) with every
 * file it reads, by device and inode — so the same path, a symbolic link and a hard link are all
 * caught — and checks each write path (an existing directory there, a missing directory above).
 * A TF.js `model.json` among the inputs brings its weight files (the `weightsManifest` paths) with it.
 * It also removes stale temp files a killed run left next to those outputs (temp-files.ts).
 */
import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { PainterlyError } from '../engine/errors.js';
import { outputNotWritable } from './atomic-write.js';
import { removeStaleTempFiles } from './temp-files.js';

/** A file a command reads or writes, and how to name it in a message. */
export interface GuardedFile {
  readonly path: string;
  /** E.g. `the CONTENT image`, `the --style image`, `the checkpoint`. */
  readonly role: string;
}

/** A file a command writes; `fix` says how to move it elsewhere (default: choose another --output). */
export interface GuardedOutput extends GuardedFile {
  readonly fix?: string;
}

/** `--save-every` snapshots: `OUTPUT_<n>.EXT` for n = every, 2·every, … up to `iterations`. */
export interface SnapshotPlan {
  readonly output: string;
  readonly every: number;
  readonly iterations: number;
}

/** Everything one command reads and writes. */
export interface OutputPlan {
  readonly inputs: readonly GuardedFile[];
  readonly outputs: readonly GuardedOutput[];
  readonly snapshots?: SnapshotPlan;
}

/**
 * Refuses (INVALID_OPTION, so the CLI exits 2) a plan in which an output is an input — the same path,
 * a symbolic link to it or a hard link to it — and (OUTPUT_NOT_WRITABLE) an output path that is a
 * directory or not a regular file, or whose directory is missing or read-only. Then removes the
 * stale temp files of those outputs. Inputs that do not exist are left to the reader to report.
 *
 * @example
 * await guardOutputs({ inputs: [{ path: 'photo.jpg', role: 'the CONTENT image' }], outputs: [{ path: 'photo.jpg', role: 'the output' }] });
 * // throws: Refusing to write photo.jpg (the output): it is the CONTENT image photo.jpg itself. …
 */
export async function guardOutputs(plan: OutputPlan): Promise<void> {
  const inputs = await identify(plan.inputs);
  for (const output of plan.outputs) {
    await checkWritePath(output);
    const stats = await fs.stat(output.path).catch(() => undefined);
    if (stats) await refuseIfInput(output, stats, inputs);
  }
  if (plan.snapshots && plan.snapshots.every > 0) await guardSnapshots(plan.snapshots, inputs);
  await removeStaleTemps(plan);
}

/**
 * Whether `name` is the file name of a snapshot of `plan` (`out_50.png` for `out.png`, every 50).
 *
 * @example isSnapshotName({ output: 'out.png', every: 50, iterations: 200 }, 'out_100.png') // → true
 */
export function isSnapshotName(plan: SnapshotPlan, name: string): boolean {
  const extension = extname(plan.output);
  const stem = basename(plan.output, extension);
  if (!name.startsWith(`${stem}_`) || !name.endsWith(extension)) return false;
  const digits = name.slice(stem.length + 1, name.length - extension.length);
  if (!/^[1-9]\d*$/.test(digits)) return false;
  const iteration = Number(digits);
  return iteration % plan.every === 0 && iteration <= plan.iterations;
}

interface IdentifiedInput extends GuardedFile {
  readonly stats: Stats;
}

async function identify(files: readonly GuardedFile[]): Promise<IdentifiedInput[]> {
  const identified: IdentifiedInput[] = [];
  for (const file of files) {
    const stats = await fs.stat(file.path).catch(() => undefined);
    if (!stats?.isFile()) continue;
    identified.push({ ...file, stats });
    for (const shard of await weightFilesOf(file, stats)) {
      const shardStats = await fs.stat(shard.path).catch(() => undefined);
      if (shardStats?.isFile()) identified.push({ ...shard, stats: shardStats });
    }
  }
  return identified;
}

/** A TF.js model.json's largest sensible size: its topology and manifest, never weights. */
const MAX_MODEL_JSON_BYTES = 16 * 2 ** 20;

/**
 * The weight files a TF.js layers `model.json` names (`weightsManifest[].paths`, relative to it);
 * none for any other file. Only read for `.json` inputs of sensible size; unreadable JSON names none
 * (the network's reader reports it).
 *
 * @example await weightFilesOf({ path: 'net/model.json', role: 'the --network file' }, stats) // → [{ path: 'net/group1-shard1of1', role: 'a weight file of the --network file net/model.json' }]
 */
async function weightFilesOf(file: GuardedFile, stats: Stats): Promise<GuardedFile[]> {
  if (extname(file.path).toLowerCase() !== '.json' || stats.size > MAX_MODEL_JSON_BYTES) return [];
  try {
    const manifest = (JSON.parse(await fs.readFile(file.path, 'utf8')) as { weightsManifest?: unknown }).weightsManifest;
    if (!Array.isArray(manifest)) return [];
    const paths = manifest.flatMap((group: { paths?: unknown }) => (Array.isArray(group?.paths) ? group.paths.filter((path): path is string => typeof path === 'string') : []));
    return paths.map((path) => ({ path: join(dirname(file.path), path), role: `a weight file of ${file.role} ${file.path}:` }));
  } catch {
    return [];
  }
}

async function refuseIfInput(output: GuardedOutput, stats: Stats, inputs: readonly IdentifiedInput[]): Promise<void> {
  const input = inputs.find((candidate) => candidate.stats.dev === stats.dev && candidate.stats.ino === stats.ino);
  if (!input) return;
  const how = await relation(output.path, input.path);
  throw new PainterlyError(
    'INVALID_OPTION',
    `Refusing to write ${output.path} (${output.role}): it is ${how} ${input.role} ${input.path}, which would be lost. ${output.fix ?? 'Choose another --output.'} Nothing was changed.`,
  );
}

async function relation(outputPath: string, inputPath: string): Promise<string> {
  if (resolve(outputPath) === resolve(inputPath)) return 'the same file as';
  const [realOutput, realInput] = await Promise.all([fs.realpath(outputPath).catch(() => ''), fs.realpath(inputPath).catch(() => '')]);
  return realOutput === realInput ? 'the same file (through a symbolic link) as' : 'a hard link to';
}

/** Existing snapshot names in the output's directory: none may be an input or a directory. */
async function guardSnapshots(plan: SnapshotPlan, inputs: readonly IdentifiedInput[]): Promise<void> {
  const dir = dirname(resolve(plan.output));
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((name) => isSnapshotName(plan, name));
  for (const name of names) {
    const path = join(dirname(plan.output), name);
    const stats = await fs.stat(path).catch(() => undefined);
    if (!stats) continue;
    const snapshot = { path, role: `a --save-every snapshot of ${plan.output}`, fix: 'Choose another --output, or another --save-every.' };
    if (!stats.isFile()) throw notRegularFile(snapshot, stats);
    await refuseIfInput(snapshot, stats, inputs);
  }
}

/** Up front what `writeFileAtomic(path)` needs: a writable directory, and no directory or device at `path`. */
async function checkWritePath(output: GuardedOutput): Promise<void> {
  const { path } = output;
  const stats = await fs.stat(path).catch(() => undefined);
  if (stats && !stats.isFile()) throw notRegularFile(output, stats);
  const directory = dirname(resolve(path));
  try {
    if (!(await fs.stat(directory)).isDirectory()) throw Object.assign(new Error(directory), { code: 'ENOTDIR' });
    await fs.access(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outputNotWritable(path, error);
  }
}

function notRegularFile(output: GuardedOutput, stats: Stats): Error {
  const what = stats.isDirectory() ? 'a directory' : 'not a regular file (a named pipe, device or socket)';
  return new PainterlyError('OUTPUT_NOT_WRITABLE', `Cannot write ${output.path} (${output.role}): it is ${what}. ${output.fix ?? 'Choose another --output.'}`);
}

async function removeStaleTemps(plan: OutputPlan): Promise<void> {
  const byDirectory = new Map<string, Array<(name: string) => boolean>>();
  const add = (path: string, belongs: (name: string) => boolean) => {
    const dir = dirname(resolve(path));
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), belongs]);
  };
  for (const output of plan.outputs) add(output.path, (name) => name === basename(resolve(output.path)));
  const snapshots = plan.snapshots;
  if (snapshots && snapshots.every > 0) add(snapshots.output, (name) => isSnapshotName(snapshots, name));
  for (const [dir, tests] of byDirectory) await removeStaleTempFiles(dir, (name) => tests.some((belongs) => belongs(name)));
}
