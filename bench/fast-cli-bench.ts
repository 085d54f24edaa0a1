/**
 * Fast presets, as a user meets them: the network alone at 512 px (bench/fast-bench.ts) and the whole
 * `painterly stylize --model udnie --size 512` process with a warm model cache (median of 3 runs).
 * Targets: ≤ 1 s for the network, ≤ 2 s for the process. Also a 4000×3000 image through the tiled path
 * (time and peak RSS of its own process: memory stays bounded by the tile budget).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface FastBenchResult {
  networkMedianMs: number;
  cliMedianMs: number;
  /** A 4000×3000 image through the tiled path, in its own process. */
  large: { seconds: number; peakRssMb: number; width: number; height: number };
}

const repoRoot = resolve(import.meta.dirname, '..');
const sharedModels = resolve(repoRoot, '..', 'shared', 'models');
const content = resolve(repoRoot, '..', 'shared', 'images', 'content', 'golden_gate_bridge_fog.jpg');

/** Runs both measurements. */
export function benchFast(): FastBenchResult {
  const network = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/fast-bench.ts', '--size', '512'], { cwd: repoRoot, encoding: 'utf8' }),
  ) as { medianMs: number };
  const home = mkdtempSync(join(tmpdir(), 'painterly-bench-'));
  const env = { ...process.env, PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: sharedModels };
  const output = join(home, 'out.jpg');
  const run = () => {
    const started = performance.now();
    execFileSync(process.execPath, ['bin/painterly.js', 'stylize', content, '--model', 'udnie', '--size', '512', '-o', output, '-q'], { cwd: repoRoot, env });
    return performance.now() - started;
  };
  try {
    run(); // fills the cache from the mirror
    const times = [run(), run(), run()].sort((a, b) => a - b);
    const large = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/fast-large-run.ts'], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').at(-1)!,
    ) as FastBenchResult['large'];
    return { networkMedianMs: network.medianMs, cliMedianMs: times[1], large };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
