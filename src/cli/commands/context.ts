/** What every command gets from the entry point. */
export interface CommandContext {
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
  readonly signal: AbortSignal;
}
