/**
 * The in-browser page on onnxruntime-web's WebGPU provider, in headless Chromium without a GPU:
 * Chromium's own SwiftShader (a software Vulkan) gives WebGPU an adapter, so CI runs the GPU code
 * path. A fast preset painted with `?device=webgpu` (no fallback: the page reports the provider that
 * ran) matches the CLI on onnxruntime-node. SwiftShader runs every shader on the CPU: the photo is
 * tiny, and its times are not GPU times. Needs the built page (`npm run build`).
 * Skipped, with a message, when /usr/bin/chromium is missing; under CI=true a missing Chromium fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { MIRROR, PRESET_TOLERANCE, RUN_TIMEOUT_MS, WEBGPU_ARGS, assertClose, paintAndDownload, rgbaOf, startPageServer } from './helpers/browser-page.js';
import { SHARED_IMAGES, runCli, type RunningCli } from './helpers/cli.js';
import { CHROMIUM, chromiumSkip } from './helpers/required-tools.js';

/** The photo at exactly the output size (no resampler in the comparison); tiny, as SwiftShader is slow. */
const WEBGPU_SIZE = { width: 32, height: 24 };
const skip = chromiumSkip();

describe('in-browser page in Chromium (WebGPU on SwiftShader)', { skip }, () => {
  let work: string;
  let site: RunningCli;
  let siteUrl: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'painterly-webgpu-'));
    await sharp(join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg')).resize(WEBGPU_SIZE.width, WEBGPU_SIZE.height, { fit: 'cover' }).png().toFile(join(work, 'photo.png'));
    ({ cli: site, url: siteUrl } = await startPageServer(join(work, 'home')));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: WEBGPU_ARGS, headless: true });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    site?.child.kill('SIGINT');
    await site?.result;
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('a fast preset painted on the webgpu provider matches the CLI on onnxruntime-node', { timeout: 3 * RUN_TIMEOUT_MS }, async (t) => {
    await page.goto(`${siteUrl}?device=webgpu`);
    await page.setInputFiles('#photo', join(work, 'photo.png'));
    await page.selectOption('#preset', 'udnie');
    await page.fill('#size', String(WEBGPU_SIZE.width));
    const browserPixels = await paintAndDownload(page);
    assert.equal(await page.evaluate(() => document.body.dataset.device), 'webgpu', 'the run fell back from WebGPU');
    const cli = await runCli(['stylize', join(work, 'photo.png'), '--model', 'udnie', '--output', join(work, 'node-preset.png')], { env: { PAINTERLY_HOME: join(work, 'home'), PAINTERLY_MODEL_MIRROR: MIRROR }, timeoutMs: RUN_TIMEOUT_MS });
    assert.equal(cli.code, 0, cli.stderr);
    t.diagnostic(assertClose(browserPixels, await rgbaOf(await readFile(join(work, 'node-preset.png'))), PRESET_TOLERANCE, 'preset on WebGPU'));
  });
});
