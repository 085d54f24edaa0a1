/**
 * Runs the real `painterly` command (`bin/painterly.js`, i.e. the built `dist/`) in a child process,
 * so CLI tests see exactly what a user sees: stdout, stderr and the exit code.
 * Build first: `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, SHARED } from './repo-root.js';

export { REPO_ROOT };

/** The shared real images, `../shared/images` next to the repository: `content/`, `style/`, `edge/`. */
export const SHARED_IMAGES = join(SHARED, 'images');

/** The CLI script users run. */
export const CLI_SCRIPT = join(REPO_ROOT, 'bin', 'painterly.js');

/**
 * The limit after which a CLI run counts as hung. It is a safety net, not a speed check: tiny runs take
 * seconds, but test files run two at a time on 2 cores (scripts/run-tests.mjs) and a busy machine can
 * make one run ten times slower, which must not fail the suite.
 */
export const DEFAULT_CLI_TIMEOUT_MS = 240_000;

/** Options of `runCli`. */
export interface RunCliOptions {
  /** Added to (and overriding) the parent's environment. Always set PAINTERLY_HOME to a temp dir. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory; default the repository root. */
  readonly cwd?: string;
  /** Kill the child (SIGKILL) after this long; the result then has `code: null`. Default 60 s. */
  readonly timeoutMs?: number;
}

/** What a finished CLI run printed and returned. */
export interface CliResult {
  /** Exit code, or null when killed by a signal (e.g. the timeout). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A CLI run in progress: its child process and the promise of its result. */
export interface RunningCli {
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
  /** Resolves with the first stdout line that `matches` returns true for (lines read as they arrive). */
  waitForLine(matches: (line: string) => boolean): Promise<string>;
}

/**
 * Starts `node bin/painterly.js …args` and returns the child with a result promise; for tests that
 * interact with the run while it goes (e.g. send SIGINT after the first iteration).
 *
 * @example
 * const run = startCli(['stylize', 'a.jpg', '--style', 'b.jpg', '--json'], { env: { PAINTERLY_HOME: home } });
 * await run.waitForLine((line) => line.includes('"iteration"'));
 * run.child.kill('SIGINT');
 * const { code } = await run.result;
 */
export function startCli(args: readonly string[], options: RunCliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [CLI_SCRIPT, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lineWaiters: Array<{ matches: (line: string) => boolean; resolve: (line: string) => void }> = [];
  const checkWaiters = (): void => {
    const lines = stdout.split('\n').slice(0, -1);
    for (const waiter of [...lineWaiters]) {
      const line = lines.find(waiter.matches);
      if (line !== undefined) {
        lineWaiters.splice(lineWaiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    checkWaiters();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLI_TIMEOUT_MS;
  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitForLine = (matches: (line: string) => boolean): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      lineWaiters.push({ matches, resolve });
      checkWaiters();
      result.then(
        (finished) => reject(new Error(`the CLI exited (code ${finished.code}) before printing the awaited line; stderr: ${finished.stderr}`)),
        reject,
      );
    });
  return { child, result, waitForLine };
}

/**
 * Runs `node bin/painterly.js …args` to completion from the repository root.
 *
 * @example
 * const { code, stdout, stderr } = await runCli(['--help']);
 */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** Parses `--json` output: one JSON object per non-empty stdout line (throws naming the bad line). */
export function parseJsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line is not JSON: ${line}`);
      }
    });
}
