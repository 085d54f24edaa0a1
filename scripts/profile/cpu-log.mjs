// Appends one JSON line per Node process to $PAINTERLY_CPU_LOG when it exits: its arguments, CPU seconds
// (user + system, this process only; systemSeconds: the kernel's share), wall seconds and the test file that started it ($PAINTERLY_TEST_FILE,
// set by scripts/run-tests.mjs). Every Node process of a test run loads it through NODE_OPTIONS, so the
// CLI runs, studio servers and job processes a test starts are counted too (docs/testing.md):
//   PAINTERLY_CPU_LOG=/tmp/cpu.jsonl NODE_OPTIONS=--import=$PWD/scripts/profile/cpu-log.mjs npm test
//   node scripts/profile/cpu-report.mjs /tmp/cpu.jsonl
// A process killed by a signal writes nothing (no exit handler runs).
import { appendFileSync } from 'node:fs';

const logPath = process.env.PAINTERLY_CPU_LOG;
const startedMs = Date.now();
if (logPath) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    const line = { argv: process.argv.slice(1).join(' ').slice(0, 400), cpuSeconds: (user + system) / 1e6, systemSeconds: system / 1e6, wallSeconds: (Date.now() - startedMs) / 1000, test: process.env.PAINTERLY_TEST_FILE ?? '' };
    try {
      appendFileSync(logPath, `${JSON.stringify(line)}\n`);
    } catch {
      // a full disk or a removed folder must not change how the process exits
    }
  });
}
