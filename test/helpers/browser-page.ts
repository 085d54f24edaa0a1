/**
 * Shared by the in-browser page's tests (`browser-page*.test.ts`): paint with the page's form and
 * read the downloaded PNG, compare pixels in 8-bit levels, start the built page's server, and serve
 * a folder with CORS like a CDN.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { REPO_ROOT, startCli, type RunningCli } from './cli.js';

/** The local model mirror. */
export const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
/** Generous: WASM (or SwiftShader) on 2 busy shared cores. */
export const RUN_TIMEOUT_MS = 120_000;
const BASE_ARGS = ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Chromium for the WASM provider. */
export const CHROMIUM_ARGS = [...BASE_ARGS, '--disable-gpu'];
/** WebGPU without a GPU: Chromium's own SwiftShader (a software Vulkan, shipped in Debian's chromium-common). */
export const WEBGPU_ARGS = [...BASE_ARGS, '--enable-unsafe-webgpu', '--use-angle=swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader'];
/**
 * Fast preset, 8-bit results: the networks agree to float32 rounding (WASM or WebGPU kernels against
 * MLAS), so a pixel may land on the neighbouring level. Measured: at most 1 level, mean 0.000.
 */
export const PRESET_TOLERANCE = { maxLevels: 2, meanLevels: 0.05 };

/**
 * `painterly serve --static-only` (the built page) with models from the mirror, in `home`.
 *
 * @example const site = await startPageServer(work); await page.goto(site.url);
 */
export async function startPageServer(home: string): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli(['serve', '--static-only', '--port', '0'], { env: { PAINTERLY_HOME: home, PAINTERLY_MODEL_MIRROR: MIRROR }, timeoutMs: 10 * RUN_TIMEOUT_MS });
  const url = /(http:\/\/\S+)/.exec(await cli.waitForLine((line) => line.includes('http://')))![1];
  return { cli, url };
}

/** Paints with the form as it is and returns the downloaded PNG's RGBA pixels. */
export async function paintAndDownload(page: Page): Promise<RgbaPixels> {
  await page.evaluate(() => delete document.body.dataset.state);
  await page.click('#paint-button');
  await page.waitForFunction(() => document.body.dataset.state !== undefined, null, { timeout: RUN_TIMEOUT_MS });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'done', `${await page.textContent('#status')} ${await page.textContent('#form-error')}`);
  const base64 = await page.evaluate(async () => {
    const href = (document.getElementById('download') as HTMLAnchorElement).href;
    const bytes = new Uint8Array(await (await fetch(href)).arrayBuffer());
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
  });
  return rgbaOf(Buffer.from(base64, 'base64'));
}

export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export async function rgbaOf(png: Buffer): Promise<RgbaPixels> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** The mean absolute difference of the colour channels, in 8-bit levels. */
export function meanLevels(a: RgbaPixels, b: RgbaPixels): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / ((a.data.length * 3) / 4);
}

export function assertClose(actual: RgbaPixels, expected: RgbaPixels, tolerance: { maxLevels: number; meanLevels: number }, what: string): string {
  assert.deepEqual([actual.width, actual.height], [expected.width, expected.height], `${what}: size`);
  let max = 0;
  for (let i = 0; i < actual.data.length; i++) max = Math.max(max, Math.abs(actual.data[i] - expected.data[i]));
  const mean = meanLevels(actual, expected);
  assert.ok(max <= tolerance.maxLevels && mean <= tolerance.meanLevels, `${what}: browser vs Node differ by up to ${max} levels (mean ${mean.toFixed(3)}); allowed ${tolerance.maxLevels} (mean ${tolerance.meanLevels})`);
  return `${what}: browser vs Node differ by up to ${max} levels, mean ${mean.toFixed(3)}`;
}

/** A plain static server over `root` with CORS, like a CDN holding the model mirror. GET only; paths stay inside `root`. */
export async function serveFolderWithCors(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = join(root, path);
    if (request.method !== 'GET' || path.includes('..') || !file.startsWith(root)) return void response.writeHead(404).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/octet-stream' }).end(body),
      () => response.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${address.port}/` };
}
