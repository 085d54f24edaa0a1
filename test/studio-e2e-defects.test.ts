/**
 * The studio as a new user met it (issue 20), in a real headless Chromium at 1280×720: finished
 * jobs leave "In progress" for the gallery, the before/after divider follows a mouse drag, the
 * estimate beside Start and the new job's card agree, a stop-and-keep result from an early scale is
 * labelled with the size it was painted at, a stale "cannot be reached" message goes on reconnect,
 * repeated works download under their own names, Dismiss raises no script error, the page scrolls
 * as one, and "What the network sees" speaks to painters (the precise detail in small print).
 * Every test here failed on the studio before the fixes (see the report of issue 20). Screenshots go
 * to test-artifacts/defects-*.png. Skipped, with a message, when /usr/bin/chromium is missing; under
 * CI=true a missing Chromium fails.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, SHARED_IMAGES } from './helpers/cli.js';
import { CHROMIUM, chromiumSkip } from './helpers/required-tools.js';
import { freezeWorkerStartedBy, stepWorkerUntil, thaw } from './server-helpers/job-workers.js';
import { startStudio, type StudioProcess } from './server-helpers/studio-server.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const PHOTO = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
const VIEWPORT = { width: 1280, height: 720 };
/** Generous: the machine running the tests may be busy (2 shared cores). */
const STEP_TIMEOUT_MS = 90_000;
/** How long a finished card may take to leave "In progress" once its item is in the gallery. */
const LEAVE_MS = 10_000;
/** Characters no file name may hold on Windows, macOS or Linux. */
const UNSAFE_FILE_CHARS = /[\\/:*?"<>|\u0000-\u001f]/;
/** Machine-learning words a painter should not have to read outside the small print. */
const JARGON = /\b(conv\d\w*|layers?|units?|channels?|activations?|excite[sd]?|ImageNet|receptive|features?|neurons?|VGG\d*|Darknet|weights|networks?)\b/i;
const skip = chromiumSkip();

/**
 * A duration as the page writes it ("1 min 5 s", "45 s", "1 h 2 min", "a second"), in seconds.
 *
 * @example
 * secondsOf('1 min 5 s') // → 65
 */
function secondsOf(text: string): number {
  if (/a second/.test(text)) return 1;
  const part = (unit: string): number => Number(new RegExp(`(\\d+(?:\\.\\d+)?) ${unit}\\b`).exec(text)?.[1] ?? 0);
  return part('h') * 3600 + part('min') * 60 + part('s');
}

describe('studio defects of issue 20 in Chromium (1280×720)', { skip }, () => {
  let studio: StudioProcess;
  let home: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  /** While the test stops the server on purpose, failed requests are expected. */
  let serverDown = false;

  before(async () => {
    const { chromium } = await import('playwright-core');
    home = await mkdtemp(join(tmpdir(), 'painterly-defects-'));
    // Darknet Tiny (the studio's default in tests): the quality jobs here are only stopped; their
    // workers are frozen (SIGSTOP) so that they still run when the test clicks, on any machine.
    studio = await startStudio({ dataDir: join(home, 'data'), args: ['--preview-every', '2'] });
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !(serverDown && /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET/.test(message.text()))) consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(studio.url);
    await page.waitForSelector('.preset-grid');
    await page.setInputFiles('#photo-input', PHOTO);
    await page.waitForSelector('#photo-drop.has-photo');
  });
  // Each test starts on the page itself, whatever the one before it left open.
  beforeEach(async () => {
    if (!page) return;
    if (await page.locator('dialog.result-view[open]').count()) {
      await page.keyboard.press('Escape');
      await page.locator('dialog.result-view').waitFor({ state: 'hidden' });
    }
    await page.mouse.up().catch(() => undefined);
  });
  after(async () => {
    await browser?.close();
    await studio?.dispose();
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('1. finished jobs leave "In progress": they are in the gallery, marked new, and the gallery stays near the top', async () => {
    await page.click('label[for="preset-wave"]');
    await page.fill('#knob-size', '128');
    for (let run = 1; run <= 3; run++) {
      await page.click('#start-button');
      await page.waitForFunction((count) => document.querySelectorAll('.gallery-card.status-done').length >= count, run);
    }
    await page.waitForFunction(() => document.querySelectorAll('.job-card').length === 0, undefined, { timeout: LEAVE_MS }).catch(() => undefined);
    assert.equal(await page.locator('.job-card').count(), 0, 'no finished card is left under "In progress"');
    assert.equal(await page.locator('.gallery-card.status-done').count(), 3, 'never lost: every result is in the gallery');
    assert.equal(await page.locator('.gallery-card.unseen').count(), 3, 'the new results are marked until seen');
    assert.equal(await page.title(), 'Done · Painterly');
    const gallery = await page.locator('#gallery-title').boundingBox();
    assert.ok(gallery && gallery.y < VIEWPORT.height / 2, `the gallery starts ${gallery?.y} px down`);
    await page.screenshot({ path: join(ARTIFACTS, 'defects-1-after-three-jobs.png') });
  });

  test('7. Dismiss on any finished card raises no script error', async () => {
    for (const dismiss of await page.getByRole('button', { name: /^Dismiss / }).all()) if (await dismiss.isVisible()) await dismiss.click();
    assert.deepEqual(pageErrors, []);
  });

  test('8. one page scroll at 1280×720: no panel scrolls on its own', async () => {
    const nested = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((element) => /auto|scroll/.test(getComputedStyle(element).overflowY) && element.scrollHeight > element.clientHeight + 1 && !element.closest('dialog:not([open])'))
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    );
    assert.deepEqual(nested, [], 'scroll areas inside the page');
    assert.equal(await page.locator('.results').evaluate((element) => getComputedStyle(element).overflowY), 'visible');
  });

  test('6. repeated works download under their own file names, as the gallery names them, safe on any file system', async () => {
    const cards = await page.locator('.gallery-card.status-done').all();
    const files: string[] = [];
    for (const card of cards) {
      const name = await card.locator('.gallery-title').innerText();
      const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: /^Download / }).click()]);
      const file = download.suggestedFilename();
      await download.cancel();
      assert.doesNotMatch(file, UNSAFE_FILE_CHARS, file);
      assert.equal(file, `${name.replace(UNSAFE_FILE_CHARS, '-')}.png`, `the file of "${name}"`);
      files.push(file);
    }
    assert.equal(new Set(files).size, 3, `distinct names: ${files.join(', ')}`);
    assert.ok(files.some((file) => / \(2\)\.png$/.test(file)), files.join(', '));
    // The result view's download follows the same name, in both formats.
    await page.locator('.gallery-card.status-done .gallery-open').nth(1).click();
    const name = (await page.locator('#result-title').innerText()).trim();
    await page.selectOption('#download-format', 'jpeg');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-link')]);
    assert.equal(download.suggestedFilename(), `${name}.jpg`);
    await download.cancel();
    await page.keyboard.press('Escape');
    await page.locator('dialog.result-view').waitFor({ state: 'hidden' });
  });

  test('2. the before/after divider follows a mouse drag across the picture', async () => {
    await page.locator('.gallery-card.status-done .gallery-open').first().click();
    await page.locator('dialog.result-view[open]').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.compare-frame img')].every((img) => img.complete && img.naturalWidth > 0));
    const box = (await page.locator('.compare-frame').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, y, { steps: 12 });
    const midway = Number(await page.inputValue('#compare-slider'));
    await page.mouse.move(box.x + box.width * 0.85, y, { steps: 20 });
    await page.mouse.up();
    const end = Number(await page.inputValue('#compare-slider'));
    assert.ok(Math.abs(midway - 20) <= 2, `dragged to 20 % of the picture, the slider says ${midway}`);
    assert.ok(Math.abs(end - 85) <= 2, `dragged on to 85 %, the slider says ${end}`);
    assert.equal(await page.locator('.compare-frame').evaluate((frame) => getComputedStyle(frame).getPropertyValue('--split').trim()), `${end}%`);
    await page.screenshot({ path: join(ARTIFACTS, 'defects-2-divider-dragged.png') });
    await page.keyboard.press('Escape');
    await page.locator('dialog.result-view').waitFor({ state: 'hidden' });
  });

  test('3. the estimate beside Start and the new job\u2019s card say the same time at the start of the job', async () => {
    await page.click('label[for="mode-quality"]');
    await page.click('button.sample[data-sample="van_gogh_starry_night.jpg"]');
    const answered = page.waitForResponse((response) => {
      if (!response.url().endsWith('/api/estimate')) return false;
      const body = response.request().postDataJSON() as { size?: number; iterations?: number };
      return body.size === 256 && body.iterations === 300;
    });
    await page.fill('#knob-size', '256');
    await page.fill('#knob-iterations', '300');
    await answered;
    await page.waitForFunction(() => /About .+ on this machine/.test(document.querySelector('#estimate:not([hidden])')?.textContent ?? ''));
    const estimate = await page.innerText('#estimate');
    // Every text the job's card shows, from its first.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { cardTexts: string[] }).cardTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.job-card .job-stats')?.textContent ?? '';
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.getElementById('jobs')!, { subtree: true, childList: true, characterData: true });
    });
    const worker = await freezeWorkerStartedBy(studio, () => page.click('#start-button')); // still running at the Cancel below
    const first = await page.waitForFunction(() => (window as unknown as { cardTexts: string[] }).cardTexts.find((text) => /about .+ left/.test(text)));
    const card = String(await first.jsonValue());
    await page.screenshot({ path: join(ARTIFACTS, 'defects-3-estimate-and-card.png') });
    // Cancel it (the next test needs the quality lane), and dismiss its card at once (7: no script error either).
    const running = page.locator('.job-card').first();
    await running.getByRole('button', { name: /^Cancel/ }).click();
    thaw(worker); // it reads the cancel waiting for it
    await running.getByRole('button', { name: /^Dismiss/ }).click({ timeout: 5_000 }).catch(() => undefined);
    await page.locator('.gallery-card.status-cancelled').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.job-card').length === 0);
    const [before, after] = [secondsOf(/About (.+) on this machine/.exec(estimate)![1]), secondsOf(/about (.+?) left/.exec(card)![1])];
    assert.ok(Math.abs(before - after) <= Math.max(1, 0.02 * before), `beside Start: "${estimate}"; the card at the start: "${card}"`);
  });

  test('4. a stop-and-keep result from an early, smaller scale is labelled with the size it was painted at', async () => {
    await page.fill('#knob-size', '320');
    await page.fill('#knob-iterations', '400');
    // Stepped to its first preview and frozen there: the stop reaches it on its first, smaller scale on any machine.
    const worker = await freezeWorkerStartedBy(studio, () => page.click('#start-button'));
    const card = page.locator('.job-card.status-running').first();
    await stepWorkerUntil(worker, () => card.locator('img.job-preview:not([hidden])').isVisible(), { timeoutMs: 180_000, serverLog: () => studio.stderr() });
    await card.getByRole('button', { name: /^Stop .* and keep the image$/ }).click();
    thaw(worker); // it reads the stop waiting for it
    const kept = page.locator('.gallery-card.status-done', { hasText: 'stopped early' }).first();
    await kept.waitFor({ timeout: 180_000 });
    const text = await kept.innerText();
    const painted = /painted at (\d+)×(\d+)/.exec(text);
    assert.ok(painted, `the card says the size it was painted at: ${text}`);
    const [width, height] = [Number(painted[1]), Number(painted[2])];
    assert.ok(Math.max(width, height) < 320, `painted at an early scale: ${width}×${height}`);
    assert.match(text, /enlarged to 320×\d+/);
    await kept.locator('.gallery-open').click();
    const size = page.locator('.result-settings dt', { hasText: 'Size' }).locator('xpath=following-sibling::dd[1]');
    assert.match(await size.innerText(), new RegExp(`painted at ${width}×${height} px`));
    await page.screenshot({ path: join(ARTIFACTS, 'defects-4-stopped-early.png') });
    await page.keyboard.press('Escape');
    await page.locator('dialog.result-view').waitFor({ state: 'hidden' });
  });

  test('9. "What the network sees" (now "What the computer sees") speaks to painters; the precise detail is in small print', async () => {
    await page.click('label[for="mode-fast"]');
    await page.click('a[href="#network"]');
    const plainText = (): Promise<string> =>
      page.evaluate(() => {
        const section = document.getElementById('network')!.cloneNode(true) as HTMLElement;
        for (const small of section.querySelectorAll('.expert')) small.remove();
        return [...section.querySelectorAll('*')].filter((element) => !element.closest('[hidden]')).map((element) => [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('')).join(' ');
      });
    assert.doesNotMatch(await plainText(), JARGON);
    assert.match(await page.locator('#network .expert').first().innerText(), /conv\d/, 'the expert line names the layer');
    // Darknet Tiny's real weights (the mirror): the words are the test, and VGG19's untrained weights took ~6 CPU s to start.
    await page.selectOption('#visualize-weights', 'darknet-tiny');
    await page.selectOption('#visualize-layer', 'conv2');
    assert.doesNotMatch(await plainText(), JARGON);
    assert.match(await page.innerText('#network'), /Darknet Tiny[\s\S]*conv2\b/);
    await page.click('#visualize-run');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#visualize-grid');
      return Boolean(img && img.closest('figure')?.hidden === false && img.complete && img.naturalWidth > 0);
    });
    assert.doesNotMatch(await plainText(), JARGON);
    assert.match(await page.innerText('.network-output'), /conv2\b[\s\S]*(0–7|0-7)/, 'the result\u2019s small print: layer and units');
    await page.locator('#network').screenshot({ path: join(ARTIFACTS, 'defects-9-network-words.png') });
  });

  test('5. a "cannot be reached" message goes once the server answers again', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const port = new URL(studio.url).port;
    serverDown = true;
    await studio.stop();
    await page.locator('#connection-banner').waitFor({ state: 'visible' });
    await page.click('#start-button');
    const error = page.locator('#form-error');
    await page.waitForFunction(() => /cannot be reached/.test(document.getElementById('form-error')?.textContent ?? ''));
    // A change meanwhile cannot be estimated: the line beside Start hides, and comes back with the server.
    await page.fill('#knob-size', '160');
    await page.locator('#estimate').waitFor({ state: 'hidden' });
    studio = await startStudio({ dataDir: studio.dataDir, args: ['--preview-every', '2', '--port', port] });
    await page.locator('#connection-banner').waitFor({ state: 'hidden' });
    serverDown = false;
    await page.waitForFunction(() => !/cannot be reached/.test(document.body.innerText), undefined, { timeout: 5_000 }).catch(() => undefined);
    assert.equal(await error.innerText(), '', 'the stale message is gone');
    await page.locator('#estimate').waitFor({ state: 'visible', timeout: 10_000 });
    assert.doesNotMatch(await page.locator('body').innerText(), /cannot be reached/);
    await page.screenshot({ path: join(ARTIFACTS, 'defects-5-reconnected.png') });
  });

  test('7. the session raised no script error and logged no console error', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  });
});
