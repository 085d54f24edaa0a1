/**
 * Starts the real studio server for tests — `node bin/painterly.js serve --port 0 …`, i.e. the built
 * `dist/` (run `npm run build` first) — in a child process with a fresh data folder and cache, the
 * sample paintings from `../shared/images/style` (read in place) and the fast presets from the
 * `../shared/models` mirror, so everything works offline. Also small HTTP helpers for the API.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_SCRIPT, REPO_ROOT, SHARED_IMAGES } from '../helpers/cli.js';
import { MMAP_THRESHOLD_BYTES, MMAP_THRESHOLD_ENV } from '../../src/server/malloc-tuning.js';

/** Sample paintings, read in place (never copied into the repository). */
export const SAMPLES_DIR = join(SHARED_IMAGES, 'style');
/** A local mirror of the fast-style presets. */
export const MODEL_MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
/** Tiny fixtures. */
export const CONTENT_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'content-32x24.png');
export const STYLE_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'style-24x24.png');

/** A running studio server in a child process. */
export interface StudioProcess {
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Ctrl-C (SIGINT) and wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** `stop()` and delete the temporary folders (unless a data folder was passed in). */
  dispose(): Promise<void>;
}

/** Options of `startStudio`. */
export interface StartStudioOptions {
  /** Extra `painterly serve` flags. */
  readonly args?: readonly string[];
  /** Reuse a data folder (to test restarts); by default a fresh temporary one. */
  readonly dataDir?: string;
  /** Run Node with --expose-gc so `/api/health?gc` can collect garbage before measuring. */
  readonly exposeGc?: boolean;
  /**
   * `serve --weights`: the network of quality jobs that ask for the default. Darknet Tiny (read from
   * the mirror, real ImageNet weights) unless a test is about VGG19: its jobs start in a fraction of a
   * second, where VGG19's untrained weights take ~6 CPU s to draw, transform and load per job.
   */
  readonly weights?: 'darknet-tiny' | 'random';
  /**
   * Let `painterly serve` relaunch itself with glibc's mmap threshold fixed, as it does for users (a
   * launcher process and the server). By default the helper sets that threshold (MALLOC_MMAP_THRESHOLD_,
   * the same value) in the environment instead, so the server runs in one process: the same allocator
   * setting without a second Node start-up per studio.
   */
  readonly relaunch?: boolean;
}

/**
 * Starts `painterly serve` and resolves once it printed its URL.
 *
 * @example
 * const studio = await startStudio({ args: ['--preview-every', '2'] });
 * const { body } = await api(studio, '/api/config');
 * await studio.dispose();
 */
export async function startStudio(options: StartStudioOptions = {}): Promise<StudioProcess> {
  const home = await mkdtemp(join(tmpdir(), 'painterly-studio-home-'));
  const dataDir = options.dataDir ?? join(home, 'data');
  const args = ['serve', '--port', '0', '--data', dataDir, '--samples', SAMPLES_DIR, '--weights', options.weights ?? 'darknet-tiny', '--threads', '1', ...(options.args ?? [])];
  const child = spawn(process.execPath, [...(options.exposeGc ? ['--expose-gc'] : []), CLI_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, [MMAP_THRESHOLD_ENV]: options.relaunch ? undefined : String(MMAP_THRESHOLD_BYTES), PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: MODEL_MIRROR, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the studio did not start in 60 s; stderr: ${stderr}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Painterly studio: (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the studio exited (code ${code}) before starting; stderr: ${stderr}`));
    });
  });
  let stopping: Promise<number | null> | undefined;
  const stop = (): Promise<number | null> => {
    if (child.exitCode === null && !stopping) child.kill('SIGINT');
    stopping ??= exited;
    return stopping;
  };
  return {
    url,
    dataDir,
    child,
    stderr: () => stderr,
    stop,
    async dispose() {
      await stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A response as tests look at it. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Any JSON body the API sends. */
export type Json = Record<string, unknown> & { error?: { code: string; message: string; field?: string } };

/**
 * A request to the studio; JSON bodies are parsed, others returned as bytes.
 *
 * @example
 * const { status, body } = await api<Json>(studio, '/api/jobs', { method: 'POST', json: { mode: 'fast', … } });
 */
export async function api<T = Json>(studio: { url: string }, path: string, init: RequestInit & { json?: unknown } = {}): Promise<ApiResponse<T>> {
  const { json, ...rest } = init;
  const request: RequestInit = json === undefined ? rest : { ...rest, method: rest.method ?? 'POST', headers: { 'Content-Type': 'application/json', ...rest.headers }, body: JSON.stringify(json) };
  const response = await fetch(`${studio.url}${path}`, request);
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('application/json') ? await response.json() : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: body as T };
}

/**
 * Uploads `bytes` and returns the upload's id (asserting a 201).
 *
 * @example
 * const contentId = await upload(studio, await readFile(CONTENT_FIXTURE));
 */
export async function upload(studio: { url: string }, bytes: ArrayLike<number>, name = 'image.png'): Promise<string> {
  const response = await api<Json>(studio, `/api/uploads?name=${encodeURIComponent(name)}`, { method: 'POST', body: new Uint8Array(bytes) });
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${JSON.stringify(response.body)}`);
  return String(response.body.id);
}

/** One server-sent event. */
export interface SseEvent {
  readonly event: string;
  readonly data: Json;
}

/**
 * Reads job `id`'s event stream to its end (the job's final status), calling `onEvent` for each
 * event as it arrives; resolves with all of them.
 *
 * @example
 * const events = await streamJob(studio, id, (event) => { if (event.event === 'iteration') … });
 */
export async function streamJob(studio: { url: string }, id: string, onEvent: (event: SseEvent) => void | Promise<void> = () => undefined): Promise<SseEvent[]> {
  const response = await fetch(`${studio.url}/api/jobs/${id}/events`);
  if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.replace(/^data: ?/, '')).join('\n');
      if (!event || !data) continue;
      const parsed: SseEvent = { event, data: JSON.parse(data) as Json };
      events.push(parsed);
      await onEvent(parsed);
    }
  }
  return events;
}

/**
 * Polls `GET /api/jobs` until nothing is waiting or running (or `timeoutMs` passes).
 *
 * @example
 * await waitForIdle(studio);
 */
export async function waitForIdle(studio: { url: string }, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await api<{ jobs: unknown[] }>(studio, '/api/jobs');
    if (body.jobs.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the queue did not empty in time');
}

/** Asserts a JSON error response: its status, code, that the message matches, and no stack trace. */
export function assertError(response: { status: number; body: unknown }, status: number, code: string, message: RegExp, field?: string): void {
  const { error } = response.body as Json;
  assert.ok(error, `expected an error body, got ${JSON.stringify(response.body)}`);
  assert.equal(response.status, status, error.message);
  assert.equal(error.code, code, error.message);
  assert.match(error.message, message);
  assert.doesNotMatch(error.message, /\n\s+at |\.ts:\d+|\.js:\d+/, 'no stack trace');
  if (field !== undefined) assert.equal(error.field, field);
}

/** Whether a process with `pid` still exists (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
