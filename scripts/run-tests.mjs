#!/usr/bin/env node
// Runs every test file under test/ with Node's built-in test runner, each file in its own process, with
// about `--jobs` cores busy (files that mostly wait run beside others; the load may go three quarters of a
// core past `jobs`), then prints the failures' output, a summary and the slowest ten files with their times
// (docs/testing.md explains how the suite is kept fast). The TypeScript of src/, test/, scripts/ and bench/ is first
// transpiled with esbuild into .test-build/ (under a second), and each file runs from there as plain
// JavaScript: through tsx's loader every file paid 0.4–3 CPU s more (docs/testing.md).
//
// Usage: npm test [-- name-filter …] [--jobs N] [--verbose]   (a file runs when its path contains any filter)
//   npm test -- cli          only test files whose path contains "cli"
//   npm test -- --jobs 1     one file at a time (default: PAINTERLY_TEST_JOBS, else 2 cores busy on 2+ cores)
//   npm test -- --verbose    print every file's output, not only the failures'
// One file by itself, from its TypeScript: node --import tsx --test test/FILE.test.ts
import { readdirSync, statSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const { filters, jobs, verbose } = parseArguments(process.argv.slice(2));

function parseArguments(args) {
  const filters = [];
  let jobs = Number(process.env.PAINTERLY_TEST_JOBS) || Math.min(2, availableParallelism());
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--verbose') verbose = true;
    else if (args[i] === '--jobs') jobs = Number(args[++i]);
    else filters.push(args[i]);
  }
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`Expected a whole number of at least 1 for --jobs but received ${JSON.stringify(String(jobs))}.`);
    process.exit(2);
  }
  return { filters, jobs, verbose };
}

function collect(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path, suffix);
    return name.endsWith(suffix) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Where the transpiled src/ and test/ go: one folder down, as dist/ (paths the code finds upwards still resolve). */
const BUILD_DIR = join(root, '.test-build');

/**
 * src/, test/, scripts/ and bench/ (which tests import) as JavaScript in BUILD_DIR (test/x.test.ts → .test-build/test/x.test.js), with source maps
 * so a failure's stack names the TypeScript lines. Types were checked before (`npm run typecheck`); esbuild
 * reads tsconfig.json as tsx does, so the code runs as it does under tsx.
 */
async function transpile() {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const entryPoints = ['src', 'test', 'scripts', 'bench'].flatMap((dir) => collect(join(root, dir), '.ts'));
  await build({ entryPoints, outdir: BUILD_DIR, outbase: root, format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'error' });
}

/**
 * Longest first (wall seconds from test/durations.json, which `PAINTERLY_TEST_DURATIONS=test/durations.json npm test`
 * rewrites; CPU seconds where a table has no wall times), so a slow file never ends the run alone: a file that mostly
 * waits (a worker killed and recovered, a server restarted) is long in wall time however little CPU it takes.
 */
const durations = readDurations();

function readDurations() {
  try {
    const table = JSON.parse(readFileSync(join(root, 'test', 'durations.json'), 'utf8'));
    return { wall: table.wallSeconds ?? table.seconds ?? {}, cpu: table.seconds ?? {} };
  } catch {
    return { wall: {}, cpu: {} }; // no table: sorted by name, one core each
  }
}

function longestFirst(files) {
  return [...files].sort((a, b) => (durations.wall[b] ?? 0) - (durations.wall[a] ?? 0) || a.localeCompare(b));
}

/**
 * The cores a file keeps busy on average (its CPU seconds over its wall seconds in test/durations.json,
 * between 0.25 and 2): a file that waits on a restarted server or a killed worker uses half a core, one
 * that runs ONNX Runtime on two threads more than one.
 */
function coresOf(file) {
  const wall = durations.wall[file];
  const cpu = durations.cpu[file];
  if (!wall || cpu === undefined) return 1;
  return Math.min(2, Math.max(0.25, cpu / wall));
}

const files = longestFirst(
  collect(join(root, 'test'), '.test.ts')
    .map((file) => relative(root, file))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter))),
);
if (files.length === 0) {
  console.error(`No test files match ${filters.map((filter) => JSON.stringify(filter)).join(' or ')}.`);
  process.exit(1);
}

// The shell's `times` reports the CPU seconds of the file's process and everything it waited for (CLI
// subprocesses, workers, Chromium): unlike wall time, that does not grow when the machine is busy.
const TIMED = 'node "$@"; status=$?; times >&3; exit $status';

function cpuSeconds(times) {
  const children = times.trim().split('\n').at(-1) ?? '';
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, min, sec]) => sum + Number(min) * 60 + Number(sec), 0);
}

