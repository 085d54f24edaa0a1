// Sums the CPU seconds of scripts/profile/cpu-log.mjs's lines by kind of process (the test files
// themselves, `painterly stylize` per network, studio servers, job processes, …) and by test file.
// Usage: node scripts/profile/cpu-report.mjs LOG.jsonl
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((line) => JSON.parse(line));

function kindOf({ argv }) {
  if (/\.test\.ts\b/.test(argv)) return 'test file';
  if (/jobs\/worker\.(js|ts)/.test(argv)) return 'studio job process';
  const command = /painterly(?:\.js)? (\S+)/.exec(argv)?.[1];
  if (!command) return argv.split(' ')[0];
  if (command !== 'stylize') return `painterly ${command}`;
  if (argv.includes('--model')) return 'painterly stylize --model (fast)';
  const network = [...argv.matchAll(/--network (\S+)/g)].at(-1)?.[1] ?? 'vgg19 (default)';
  return `painterly stylize (${network})`;
}

function table(title, groups) {
  console.log(`\n${title}`);
  for (const [name, { cpu, count }] of [...groups].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 25)) {
    console.log(`${cpu.toFixed(1).padStart(8)} CPU s ${String(count).padStart(5)} processes  ${name}`);
  }
}

const byKind = new Map();
const byTest = new Map();
for (const row of rows) {
  for (const [groups, key] of [[byKind, kindOf(row)], [byTest, row.test || '(outside a test file)']]) {
    const group = groups.get(key) ?? { cpu: 0, count: 0 };
    group.cpu += row.cpuSeconds;
    group.count += 1;
    groups.set(key, group);
  }
}
console.log(`${rows.length} processes, ${(rows.reduce((sum, row) => sum + row.cpuSeconds, 0) / 60).toFixed(1)} CPU min`);
table('By kind of process:', byKind);
table('By test file:', byTest);
