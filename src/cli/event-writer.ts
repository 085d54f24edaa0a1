let stdoutClosed = false;

/** Writes one JSON object per line on stdout (`--json`); nothing once the reader has gone (see `watchStdout`). */
export function writeJsonEvent(event: Record<string, unknown>): void {
  if (!stdoutClosed) process.stdout.write(`${JSON.stringify(event)}\n`);
}

/**
 * When the reader of stdout goes away (`painterly … --json | head -3`), stop writing to it and
 * call `onClosed` (the CLI cancels the run) instead of crashing on EPIPE.
 */
export function watchStdout(onClosed: () => void): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
    onClosed();
  });
}

/** Whether stdout's reader has gone. */
export function isStdoutClosed(): boolean {
  return stdoutClosed;
}

/**
 * The `onNotice` hook of a command: one line on stderr (also with --json, whose stdout stays
 * events only); nothing with --quiet.
 *
 * @example stylizeValidated(options, { onNotice: noticeWriter(quiet) }) // "Note: device auto: running on the CPU (…)."
 */
export function noticeWriter(quiet: unknown): (message: string) => void {
  return (message) => {
    if (!quiet) process.stderr.write(`Note: ${message}\n`);
  };
}
