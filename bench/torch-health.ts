/**
 * The PyTorch reference's health, printed by `npm run bench` before any ratio: its thread count,
 * its build's CPU capability and BLAS, the BLAS library it really loads and that library's speed.
 * A ratio against a reference on netlib's reference BLAS (Debian's `libblas3`, what `BLAS_INFO=generic`
 * links when no OpenBLAS is installed) or on an OpenBLAS told to use an older core's kernels
 * (`OPENBLAS_CORETYPE`) says little about Painterly; see
 * docs/benchmarks.md "A healthy reference".
 */
import { execFileSync } from 'node:child_process';

/** Variables some machines here set for old OpenBLAS builds; the reference runs without them. */
export const UNSET_FOR_REFERENCE = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;

/** Optimised BLAS libraries (a `blasLibrary` path matching none is netlib's reference BLAS or unknown). */
export const OPTIMISED_BLAS = /openblas|mkl|blis|nvpl|armpl|accelerate/i;

/** What `bench/torch_health.py` reports. */
export interface TorchHealth {
  readonly torchVersion: string;
  readonly threads: number;
  readonly cpuCapability: string;
  readonly blas: string;
  readonly blasLibrary: readonly string[];
  readonly mkldnn: boolean;
  readonly openblasEnv: Readonly<Record<string, string>>;
  readonly matmulGflops: number;
}

/**
 * The environment of every reference command: this process's, less `UNSET_FOR_REFERENCE`.
 *
 * @example execFileSync(PYTHON, args, { env: referenceEnv() })
 */
export function referenceEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of UNSET_FOR_REFERENCE) delete copy[name];
  return copy;
}

/** The reference's health at `threads`, or null without torch. */
export function readTorchHealth(python: string, threads: number): TorchHealth | null {
  try {
    return JSON.parse(execFileSync(python, ['bench/torch_health.py', String(threads)], { encoding: 'utf8', env: referenceEnv(), stdio: ['ignore', 'pipe', 'ignore'] }).trim()) as TorchHealth;
  } catch {
    return null;
  }
}

/** The lines `npm run bench` prints about the reference. */
export function describeTorchHealth(health: TorchHealth | null, env: NodeJS.ProcessEnv = process.env): string[] {
  const unset = UNSET_FOR_REFERENCE.map((name) => `${name}=${env[name] === undefined ? '(not set here)' : `${env[name]} (unset for it)`}`).join(', ');
  if (!health) return ['PyTorch reference: not installed (/usr/bin/python3 without torch): no ratios.'];
  const healthy = health.blasLibrary.some((path) => OPTIMISED_BLAS.test(path));
  return [
    `PyTorch reference: torch ${health.torchVersion}, ${health.threads} threads, CPU capability ${health.cpuCapability}, BLAS_INFO=${health.blas}, oneDNN ${health.mkldnn ? 'on' : 'off'}`,
    `  BLAS library loaded: ${health.blasLibrary.join(', ') || 'none found in /proc/self/maps'}; 1024² matmul ${health.matmulGflops} GFLOP/s`,
    `  environment: ${unset}`,
    healthy
      ? '  healthy: an optimised BLAS (ORT and oneDNN do not use it; PyTorch\'s Gram matrices do).'
      : '  NOT HEALTHY: netlib\'s reference BLAS (or none found), 5–10× slower than OpenBLAS at the Gram matrices, which then dominate its time: the ratios below flatter Painterly. Give it an optimised BLAS (apt-get install libopenblas0-pthread) and rerun.',
  ];
}
