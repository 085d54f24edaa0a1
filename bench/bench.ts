/**
 * `npm run bench`: every speed target, measured as ratios to a reference in the same run.
 * Prints a table and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { benchFast } from './fast-cli-bench.js';
import { benchDarknet, benchGatys, PYTHON, type GatysBenchRow } from './gatys-bench.js';
import { describeTorchHealth, readTorchHealth } from './torch-health.js';
import { benchWebGpu } from './webgpu-bench.js';

const GATYS_TARGET_RATIO = 0.2;

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} threads`;
console.log(`Painterly benchmarks on ${machine}\n`);
const torchHealth = readTorchHealth(PYTHON, availableParallelism());
console.log(`${describeTorchHealth(torchHealth).join('\n')}\n`);
function printGatysRows(title: string, rows: readonly GatysBenchRow[], directNote = true): void {
  console.log(title);
  console.log('  size    Painterly (ORT)   PyTorch (CPU)   ratio   target          (Painterly, direct convolutions)');
  for (const row of rows) {
    const torch = row.torchSecondsPerIteration === null ? '  not installed' : `${row.torchSecondsPerIteration.toFixed(3)} s`.padStart(15);
    const ratio = row.ratio === null ? '   -  ' : `${row.ratio.toFixed(2)}×`.padStart(6);
    const verdict = row.ratio === null ? '' : row.ratio <= GATYS_TARGET_RATIO ? 'met' : `missed (≤ ${GATYS_TARGET_RATIO}×)`;
    const direct = !directNote ? `(${row.directSecondsPerIteration.toFixed(3)} s: auto is direct here, the spread is run-to-run noise)` : `(${row.directSecondsPerIteration.toFixed(3)} s, Winograd saves ${(100 * (1 - row.painterlySecondsPerIteration / row.directSecondsPerIteration)).toFixed(0)}%)`;
    console.log(`  ${String(row.sizePx).padStart(4)} px  ${`${row.painterlySecondsPerIteration.toFixed(3)} s`.padStart(15)}  ${torch}  ${ratio}   ${verdict.padEnd(14)}  ${direct}`);
  }
}
const gatys = await benchGatys();
printGatysRows('Quality engine (Gatys), VGG19: seconds per iteration, forward + costs + backward + Adam step', gatys);
const darknet = await benchDarknet();
printGatysRows('\nQuality engine (Gatys), Darknet Tiny (real weights, default layers): seconds per iteration', darknet, false);
console.log('\nFast presets (udnie, 512 px, warm model cache)');
const fast = benchFast();
console.log(`  network alone   ${fast.networkMedianMs.toFixed(0).padStart(6)} ms   target ≤ 1000 ms: ${fast.networkMedianMs <= 1000 ? 'met' : 'missed'}`);
console.log(`  whole CLI run   ${fast.cliMedianMs.toFixed(0).padStart(6)} ms   target ≤ 2000 ms: ${fast.cliMedianMs <= 2000 ? 'met' : 'missed'}`);
console.log(`  ${fast.large.width}×${fast.large.height} tiled  ${fast.large.seconds.toFixed(1).padStart(6)} s    peak RSS ${fast.large.peakRssMb.toFixed(0)} MB (bounded by --tile-size, not by the image)`);
const webgpu = await benchWebGpu();
if (!webgpu) console.log('\nWebGPU: no GPU asked for (PAINTERLY_GPU=1) and no SwiftShader (apt-get install chromium): no rows.');
else {
  console.log(webgpu.device === 'gpu' ? '\nWebGPU provider on this machine\'s GPU (PAINTERLY_GPU=1)' : '\nWebGPU provider on SwiftShader (software Vulkan): correctness-only timings, a CPU emulating a GPU — not GPU times');
  for (const row of webgpu.rows) console.log(`  ${row.what.padEnd(30)} ${String(row.sizePx).padStart(4)} px  ${row.medianMs.toFixed(0).padStart(7)} ms per run   (whole row with shader compilation: ${(row.wallMs / 1000).toFixed(1)} s)`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify({ machine, date: new Date().toISOString(), torchHealth, gatys, darknet, fast, webgpu }, null, 2)}\n`);
console.log('\nWrote bench/results/latest.json');
