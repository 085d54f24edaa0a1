/**
 * The programs some suites need beyond npm (Debian's Chromium for the studio's browser tests, ffmpeg
 * with ffprobe for the video tests) and what happens without them: on a developer's machine their
 * suites are skipped with a message; under CI (`CI=true`, which `.ci/run` sets) a missing program
 * fails the run, so a green CI always ran them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Debian's Chromium, driven by playwright-core (no browser download). */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether ffmpeg and ffprobe are on the PATH (the video tests need them; .ci/run installs them). */
export const HAS_FFMPEG = ['ffmpeg', 'ffprobe'].every((program) => spawnSync(program, ['-version'], { stdio: 'ignore' }).status === 0);

/** Whether this run is CI's: `CI=true` (or `1`), as CI services and `.ci/run` set it. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/**
 * The `skip` value of a suite that needs `program`: false when it is there; its reason when not;
 * under CI a missing program throws instead (the test file fails, naming what to install).
 *
 * @example
 * describe('studio in Chromium', { skip: skipUnlessInstalled(existsSync(CHROMIUM), 'chromium', 'browser tests') }, () => { … });
 * // no Chromium, CI unset → 'chromium is missing (apt-get install chromium, as .ci/run does): browser tests skipped'
 * // no Chromium, CI=true  → throws Error('CI=true and chromium is missing: …')
 */
export function skipUnlessInstalled(installed: boolean, program: string, what: string, env: NodeJS.ProcessEnv = process.env): string | false {
  if (installed) return false;
  const install = `apt-get install ${program}, as .ci/run does`;
  if (isCi(env)) throw new Error(`CI=true and ${program} is missing: the ${what} must run in CI, not be skipped (${install}).`);
  return `${program} is missing (${install}): ${what} skipped`;
}

/** The `skip` value of the browser suites (see `skipUnlessInstalled`). */
export const chromiumSkip = (): string | false => skipUnlessInstalled(existsSync(CHROMIUM), 'chromium', 'browser tests');

/** The `skip` value of the video suites (see `skipUnlessInstalled`). */
export const ffmpegSkip = (): string | false => skipUnlessInstalled(HAS_FFMPEG, 'ffmpeg', 'video tests');

/** The newest Debian PostgreSQL server's programs (initdb, pg_ctl), or undefined when none is installed. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(`${root}/${name}/bin/pg_ctl`)).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? `${root}/${versions[0]}/bin` : undefined;
}

/** Whether Debian's redis-server is on the PATH (the cluster tests need it; .ci/run installs it). */
export const HAS_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** The `skip` value of the hosted-deployment suites, which need redis-server and PostgreSQL (see `skipUnlessInstalled`). */
export const clusterSkip = (): string | false =>
  skipUnlessInstalled(HAS_REDIS, 'redis-server', 'cluster tests') || skipUnlessInstalled(postgresBinDir() !== undefined, 'postgresql', 'cluster tests');
