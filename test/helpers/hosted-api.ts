/**
 * A small client of a hosted deployment's API for the cluster tests: JSON in and out, the caller's
 * key as `Authorization: Bearer`, and polling with a generous deadline (never a fixed sleep).
 */
import { readFile } from 'node:fs/promises';

/** A response as tests look at it. */
export interface HostedResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A job view as the tests read it. */
export interface JobJson {
  id: string;
  status: string;
  worker?: string;
  runs: number;
  progress?: { type: string; iteration?: number; iterations?: number };
  checkpointIteration?: number;
  resumedFromIteration?: number;
  result?: { width: number; height: number; url: string };
  error?: { code: string; message: string };
}

/** One user of the deployment: its key, and requests made with it. */
export class HostedUser {
  constructor(
    readonly url: string,
    readonly key: string,
    readonly userId: string,
  ) {}

  /** Makes a guest account on `url`. */
  static async guest(url: string): Promise<HostedUser> {
    const response = await request(url, undefined, '/api/guests', { method: 'POST' });
    if (response.status !== 201) throw new Error(`guest sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    const body = response.body as { userId: string; key: { key: string } };
    return new HostedUser(url, body.key.key, body.userId);
  }

  call<T = Record<string, unknown>>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<HostedResponse<T>> {
    return request<T>(this.url, this.key, path, init);
  }

  /** Uploads the file at `path`; resolves with the upload's id. */
  async upload(path: string): Promise<string> {
    const response = await this.call<{ id: string }>(`/api/uploads?name=${encodeURIComponent(path.split('/').pop()!)}`, { method: 'POST', body: await readFile(path) });
    if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }

  /** Submits a job; resolves with its view (asserting 201). */
  async submit(json: unknown): Promise<JobJson> {
    const response = await this.call<JobJson>('/api/jobs', { json });
    if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Reads job `id`'s server-sent events until the stream ends (after the job's final status). */
  async events(id: string): Promise<{ event: string; job: JobJson }[]> {
    const response = await fetch(`${this.url}/api/jobs/${id}/events`, { headers: { Authorization: `Bearer ${this.key}` } });
    if (!response.ok || !response.body) throw new Error(`events of ${id}: ${response.status}`);
    const events: { event: string; job: JobJson }[] = [];
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
        if (event && data) events.push({ event, job: JSON.parse(data) as JobJson });
      }
    }
    return events;
  }

  async job(id: string): Promise<JobJson> {
    const response = await this.call<JobJson>(`/api/jobs/${id}`);
    if (response.status !== 200) throw new Error(`job ${id}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Polls job `id` until `until` holds (every `everyMs`), or throws with the last view after `timeoutMs`. `onView` sees every view. */
  async waitFor(id: string, until: (job: JobJson) => boolean, timeoutMs = 90_000, onView: (job: JobJson) => void = () => undefined): Promise<JobJson> {
    const deadline = Date.now() + timeoutMs;
    let job = await this.job(id);
    for (;;) {
      onView(job);
      if (until(job)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} did not reach the expected state in ${timeoutMs / 1000} s; last: ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await this.job(id);
    }
  }
}

async function request<T>(url: string, key: string | undefined, path: string, init: RequestInit & { json?: unknown } = {}): Promise<HostedResponse<T>> {
  const { json, ...rest } = init;
  const headers: Record<string, string> = { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(json === undefined ? {} : { 'Content-Type': 'application/json' }), ...(rest.headers as Record<string, string> | undefined) };
  const response = await fetch(`${url}${path}`, { ...rest, method: rest.method ?? (json === undefined ? 'GET' : 'POST'), headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('application/json') ? await response.json() : type.startsWith('text/') ? await response.text() : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: body as T };
}

/** True once every listed job has ended. */
export const ended = (job: JobJson): boolean => ['done', 'failed', 'cancelled'].includes(job.status);
