import { rm } from 'node:fs/promises';
import { existingBytes, writeChunks } from './part-file.js';

/** What a transfer into a `.part` file needs; `onBytes` gets the running and total byte counts. */
export interface TransferOptions {
  readonly source: string;
  readonly partPath: string;
  readonly expectedBytes?: number;
  readonly signal?: AbortSignal;
  readonly onBytes: (receivedBytes: number, totalBytes: number | null) => void;
}

async function request(url: string, offset: number, signal: AbortSignal | undefined): Promise<Response> {
  // identity: a Range must count bytes of the file itself, not of a gzip encoding of it.
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  return fetch(url, { headers, signal, redirect: 'follow' });
}

/** Start offset of a `Content-Range: bytes START-END/TOTAL` header, or undefined. */
function rangeStart(response: Response): number | undefined {
  const match = /^bytes\s+(\d+)-/i.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function totalBytes(response: Response, offset: number, expectedBytes: number | undefined): number | null {
  const rangeTotal = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
  if (rangeTotal !== undefined) return Number(rangeTotal);
  const length = response.headers.get('content-length');
  if (length !== null && response.headers.get('content-encoding') === null) return offset + Number(length);
  return expectedBytes ?? null;
}

/**
 * Opens the response to continue from `offset`: 206 at that offset → append; 200 (the server
 * ignored the Range) → start over; 416 or a 206 at another offset → drop the `.part`, ask again from 0.
 */
async function openAt(options: TransferOptions, offset: number): Promise<{ response: Response; offset: number }> {
  const response = await request(options.source, offset, options.signal);
  if (offset === 0) return { response, offset };
  if (response.status === 206 && rangeStart(response) === offset) return { response, offset };
  if (response.status === 200) return { response, offset: 0 };
  if (response.status !== 416 && response.status !== 206) return { response, offset };
  await response.body?.cancel();
  await rm(options.partPath, { force: true });
  return openAt(options, 0);
}

/**
 * Streams an http(s) URL into `partPath`, resuming from whatever the `.part` already holds.
 * Throws the raw cause (network error, `HTTP 404 Not Found`) for the caller to word.
 *
 * @example
 * await fetchIntoPart({ source: url, partPath, expectedBytes: 1024, onBytes: (n, total) => {} });
 */
export async function fetchIntoPart(options: TransferOptions): Promise<void> {
  let offset = await existingBytes(options.partPath);
  if (options.expectedBytes !== undefined && offset >= options.expectedBytes) {
    if (offset === options.expectedBytes) return options.onBytes(offset, offset);
    await rm(options.partPath, { force: true });
    offset = 0;
  }
  const opened = await openAt(options, offset);
  const { response } = opened;
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  let received = opened.offset;
  const total = totalBytes(response, received, options.expectedBytes);
  options.onBytes(received, total);
  if (!response.body) return;
  await writeChunks(response.body, options.partPath, {
    append: opened.offset > 0,
    onChunk: (byteLength) => options.onBytes((received += byteLength), total),
  });
}
