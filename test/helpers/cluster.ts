/**
 * A whole hosted deployment on loopback for the cluster tests: a real redis-server, a real PostgreSQL
 * (initdb + pg_ctl in a temporary folder), an S3-compatible server (s3rver), one API node
 * (`painterly serve --redis … --database … --storage …`) and worker nodes (`painterly worker …`), all
 * from the built `dist/` (run `npx tsc -p tsconfig.build.json` first). Every process runs in its own
 * process group, so `kill` and `dispose` take its children (job processes) with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { CLI_SCRIPT, REPO_ROOT } from './cli.js';
import { postgresBinDir } from './required-tools.js';

/** The fast presets and Darknet Tiny, read in place from the shared mirror. */
export const MODEL_MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
/** The bucket the deployment stores its objects in. */
const BUCKET = 'painterly';

/** A child process in its own process group, with its output kept. */
export interface GroupProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Sends `signal` to the whole group and waits for the leader's exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A free loopback port (bound and released: another program could take it in between, rarely). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `command` in its own process group; resolves once its output matches `ready` (or rejects after `timeoutMs`, or when it exits). */
export async function startGroup(command: string, args: readonly string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number } = {}): Promise<GroupProcess & { match: RegExpExecArray }> {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: REPO_ROOT, ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }) });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    }
    await exited;
  };
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start in ${(options.timeoutMs ?? 60_000) / 1000} s: ${output}`)), options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before it was ready: ${output}`));
    });
  }).catch(async (error: unknown) => {
    await kill('SIGKILL');
    throw error;
  });
  return { child, match, output: () => output, kill };
}

/** The shared services of a deployment. */
export interface Services {
  readonly redis: string;
  readonly database: string;
  readonly storage: string;
  /** Stops redis-server (SIGKILL: as a crash) or PostgreSQL (immediate shutdown); `start` brings it back on the same port and folder. */
  stop(service: 'redis' | 'database'): Promise<void>;
  start(service: 'redis' | 'database'): Promise<void>;
  /** Stops them all and deletes their folders. */
  dispose(): Promise<void>;
}

/**
 * Starts redis-server, PostgreSQL and s3rver on free loopback ports, each with a fresh temporary folder.
 *
 * @example
 * const services = await startServices();
 * … `--redis ${services.redis} --database ${services.database} --storage ${services.storage}`
 * await services.dispose();
 */
export async function startServices(): Promise<Services> {
  const root = await mkdtemp(join(tmpdir(), 'painterly-cluster-'));
  const cleanups: (() => Promise<void>)[] = [async () => void (await rm(root, { recursive: true, force: true }))];
  const dispose = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const redisPort = await freePort();
    const running: Partial<Record<'redis' | 'database', GroupProcess>> = {};
    const starters: Record<'redis' | 'database', () => Promise<GroupProcess>> = {
      redis: () => startGroup('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', root], /Ready to accept connections/),
      database: () => Promise.reject(new Error('PostgreSQL is not set up yet')),
    };
    const stoppers = { redis: 'SIGKILL', database: 'SIGQUIT' } as const;
    running.redis = await starters.redis();
    cleanups.push(async () => {
      for (const name of ['redis', 'database'] as const) await running[name]?.kill(stoppers[name]);
    });

    const bin = postgresBinDir();
    if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
    const pgData = join(root, 'pg');
    mkdirSync(pgData);
    // PostgreSQL refuses to run as root: as root, run it as Debian's postgres user.
    const user = process.getuid?.() === 0 ? postgresUser() : undefined;
    if (user) {
      chmodSync(root, 0o711);
      chownSync(pgData, user.uid, user.gid);
    }
    const as = user ?? {};
    const initdb = spawnSync(join(bin, 'initdb'), ['-D', pgData, '-U', 'painterly', '--auth=trust', '--no-sync', '-E', 'UTF8'], { ...as, encoding: 'utf8' });
    if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
    const pgPort = await freePort();
    starters.database = () => startGroup(join(bin, 'postgres'), ['-D', pgData, '-p', String(pgPort), '-k', pgData, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'], /ready to accept connections/, { ...as });
    running.database = await starters.database();

    const s3Port = await freePort();
    const s3Dir = join(root, 's3');
    mkdirSync(s3Dir);
    const s3 = new S3rver({ port: s3Port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
    await s3.run();
    cleanups.push(async () => void (await s3.close()));
    return {
      redis: `redis://127.0.0.1:${redisPort}`,
      database: `postgres://painterly@127.0.0.1:${pgPort}/postgres`,
      storage: `http://S3RVER:S3RVER@127.0.0.1:${s3Port}/${BUCKET}`,
      async stop(service) {
        await running[service]?.kill(stoppers[service]);
        running[service] = undefined;
      },
      async start(service) {
        running[service] ??= await starters[service]();
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, the tests run PostgreSQL as the postgres user, which does not exist (apt-get install postgresql creates it)');
  return { uid, gid: id('-g') };
}

/** The connection flags of every node. */
export function connectionArgs(services: Services): string[] {
  return ['--redis', services.redis, '--database', services.database, '--storage', services.storage];
}

/** The environment of a node: its own cache, the shared model mirror, and no colours. */
export async function nodeEnv(): Promise<{ env: NodeJS.ProcessEnv; home: string }> {
  const home = await mkdtemp(join(tmpdir(), 'painterly-node-home-'));
  return { home, env: { ...process.env, PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: MODEL_MIRROR, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } };
}

/** Starts an API node; resolves with its URL once it listens. */
export async function startApiNode(services: Services, extraArgs: readonly string[] = []): Promise<GroupProcess & { url: string; home: string }> {
  const { env, home } = await nodeEnv();
  const node = await startGroup(process.execPath, [CLI_SCRIPT, 'serve', '--port', '0', '--weights', 'random', ...connectionArgs(services), ...extraArgs], /Painterly API node: (http:\/\/\S+)/, { env });
  return { ...node, url: node.match[1], home };
}

/** Starts a worker node; resolves with its name (`host:pid`) once it takes jobs. */
export async function startWorker(services: Services, extraArgs: readonly string[] = []): Promise<GroupProcess & { name: string; home: string }> {
  const { env, home } = await nodeEnv();
  const node = await startGroup(process.execPath, [CLI_SCRIPT, 'worker', '--threads', '1', ...connectionArgs(services), ...extraArgs], /Painterly worker (\S+) is taking jobs/, { env });
  return { ...node, name: node.match[1], home };
}
