import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the test server saw it. */
export interface SeenRequest {
  readonly path: string;
  readonly range: string | undefined;
  readonly acceptEncoding: string | undefined;
}

/** How the test server misbehaves; fields may be changed between requests. */
export interface ServerBehaviour {
  /** Answer every request with 200 and the whole file, as servers without Range support do. */
  ignoreRange: boolean;
  /** On the first request only: send this many bytes of the body, then destroy the socket. */
  cutFirstResponseAfterBytes?: number;
  /** Send each full (200) body in 4 pieces this many milliseconds apart, so concurrent clients overlap. */
  bodyDelayMs?: number;
}

/** A local HTTP server on 127.0.0.1 that serves in-memory files and honours `Range: bytes=N-`. */
export interface ModelFileServer {
  readonly baseUrl: string;
  readonly requests: SeenRequest[];
  readonly behaviour: ServerBehaviour;
  close(): Promise<void>;
}

function sendRange(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
  const start = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1]);
  if (start >= body.length) {
    response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
    return;
  }
  response.writeHead(206, {
    'content-length': body.length - start,
    'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
  });
  response.end(body.subarray(start));
}

function sendSlow(response: ServerResponse, body: Buffer, delayMs: number): void {
  response.writeHead(200, { 'content-length': body.length });
  const piece = Math.ceil(body.length / 4);
  const sendFrom = (start: number): void => {
    if (start >= body.length) return void response.end();
    response.write(body.subarray(start, start + piece));
    setTimeout(() => sendFrom(start + piece), delayMs);
  };
  sendFrom(0);
}

function sendCut(response: ServerResponse, body: Buffer, cutAfterBytes: number): void {
  response.writeHead(200, { 'content-length': body.length });
  // Give the client time to consume what was sent before the connection drops mid-body.
  response.write(body.subarray(0, cutAfterBytes), () => setTimeout(() => response.destroy(), 100));
}

/**
 * Starts the server on an ephemeral port with `files` keyed by URL path (e.g. `'/vgg19/w.h5'`).
 *
 * @example
 * const server = await startModelFileServer({ '/w.bin': Buffer.from('abc') });
 */
export async function startModelFileServer(files: Record<string, Buffer>): Promise<ModelFileServer> {
  const requests: SeenRequest[] = [];
  const behaviour: ServerBehaviour = { ignoreRange: false };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push({ path, range: request.headers.range, acceptEncoding: request.headers['accept-encoding'] });
    const body = files[path];
    if (!body) return void response.writeHead(404).end('not found');
    const cutAfterBytes = behaviour.cutFirstResponseAfterBytes;
    if (cutAfterBytes !== undefined && requests.length === 1) return sendCut(response, body, cutAfterBytes);
    if (request.headers.range && !behaviour.ignoreRange) return sendRange(request, response, body);
    if (behaviour.bodyDelayMs) return sendSlow(response, body, behaviour.bodyDelayMs);
    response.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    behaviour,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