function runFile(file) {
  return new Promise((resolve) => {
    const startedMs = Date.now();
    const script = join(BUILD_DIR, file.replace(/\.ts$/, '.js'));
    const child = spawn('/bin/sh', ['-c', TIMED, 'sh', '--enable-source-maps', '--test-reporter=spec', script], {
      cwd: root,
      env: { ...process.env, PAINTERLY_TEST_FILE: file, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const chunks = [];
    let times = '';
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.stdio[3].on('data', (chunk) => (times += chunk));
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      const count = (name) => Number(output.match(new RegExp(`^ℹ ${name} (\\d+)`, 'm'))?.[1] ?? 0);
      resolve({
        file,
        ok: code === 0,
        exit: signal ?? code,
        seconds: (Date.now() - startedMs) / 1000,
        cpuSeconds: cpuSeconds(times),
        pass: count('pass'),
        fail: count('fail'),
        skipped: count('skipped'),
        output,
      });
    });
  });
}

const startedMs = Date.now();
const results = [];

function report(result) {
  results.push(result);
  const mark = result.ok ? '✔' : '✖';
  const counts = `${result.pass} passed${result.fail ? `, ${result.fail} failed` : ''}${result.skipped ? `, ${result.skipped} skipped` : ''}`;
  console.log(`${mark} ${result.file}  ${result.seconds.toFixed(1)} s, ${result.cpuSeconds.toFixed(0)} CPU s  (${counts}${result.ok ? '' : `; exit ${result.exit}`})`);
  if (verbose || !result.ok) console.log(result.output.replace(/^/gm, '    '));
}

/** How far past `jobs` cores the files' estimated load may go (PAINTERLY_TEST_SLACK overrides, for measuring). */
const SLACK_CORES = Number(process.env.PAINTERLY_TEST_SLACK ?? 0.75);

/**
 * Runs the files with about `jobs` cores busy: a file starts when the cores the running ones use
 * (coresOf) leave room for it, so files that mostly wait run beside others (up to twice `jobs` files
 * at once; `--jobs 1` runs one file at a time) instead of leaving a core idle; the longest file that fits goes first.
 */
async function runAll() {
  const waiting = [...files];
  const running = new Map();
  let load = 0;
  while (waiting.length > 0 || running.size > 0) {
    while (waiting.length > 0 && running.size < (jobs === 1 ? 1 : 2 * jobs)) {
      const index = running.size === 0 ? 0 : waiting.findIndex((file) => load + coresOf(file) <= jobs + SLACK_CORES);
      if (index < 0) break;
      const [file] = waiting.splice(index, 1);
      const cores = coresOf(file);
      load += cores;
      running.set(file, runFile(file).then((result) => ({ result, cores })));
    }
    const { result, cores } = await Promise.race(running.values());
    running.delete(result.file);
    load -= cores;
    report(result);
  }
}
await transpile();
console.log(`Running ${files.length} test files with about ${jobs} cores busy.`);
await runAll();

const wallSeconds = (Date.now() - startedMs) / 1000;
const failed = results.filter((result) => !result.ok);
const total = (key) => results.reduce((sum, result) => sum + result[key], 0);
console.log('\nSlowest ten files:');
for (const result of [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 10)) {
  console.log(`  ${result.seconds.toFixed(1).padStart(6)} s  ${result.cpuSeconds.toFixed(0).padStart(5)} CPU s  ${result.file}`);
}
console.log(
  `\n${results.length} files, ${total('pass')} tests passed, ${total('fail')} failed, ${total('skipped')} skipped, ` +
    `in ${(wallSeconds / 60).toFixed(1)} min wall time (about ${jobs} cores busy), ${(total('cpuSeconds') / 60).toFixed(1)} CPU min.`,
);
if (process.env.PAINTERLY_TEST_DURATIONS) {
  const byName = [...results].sort((a, b) => a.file.localeCompare(b.file));
  const seconds = Object.fromEntries(byName.map((r) => [r.file, Math.round(r.cpuSeconds)]));
  const wallSeconds = Object.fromEntries(byName.map((r) => [r.file, Math.round(r.seconds)]));
  writeFileSync(process.env.PAINTERLY_TEST_DURATIONS, `${JSON.stringify({ measured: new Date().toISOString(), jobs, seconds, wallSeconds }, null, 2)}\n`);
}
if (failed.length > 0) {
  console.log(`Failed: ${failed.map((result) => result.file).join(', ')}`);
  process.exit(1);
}
