/**
 * The in-browser page (`studio/dist-browser`, built by `npm run build`) end to end in a real headless
 * Chromium on the WASM provider (2 threads): `painterly serve --static-only` serves it, a fast preset
 * and a quality run (Darknet Tiny, tiny size, few iterations) paint on the page's own
 * onnxruntime-web, and each result matches what the CLI (onnxruntime-node) writes for the same photo
 * and options. The request log shows the photo never left the browser: only GETs, no request bodies.
 * A quality run is cancelled from the page. Model files come from a second local server
 * (cross-origin, like a CDN) for the preset, and from the site's own /models/ (PAINTERLY_MODEL_MIRROR)
 * for the quality run. The WebGPU provider: browser-page-webgpu.test.ts.
 * Skipped, with a message, when /usr/bin/chromium is missing; under CI=true a missing Chromium fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, MIRROR, PRESET_TOLERANCE, RUN_TIMEOUT_MS, assertClose, meanLevels, paintAndDownload, rgbaOf, serveFolderWithCors, startPageServer } from './helpers/browser-page.js';
import { REPO_ROOT, SHARED_IMAGES, runCli, type RunningCli } from './helpers/cli.js';
import { CHROMIUM, chromiumSkip } from './helpers/required-tools.js';

const PAGE_INDEX = join(REPO_ROOT, 'studio', 'dist-browser', 'index.html');
/** The photo and painting at exactly the output size, so no resampler (sharp's or the browser's) takes part in the comparison. */
const SIZE = { width: 64, height: 48 };
/**
 * Quality run (5 Adam iterations from the same seeded noise): float32 differences in the gradients
 * may move a pixel by a fraction of a step. Measured: at most 1 level, mean 0.003.
 */
const QUALITY_TOLERANCE = { maxLevels: 4, meanLevels: 0.1 };
/** How far (mean levels) the painted result is from the photo at least: the comparison above can fail. */
const PAINTED_MIN_LEVELS = 5;
const skip = chromiumSkip();

