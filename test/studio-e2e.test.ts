/**
 * The studio page end to end, in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; `.ci/run` installs it): upload a photo, run a fast preset with the keyboard and
 * see the result in the gallery; start a quality job, watch its preview update, cancel it; see errors
 * next to what caused them; reopen and delete a gallery item. Screenshots go to test-artifacts/.
 * Skipped, with a message, when /usr/bin/chromium is missing; under CI=true a missing Chromium fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { interceptFileChoosers, openChooserWithKeyboard } from './helpers/file-chooser.js';
import { REPO_ROOT, SHARED_IMAGES } from './helpers/cli.js';
import { CHROMIUM, chromiumSkip } from './helpers/required-tools.js';
import { NETWORKS } from '../src/engine/network/registry.js';
import { STYLIZE_DEFAULTS } from '../src/options/stylize-schema.js';
import { api, startStudio, type Json, type StudioProcess } from './server-helpers/studio-server.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const PHOTO = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
/** Generous: the machine running the tests may be busy (2 shared cores). */
const STEP_TIMEOUT_MS = 60_000;
const skip = chromiumSkip();

describe('studio in Chromium', { skip }, () => {
  let studio: StudioProcess;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    const { chromium } = await import('playwright-core');
    studio = await startStudio({ weights: 'random', args: ['--preview-every', '3'] });
    profile = await mkdtemp(join(tmpdir(), 'painterly-chromium-'));
    await mkdir(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
    });
    interceptFileChoosers(page);
    await page.goto(studio.url);
    await page.waitForSelector('.preset-grid');
  });
  after(async () => {
    await context?.close();
    await studio?.dispose();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test("quality starts at painterly stylize's size and iterations, and a form saved by the older studio loads without its absolute style weight and its 256 px and 150 iterations", async () => {
    const old = { mode: 'quality', preset: 'udnie', styles: [], size: 256, iterations: 150, styleWeight: 300, originalColors: true, strength: 1, weights: 'default' };
    await page.evaluate((saved) => {
      localStorage.clear();
      localStorage.setItem('painterly.studio.form.v1', JSON.stringify(saved));
    }, old);
    await page.reload();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#mode-quality')?.checked, undefined, { timeout: 10_000 });
    assert.equal(await page.isChecked('#knob-originalColors'), true, 'what still holds is kept');
    assert.equal(await page.inputValue('#knob-size'), String(STYLIZE_DEFAULTS.size), 'the old quality size of 256 is dropped');
    assert.equal(await page.inputValue('#knob-iterations'), String(STYLIZE_DEFAULTS.iterations), 'the old default of 150 is dropped');
    assert.equal(await page.innerText('.strength-word'), 'Balanced', 'the absolute style weight is dropped');

    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector('.preset-grid');
    await page.click('label[for="mode-quality"]');
    assert.deepEqual(
      [await page.inputValue('#knob-size'), await page.inputValue('#knob-iterations'), await page.innerText('.strength-word'), await page.inputValue('#knob-styleStrength-exact')],
      [String(STYLIZE_DEFAULTS.size), String(STYLIZE_DEFAULTS.iterations), 'Balanced', '1'],
    );
    await page.click('label[for="mode-fast"]');
  });

  test('shows an upload error next to the photo picker', async () => {
    await page.setInputFiles('#photo-input', { name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
    const error = page.locator('[data-error-for="content"]');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /not an image the studio can use/);
    assert.equal(await page.getAttribute('#photo-drop', 'aria-invalid'), 'true');
  });

  test('the photo picker opens from the keyboard', async () => {
    await (await openChooserWithKeyboard(page, '#photo-drop')).setFiles(PHOTO);
    await page.waitForSelector('#photo-drop.has-photo');
    assert.match(await page.innerText('#photo-drop'), /golden_gate_bridge_fog\.jpg · \d+×\d+/);
    assert.equal(await page.locator('[data-error-for="content"]').isVisible(), false);
  });

  test('runs a fast preset (Ctrl+Enter) and shows the result in the gallery', async () => {
    await page.click('label[for="preset-wave"]');
    await page.fill('#knob-size', '256');
    await page.keyboard.press('Control+Enter');
    const image = page.locator('.gallery-card.status-done .gallery-image img').first();
    await image.waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.gallery-card.status-done .gallery-image img');
      return Boolean(img && img.complete && img.naturalWidth > 0);
    });
    assert.match(await page.locator('.gallery-card').first().innerText(), /Fast · Wave[\s\S]*256×\d+[\s\S]*pretrained preset Wave/);
    // The finished card left "In progress"; its result is marked New until seen, and the tab says so.
    await page.locator('.job-card').waitFor({ state: 'detached' });
    const fresh = page.locator('.gallery-card.unseen');
    assert.match(await fresh.innerText(), /New/);
    assert.equal(await page.title(), 'Done · Painterly');
    await fresh.locator('.gallery-meta').click();
    assert.equal(await page.title(), 'Painterly Studio');
    assert.equal(await page.locator('.gallery-card.unseen').count(), 0, 'seen: no longer marked');
    await page.screenshot({ path: join(ARTIFACTS, 'studio-fast-result.png'), fullPage: true });
  });

  test('says which weights a quality job uses, and shows a missing style next to the style picker', async () => {
    await page.click('label[for="mode-quality"]');
    assert.match(await page.innerText('#weights-note'), /random, untrained VGG19 weights/);
    await page.click('#start-button');
    const error = page.locator('[data-error-for="styles"]');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /Pick at least one painting/);
  });

  test('runs a quality job with a live preview that updates, then cancels it', async () => {
    await page.click('button.sample[data-sample="van_gogh_starry_night.jpg"]');
    assert.equal(await page.getAttribute('button.sample[data-sample="van_gogh_starry_night.jpg"]', 'aria-pressed'), 'true');
    await page.fill('#knob-size', '64');
    await page.fill('#knob-iterations', '2000');
    await page.focus('#knob-styleStrength');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.innerText('.strength-word'), 'Strong');
    assert.equal(await page.inputValue('#knob-styleStrength-exact'), '2');
    await page.click('#start-button');
    const card = page.locator('.job-card').first();
    await card.locator('img.job-preview:not([hidden])').waitFor();
    const firstIteration = Number(await card.locator('img.job-preview').getAttribute('data-iteration'));
    await page.waitForFunction(
      (before) => Number(document.querySelector('.job-card img.job-preview')?.getAttribute('data-iteration')) > before,
      firstIteration,
    );
    await page.waitForFunction(() => /about .* left/.test(document.querySelector('.job-card .job-stats')?.textContent ?? ''));
    const text = await card.innerText();
    assert.match(text, /Iteration \d+ \/ 2000 · loss [\d.e+]+ · about .* left/);
    assert.match(text, /Weights: VGG19 \(random:0\) — untrained, lower quality/);
    await page.screenshot({ path: join(ARTIFACTS, 'studio-quality-running.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'studio-readme.png') });
    await card.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.gallery-card.status-cancelled').first().waitFor();
    const gallery = await api<{ items: Json[] }>(studio, '/api/gallery');
    const settings = gallery.body.items.find((item) => item.mode === 'quality')?.settings as Json;
    assert.deepEqual([settings.styleStrength, settings.styleWeight], [2, 2 * NETWORKS.vgg19.defaults.styleWeight], 'Strong: twice the style weight of the network the job ran (random VGG19 here)');
    await page.locator('.job-card').waitFor({ state: 'detached' });
    await page.screenshot({ path: join(ARTIFACTS, 'studio-quality-cancelled.png'), fullPage: true });
  });

  test('reopens a gallery item with its settings, and deletes one with two presses', async () => {
    const fastCard = page.locator('.gallery-card.status-done').first();
    await fastCard.getByRole('button', { name: 'Reopen' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#mode-fast')?.checked === true);
    assert.equal(await page.isChecked('#preset-wave'), true);
    assert.equal(await page.inputValue('#knob-size'), '256');
    const cancelledCard = page.locator('.gallery-card.status-cancelled').first();
    const remove = cancelledCard.getByRole('button', { name: 'Delete' });
    await remove.click();
    assert.equal(await page.locator('.gallery-card.status-cancelled').count(), 1, 'one press only arms the button');
    await cancelledCard.getByRole('button', { name: 'Press again to delete' }).click();
    await page.locator('.gallery-card.status-cancelled').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.gallery-card').count(), 1);
  });

  test('"What the computer sees" runs from the keyboard over the gallery and shows the grid', async () => {
    await page.click('a[href="#network"]');
    assert.match(await page.innerText('#network'), /At the first levels they look for colours and edges; further in, for textures/);
    await page.selectOption('#visualize-layer', 'conv2_1');
    assert.match(await page.innerText('#visualize-layer-note'), /about 10 px across, for edges, corners/);
    await page.selectOption('#visualize-weights', 'random');
    assert.match(await page.innerText('#visualize-weights-note'), /Untrained eyes/);
    assert.match(await page.innerText('#visualize-layer-detail'), /VGG19 conv2_1 · receptive field 10 px/);
    await page.fill('#visualize-units', '120-130');
    await page.focus('#visualize-units');
    await page.keyboard.press('Enter');
    const unitsError = page.locator('#visualize-units-error');
    await unitsError.waitFor({ state: 'visible' });
    assert.match(await unitsError.innerText(), /conv2_1 has units 0–127/);
    assert.equal(await page.getAttribute('#visualize-units', 'aria-invalid'), 'true');
    await page.fill('#visualize-units', '0-3');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#visualize-grid');
      return Boolean(img && img.closest('figure')?.hidden === false && img.complete && img.naturalWidth > 0);
    });
    assert.equal(await unitsError.isVisible(), false);
    assert.match(await page.innerText('#visualize-status'), /Done in .*: looked at 1 picture\./);
    assert.match(await page.innerText('#visualize-detail'), /conv2_1 · units 0-3 · untrained random weights \(random:0\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'studio-network-view.png'), fullPage: true });
  });

  test('the page raised no script errors and broke no Content-Security-Policy rule', () => {
    assert.deepEqual(pageErrors, []);
  });
});
