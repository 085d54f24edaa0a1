/**
 * Memory that jobs free should go back to the system. Each job's worker process allocates and frees
 * hundreds of MB in native buffers (ONNX models and tensors, image buffers). glibc's malloc raises its
 * mmap threshold after the first large free, after which such buffers come from per-thread arenas
 * that keep the pages: measured, the server's RSS climbs from ~150 MB to ~1 GB over a few dozen
 * 32 px quality jobs, and stays there. With a fixed threshold (`MALLOC_MMAP_THRESHOLD_=131072`, the
 * default value, no longer dynamic) large buffers are always mmapped and unmapped on free, and RSS
 * stays flat. The variable is read at process start, so on Linux `painterly serve` relaunches itself
 * once with it set (opt out: `PAINTERLY_NO_RELAUNCH=1`, or set the variable yourself). The launcher
 * and the relaunched process live and die together: SIGINT and SIGTERM to the launcher are passed on,
 * the launcher exits with the child's code, and the child stops when the launcher is gone (even
 * killed with SIGKILL: the IPC channel between them closes).
 */
import { spawn } from 'node:child_process';

/** glibc's variable, and the value: 128 KiB, glibc's default start value, kept fixed. */
export const MMAP_THRESHOLD_ENV = 'MALLOC_MMAP_THRESHOLD_';
export const MMAP_THRESHOLD_BYTES = 131_072;
/** Set in the relaunched process so it does not relaunch again. */
export const RELAUNCHED_ENV = 'PAINTERLY_SERVE_RELAUNCHED';
/** Signals that arrive this soon after the first one are taken as copies of it (see `guardRepeatedSignals`). */
export const REPEATED_SIGNAL_MS = 1500;

/**
 * Whether `painterly serve` should relaunch itself with the fixed threshold.
 *
 * @example
 * shouldRelaunch({}, 'linux') // → true
 */
export function shouldRelaunch(env: Readonly<Record<string, string | undefined>> = process.env, platform: string = process.platform): boolean {
  if (platform !== 'linux') return false;
  if (env[MMAP_THRESHOLD_ENV] !== undefined || (env.GLIBC_TUNABLES ?? '').includes('mmap_threshold')) return false;
  return env[RELAUNCHED_ENV] === undefined && env.PAINTERLY_NO_RELAUNCH === undefined;
}

/**
 * Runs this same command again (same Node flags and arguments) with the fixed threshold, sharing
 * stdin/stdout/stderr and an IPC channel (see `watchLauncher`). SIGINT and SIGTERM are passed on as
 * they come; `signal` (the CLI's cancel) as SIGINT if no signal was. Resolves with the child's exit code.
 *
 * @example
 * if (shouldRelaunch()) return relaunchWithFixedMmapThreshold(context.signal);
 */
export function relaunchWithFixedMmapThreshold(signal: AbortSignal): Promise<number> {
  const env = { ...process.env, [MMAP_THRESHOLD_ENV]: String(MMAP_THRESHOLD_BYTES), [RELAUNCHED_ENV]: '1' };
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
  let forwarded = false;
  const pass = (name: NodeJS.Signals): void => {
    forwarded = true;
    if (child.exitCode === null) child.kill(name);
  };
  const onSigint = (): void => pass('SIGINT');
  const onSigterm = (): void => pass('SIGTERM');
  const onAbort = (): void => void (forwarded || pass('SIGINT'));
  // Listening also keeps a second Ctrl-C from killing this process before the child is done.
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  signal.addEventListener('abort', onAbort, { once: true });
  return new Promise((resolve) => {
    child.on('exit', (code, childSignal) => {
      signal.removeEventListener('abort', onAbort);
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      resolve(code ?? (childSignal ? 130 : 1));
    });
  });
}

/**
 * In the relaunched process: when the launcher's IPC channel closes (the launcher exited or was
 * killed), stop as after Ctrl-C (SIGTERM to this process). The channel never keeps this process alive.
 * Returns the function that stops watching.
 *
 * @example
 * const unwatch = process.env[RELAUNCHED_ENV] ? watchLauncher() : () => undefined;
 */
export function watchLauncher(): () => void {
  if (!process.connected) return () => undefined;
  const stop = (): void => void process.kill(process.pid, 'SIGTERM');
  process.once('disconnect', stop);
  process.channel?.unref();
  return () => {
    process.off('disconnect', stop);
    if (process.connected) process.disconnect?.();
  };
}

/**
 * In the relaunched process, a terminal's Ctrl-C arrives twice (from the terminal and forwarded by
 * the parent): ignore copies that arrive within `REPEATED_SIGNAL_MS` of the first; a later one
 * (pressing Ctrl-C again) stops at once. Returns the function that removes the guard.
 */
export function guardRepeatedSignals(): () => void {
  let firstAtMs: number | undefined;
  const guard = (): void => {
    const now = Date.now();
    firstAtMs ??= now;
    if (now - firstAtMs > REPEATED_SIGNAL_MS) process.exit(130);
  };
  process.on('SIGINT', guard);
  process.on('SIGTERM', guard);
  return () => {
    process.off('SIGINT', guard);
    process.off('SIGTERM', guard);
  };
}