describe('in-browser page in Chromium (WASM)', { skip }, () => {
  let work: string;
  let site: RunningCli;
  let siteUrl: string;
  let models: Server;
  let modelsUrl: string;
  let browser: Browser;
  let page: Page;
  const requests: Array<{ method: string; url: string; body: string | null }> = [];
  const pageErrors: string[] = [];

  before(async () => {
    if (!existsSync(PAGE_INDEX)) throw new Error(`The in-browser page is not built (${PAGE_INDEX}): run \`npm run build\` first.`);
    work = await mkdtemp(join(tmpdir(), 'painterly-browser-'));
    await sharp(join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg')).resize(SIZE.width, SIZE.height, { fit: 'cover' }).png().toFile(join(work, 'photo.png'));
    await sharp(join(SHARED_IMAGES, 'style', 'hokusai_great_wave.jpg')).resize(SIZE.width, SIZE.height, { fit: 'cover' }).png().toFile(join(work, 'painting.png'));
    ({ cli: site, url: siteUrl } = await startPageServer(join(work, 'home')));
    ({ server: models, url: modelsUrl } = await serveFolderWithCors(MIRROR));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage();
    page.on('request', (request) => requests.push({ method: request.method(), url: request.url(), body: request.postData() }));
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    models?.close();
    site?.child.kill('SIGINT');
    await site?.result;
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('the page is cross-origin isolated (WASM threads) and lists the presets', async () => {
    await page.goto(`${siteUrl}?device=wasm&threads=2`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'COOP/COEP headers are missing: WASM would run on one thread');
    const presets = await page.$$eval('#preset option', (options) => options.map((option) => (option as HTMLOptionElement).value));
    assert.ok(presets.includes('udnie') && presets.length === 9, `presets: ${presets.join(', ')}`);
  });

  test('a fast preset painted in the page matches the CLI on onnxruntime-node', { timeout: 3 * RUN_TIMEOUT_MS }, async (t) => {
    await page.goto(`${siteUrl}?device=wasm&threads=2&models=${encodeURIComponent(modelsUrl)}`);
    await page.setInputFiles('#photo', join(work, 'photo.png'));
    await page.selectOption('#preset', 'udnie');
    await page.fill('#size', String(SIZE.width));
    const browserPixels = await paintAndDownload(page);
    assert.equal(await page.evaluate(() => document.body.dataset.device), 'wasm');
    const cli = await runCli(['stylize', join(work, 'photo.png'), '--model', 'udnie', '--output', join(work, 'node-preset.png')], { env: { PAINTERLY_HOME: join(work, 'home'), PAINTERLY_MODEL_MIRROR: MIRROR }, timeoutMs: RUN_TIMEOUT_MS });
    assert.equal(cli.code, 0, cli.stderr);
    t.diagnostic(assertClose(browserPixels, await rgbaOf(await readFile(join(work, 'node-preset.png'))), PRESET_TOLERANCE, 'preset'));
  });

  test('a quality run (Darknet Tiny) painted in the page matches the CLI on onnxruntime-node', { timeout: 3 * RUN_TIMEOUT_MS }, async (t) => {
    await page.goto(`${siteUrl}?device=wasm&threads=2`);
    await page.setInputFiles('#photo', join(work, 'photo.png'));
    await page.check('input[name="mode"][value="quality"]');
    await page.setInputFiles('#style', join(work, 'painting.png'));
    await page.fill('#size', String(SIZE.width));
    await page.fill('#iterations', '5');
    const browserPixels = await paintAndDownload(page);
    const cli = await runCli(
      ['stylize', join(work, 'photo.png'), '--style', join(work, 'painting.png'), '--network', 'darknet-tiny', '--size', String(SIZE.width), '--iterations', '5', '--output', join(work, 'node-quality.png')],
      { env: { PAINTERLY_HOME: join(work, 'home'), PAINTERLY_MODEL_MIRROR: MIRROR }, timeoutMs: RUN_TIMEOUT_MS },
    );
    assert.equal(cli.code, 0, cli.stderr);
    const nodePixels = await rgbaOf(await readFile(join(work, 'node-quality.png')));
    t.diagnostic(assertClose(browserPixels, nodePixels, QUALITY_TOLERANCE, 'quality'));
    // The comparison can fail: the photo itself is far from the painting the run made.
    assert.ok(meanLevels(nodePixels, await rgbaOf(await readFile(join(work, 'photo.png')))) > PAINTED_MIN_LEVELS);
  });

  test('a quality run shows its progress and stops when cancelled', { timeout: 2 * RUN_TIMEOUT_MS }, async () => {
    await page.goto(`${siteUrl}?device=wasm&threads=2`);
    await page.setInputFiles('#photo', join(work, 'photo.png'));
    await page.check('input[name="mode"][value="quality"]');
    await page.setInputFiles('#style', join(work, 'painting.png'));
    await page.fill('#size', String(SIZE.width));
    await page.fill('#iterations', '2000');
    await page.click('#paint-button');
    await page.waitForFunction(() => /Iteration \d+ of 2000/.test(document.getElementById('status')!.textContent ?? ''), null, { timeout: RUN_TIMEOUT_MS });
    assert.equal(await page.isVisible('#cancel-button'), true);
    await page.click('#cancel-button');
    await page.waitForFunction(() => document.body.dataset.state === 'cancelled', null, { timeout: RUN_TIMEOUT_MS });
    assert.equal(await page.textContent('#status'), 'Cancelled.');
    assert.equal(await page.isEnabled('#paint-button'), true);
  });

  test('the photo never left the browser: only GET requests, none with a body, to the two servers', () => {
    assert.ok(requests.length > 0);
    const unexpected = requests.filter((request) => request.method !== 'GET' || request.body !== null || !(request.url.startsWith(siteUrl) || request.url.startsWith(modelsUrl) || request.url.startsWith('blob:')));
    assert.deepEqual(unexpected, []);
    assert.ok(requests.some((request) => request.url.startsWith(`${modelsUrl}fast-style/udnie/`)), 'the preset came from the models URL');
    assert.ok(requests.some((request) => request.url.startsWith(`${siteUrl}models/darknet/tiny/`)), 'Darknet Tiny came from the site');
    assert.deepEqual(pageErrors, []);
  });
});
