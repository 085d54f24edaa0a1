/**
 * A job's one-line notices (e.g. that `--device auto` fell back to the CPU) go to the worker's
 * stderr, which is the server's (worker-host.ts inherits it): the log of `painterly serve`.
 *
 * @example stylizeValidated(options, { onNotice: writeWorkerNotice })
 */
export function writeWorkerNotice(message: string): void {
  process.stderr.write(`Note: ${message}\n`);
}
