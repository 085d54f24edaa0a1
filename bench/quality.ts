/**
 * `npm run bench:quality`: time to a result and memory of the quality engine on real images
 * (../shared/images: the Golden Gate photo, The Starry Night). Each run is its own process.
 *   (a) the multi-scale default and (b) a single-scale 500-iteration run at 512 px: wall time and the
 *       final J, both evaluated the same way (single scale at 512 px);
 *   peak RSS and wall time of the default at 1024 and 2048 px.
 * Prints a table and writes bench/results/quality.json. `--sizes 512,1024` limits the big runs;
 * `--weights PATH|vgg19` uses real weights where they are available (random by default here).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const TARGETS = {
  seconds512: 120,
  seconds1024: 480,
  rssMb1024: 4096,
  rssMb2048: 6144,
};

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '512,1024,2048' }, weights: { type: 'string', default: 'random' } } });
const sizes = values.sizes!.split(',').map(Number);
const shared = resolve(import.meta.dirname, '../../shared/images');
const base = {
  content: `${shared}/content/golden_gate_bridge_fog.jpg`,
  styles: [`${shared}/style/van_gogh_starry_night.jpg`],
  weights: values.weights,
};

interface RunResult {
  seconds: number;
  peakRssMb: number;
  finalLoss: number | null;
  width: number;
  height: number;
}

function run(label: string, options: Record<string, unknown>): RunResult {
  process.stdout.write(`  running ${label} …`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'quality-run.ts'), JSON.stringify({ ...base, ...options })], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`${label} failed:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as RunResult;
  process.stdout.write(` ${result.seconds.toFixed(1)} s\n`);
  return result;
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} threads`;
console.log(`Painterly quality benchmark on ${machine}, weights ${values.weights}\n`);
const rows: Array<{ label: string; size: number; scales: string; iterations: number } & RunResult> = [];
const record = (label: string, size: number, scales: string, iterations: number, evaluate: boolean) =>
  rows.push({ label, size, scales, iterations, ...run(label, { size, scales, iterations, evaluate }) });
if (sizes.includes(512)) {
  record('512 px, multi-scale (default)', 512, 'auto', 500, true);
  record('512 px, single scale, 500 iterations', 512, 'single', 500, true);
}
for (const size of sizes.filter((s) => s > 512)) record(`${size} px, multi-scale (default)`, size, 'auto', 500, false);

console.log('\n  run                                      output      wall time   final J at 512 px   peak RSS');
for (const row of rows) {
  const loss = row.finalLoss === null ? '-' : row.finalLoss.toExponential(4);
  console.log(`  ${row.label.padEnd(40)} ${`${row.width}×${row.height}`.padEnd(10)} ${`${row.seconds.toFixed(1)} s`.padStart(9)}   ${loss.padStart(17)}   ${`${row.peakRssMb.toFixed(0)} MB`.padStart(8)}`);
}
const multi512 = rows.find((row) => row.size === 512 && row.scales === 'auto');
const single512 = rows.find((row) => row.size === 512 && row.scales === 'single');
const at = (size: number) => rows.find((row) => row.size === size && row.scales === 'auto');
const verdicts: string[] = [];
const verdict = (text: string, met: boolean) => verdicts.push(`  ${met ? 'met   ' : 'MISSED'}  ${text}`);
if (multi512 && single512) {
  verdict(`512 px in ≤ ${TARGETS.seconds512} s: ${multi512.seconds.toFixed(1)} s`, multi512.seconds <= TARGETS.seconds512);
  verdict(
    `512 px final J no worse than single scale: ${multi512.finalLoss!.toExponential(4)} vs ${single512.finalLoss!.toExponential(4)} (${((multi512.finalLoss! / single512.finalLoss!) * 100).toFixed(1)}%)`,
    multi512.finalLoss! <= single512.finalLoss!,
  );
}
const r1024 = at(1024);
if (r1024) {
  verdict(`1024 px in ≤ ${TARGETS.seconds1024} s: ${r1024.seconds.toFixed(1)} s`, r1024.seconds <= TARGETS.seconds1024);
  verdict(`1024 px peak RSS ≤ ${TARGETS.rssMb1024} MB: ${r1024.peakRssMb.toFixed(0)} MB`, r1024.peakRssMb <= TARGETS.rssMb1024);
}
const r2048 = at(2048);
if (r2048) verdict(`2048 px completes with peak RSS ≤ ${TARGETS.rssMb2048} MB: ${r2048.peakRssMb.toFixed(0)} MB in ${r2048.seconds.toFixed(0)} s`, r2048.peakRssMb <= TARGETS.rssMb2048);
console.log(`\nTargets\n${verdicts.join('\n')}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/quality.json', `${JSON.stringify({ machine, date: new Date().toISOString(), weights: values.weights, rows }, null, 2)}\n`);
console.log('\nWrote bench/results/quality.json');
