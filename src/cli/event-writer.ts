/** Writes one JSON object per line on stdout (`--json`). */
export function writeJsonEvent(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}
