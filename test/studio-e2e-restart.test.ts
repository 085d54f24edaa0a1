/**
 * Work survives a crash, as the page shows it, in a real headless Chromium (Debian's `chromium`,
 * driven by playwright-core): a quality job paints, a second one waits behind it, and a fast preset
 * job runs alongside (fast jobs have their own lane, so one never waits behind a quality job); its
 * result view names the preset and shows its sample. The server is killed with SIGKILL and the page
 * shows the connection-lost banner; the studio is started again on the same port and data. The
 * banner goes, the killed job continues from its checkpoint (its card never shows an iteration
 * before it, and its elapsed time goes on from where it was) and finishes, the waiting job runs after it, and the fast result is still in the
 * gallery. Screenshots go to test-artifacts/ (and, with PAINTERLY_DOCS_SCREENSHOTS=1, one more test
 * paints the studio for docs/images/studio.png: a quality job on Darknet Tiny's real weights from
 * the ../shared/models mirror). Skipped, with a message, when /usr/bin/chromium is
 * missing; under CI=true a missing Chromium fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { STYLIZE_DEFAULTS } from '../src/options/stylize-schema.js';
import { ELAPSED_WRITE_MS } from '../src/server/jobs/run-clock.js';
import { REPO_ROOT, SHARED_IMAGES } from './helpers/cli.js';
import { CHROMIUM, chromiumSkip } from './helpers/required-tools.js';
import { freezeNewWorkers, jobIteration, stepWorkerUntil, thaw } from './server-helpers/job-workers.js';
import { api, isProcessAlive, startStudio, streamJob, type Json, type StudioProcess } from './server-helpers/studio-server.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const DOCS_IMAGES = join(REPO_ROOT, 'docs', 'images');
const PHOTO = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
/** Checkpoints every 5 iterations, so the killed job has one soon. */
const SERVE_ARGS = ['--preview-every', '3', '--checkpoint-every', '5'];
/**
 * The long quality job, on Darknet Tiny (the studio's default here) at 64 px. Whether it still runs
 * when the second job waits, when the server is killed and when the restarted page looks at it does
 * not depend on its speed: its worker is frozen (SIGSTOP) from its start and stepped to the
 * iteration each test needs. After the restart it runs the ~185 iterations left from its checkpoint
 * (4.7 CPU ms each here, `painterly stylize --network darknet-tiny --size 64`: ~1 CPU s, and ~1 CPU s
 * for the worker's start; VGG19's untrained weights took ~6 CPU s only to start, twice).
 */
const LONG_ITERATIONS = 200;
/** Killed once its card shows this iteration: checkpoints at 5, 10, … are on disk by then. */
const KILL_AT_ITERATION = 20;
/** The job can lose at most the iterations since its last checkpoint (5), with room for one write in flight. */
const RESUMED_AT_LEAST = KILL_AT_ITERATION - 10;
/** Generous: the machine running the tests may be busy (2 shared cores). */
const STEP_TIMEOUT_MS = 120_000;
/** The docs picture's quality job: Darknet Tiny at this size and the CLI's iterations, shot at this iteration. */
const DOCS_SIZE_PX = 256;
const DOCS_ITERATION = 150;
const skip = chromiumSkip();

/** The iteration job `id`'s card shows ("Iteration 12 / 200"), or undefined. */
const cardIteration = (page: Page, id: string): Promise<number | undefined> =>
  page.evaluate((jobId) => {
    const match = /Iteration (\d+) \//.exec(document.querySelector(`.job-card[data-job-id="${CSS.escape(jobId)}"] .job-stats`)?.textContent ?? '');
    return match ? Number(match[1]) : undefined;
  }, id);

/** The elapsed time job `id`'s card shows ("1 min 5 s elapsed"), in seconds, or undefined. */
const cardElapsedSeconds = (page: Page, id: string): Promise<number | undefined> =>
  page.evaluate((jobId) => {
    const match = /^(?:(\d+) h )?(?:(\d+) min )?(?:(\d+) s)? ?elapsed$/.exec(document.querySelector(`.job-card[data-job-id="${CSS.escape(jobId)}"] .elapsed`)?.textContent?.trim() ?? '');
    return match ? Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) : undefined;
  }, id);

/** Resolves once job `id`'s card shows iteration `atLeast` or a later one. */
const cardReaches = (page: Page, id: string, atLeast: number): Promise<unknown> =>
  page.waitForFunction(
    ({ jobId, iteration }) => Number(/Iteration (\d+) \//.exec(document.querySelector(`.job-card[data-job-id="${CSS.escape(jobId)}"] .job-stats`)?.textContent ?? '')?.[1]) >= iteration,
    { jobId: id, iteration: atLeast },
  );

/** Resolves once gallery card `id` is done and its picture loaded. */
const galleryImageLoaded = (page: Page, id: string): Promise<unknown> =>
  page.waitForFunction(
    (itemId) => {
      const img = document.querySelector<HTMLImageElement>(`.gallery-card.status-done[data-item-id="${CSS.escape(itemId)}"] .gallery-open img`);
      return Boolean(img && img.complete && img.naturalWidth > 0);
    },
    id,
    { timeout: STEP_TIMEOUT_MS },
  );

describe('studio in Chromium: a killed server', { skip }, () => {
  let home: string;
  const studios: StudioProcess[] = [];
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const ids = { long: '', waiting: '', fast: '' };
  /** The elapsed time the killed server had last written for the killed job, ms. */
  let writtenElapsedMs = 0;
  /** The long job's worker (frozen between the tests' steps), and after the restart its new one. */
  let longWorker = 0;

  before(async () => {
    const { chromium } = await import('playwright-core');
    home = await mkdtemp(join(tmpdir(), 'painterly-restart-'));
    studios.push(await startStudio({ dataDir: join(home, 'data'), args: SERVE_ARGS }));
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(studios[0].url);
    await page.waitForSelector('.preset-grid');
  });
  after(async () => {
    await browser?.close();
    for (const studio of studios) await studio.dispose();
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** Clicks Start and returns the id of the new job, whose card Start focuses. */
  async function start(): Promise<string> {
    const known = await page.locator('.job-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-job-id')));
    await page.click('#start-button');
    const focused = await page.waitForFunction((ids) => {
      const card = document.activeElement?.closest('.job-card');
      const id = card?.getAttribute('data-job-id');
      return id && !ids.includes(id) ? id : undefined;
    }, known);
    return String(await focused.jsonValue());
  }

  test('a quality job paints, a second waits behind it, a fast job runs alongside', async () => {
    await page.setInputFiles('#photo-input', PHOTO);
    await page.waitForSelector('#photo-drop.has-photo');
    await page.click('label[for="mode-quality"]');
    await page.click('button.sample[data-sample="van_gogh_starry_night.jpg"]');
    await page.fill('#knob-size', '64');
    await page.fill('#knob-iterations', String(LONG_ITERATIONS));
    ids.long = await start();
    // Frozen from its start, the long job still runs while the second waits and the fast one runs.
    [longWorker] = await freezeNewWorkers((await api<{ pid: number }>(studios[0], '/api/health')).body.pid, 1);
    await page.fill('#knob-iterations', '15');
    ids.waiting = await start();
    await page.click('label[for="mode-fast"]');
    await page.click('label[for="preset-wave"]');
    await page.fill('#knob-size', '256');
    ids.fast = await start();
    await page.locator(`.gallery-card[data-item-id="${ids.fast}"].status-done`).waitFor();
    const waiting = page.locator(`.job-card[data-job-id="${ids.waiting}"]`);
    assert.match(await waiting.innerText(), /Waiting in the queue[\s\S]*#1 in the quality queue/);
    await galleryImageLoaded(page, ids.fast);
  });

  test("the fast result's view shows the preset's own sample, named, as what it was made from; so does its card", async () => {
    await page.locator(`.gallery-card[data-item-id="${ids.fast}"] .gallery-open`).click();
    const dialog = page.locator('dialog.result-view[open]');
    await dialog.waitFor();
    const preset = dialog.locator('.result-sources figure').nth(1);
    assert.match(await preset.innerText(), /^Wave\s+preset$/);
    assert.equal(await preset.locator('img').getAttribute('src'), '/api/presets/wave/sample', "the preset card's picture");
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.result-sources .source-preset img')?.naturalWidth ?? 0) > 0);
    await dialog.locator('.result-sources').screenshot({ path: join(ARTIFACTS, 'studio-result-sources-preset.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The preset's card in the form, a swatch while the preset was not downloaded, shows it too now.
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('label[for="preset-wave"] img.preset-sample')?.naturalWidth ?? 0) > 0);
    assert.equal(await page.locator('label[for="preset-wave"] .badge').count(), 0, 'no "downloads on first use" any more');
  });

  test('killing the server (SIGKILL) mid-job shows the connection-lost banner', async () => {
    const long = page.locator(`.job-card[data-job-id="${ids.long}"]`);
    const studio = studios[0];
    // Stepped to the kill's iteration and frozen there: still running when killed, on any machine.
    await stepWorkerUntil(longWorker, async () => (await jobIteration(studio, ids.long)) >= KILL_AT_ITERATION, { serverLog: studio.stderr });
    // The server writes a running job's elapsed time on a step every ELAPSED_WRITE_MS: after that long frozen, one more step writes it.
    const startedAt = Date.parse(String((await api<Json>(studio, `/api/jobs/${ids.long}`)).body.startedAt));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + ELAPSED_WRITE_MS + 100 - Date.now())));
    const settingsFile = join(studio.dataDir, 'gallery', ids.long, 'settings.json');
    await stepWorkerUntil(longWorker, async () => Number(JSON.parse(await readFile(settingsFile, 'utf8')).elapsedMs) > 0, { serverLog: studio.stderr });
    await long.locator('img.job-preview:not([hidden])').waitFor();
    await cardReaches(page, ids.long, KILL_AT_ITERATION);
    const { pid } = (await api<{ pid: number }>(studio, '/api/health')).body;
    const progress = (await api<Json>(studio, `/api/jobs/${ids.long}`)).body.progress as Json;
    assert.ok(Number(progress.iteration) < LONG_ITERATIONS, `still running when killed (iteration ${progress.iteration})`);
    process.kill(pid, 'SIGKILL');
    process.kill(longWorker, 'SIGKILL'); // frozen, it cannot notice its server is gone
    await studio.stop();
    assert.equal(isProcessAlive(pid), false, 'the server process is gone');
    const banner = page.locator('#connection-banner');
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.innerText(), /Connection to the studio lost — retrying…/);
    assert.match((await long.getAttribute('class')) ?? '', /\bstale\b/, 'the card is frozen');
    assert.ok(Number(await cardElapsedSeconds(page, ids.long)) > 0, 'the card shows its elapsed time');
    writtenElapsedMs = Number(JSON.parse(await readFile(settingsFile, 'utf8')).elapsedMs);
    assert.ok(writtenElapsedMs > 0, `the server wrote the running job's elapsed time (${writtenElapsedMs} ms)`);
  });

  test('after a restart on the same port and data, the killed job continues from its checkpoint and finishes, then the waiting one', async () => {
    // Every iteration the killed job's card shows from now on.
    await page.evaluate((id) => {
      const seen: number[] = [];
      (window as unknown as { seenIterations: number[] }).seenIterations = seen;
      const stats = document.querySelector(`.job-card[data-job-id="${CSS.escape(id)}"] .job-stats`)!;
      new MutationObserver(() => {
        const match = /Iteration (\d+) \//.exec(stats.textContent ?? '');
        if (match) seen.push(Number(match[1]));
      }).observe(stats, { childList: true, characterData: true, subtree: true });
    }, ids.long);
    const port = new URL(studios[0].url).port;
    const restartedAt = Date.now();
    const studio = await startStudio({ dataDir: studios[0].dataDir, args: [...SERVE_ARGS, '--port', port] });
    studios.push(studio);
    // The resumed job's new worker, frozen until the page is back and then stepped past the kill's
    // iteration: still running while the page shows it, however fast the machine.
    [longWorker] = await freezeNewWorkers((await api<{ pid: number }>(studio, '/api/health')).body.pid, 1);
    let lowest = Number.POSITIVE_INFINITY;
    const followed = streamJob(studio, ids.long, (event) => {
      const progress = event.data.progress as Json | undefined;
      if (progress) lowest = Math.min(lowest, Number(progress.iteration));
    });
    await page.locator('#connection-banner').waitFor({ state: 'hidden' });
    const long = page.locator(`.job-card[data-job-id="${ids.long}"]`);
    await stepWorkerUntil(longWorker, async () => (await jobIteration(studio, ids.long)) > KILL_AT_ITERATION, { serverLog: studio.stderr });
    await cardReaches(page, ids.long, KILL_AT_ITERATION + 1);
    assert.doesNotMatch((await long.getAttribute('class')) ?? '', /\bstale\b/);
    // The card counts on from the time the job had run before the kill, not from the resume (whole seconds, ticked every second).
    const cardS = Number(await cardElapsedSeconds(page, ids.long));
    const sinceResumeMs = Date.now() - Date.parse(String((await api<Json>(studio, `/api/jobs/${ids.long}`)).body.startedAt));
    assert.ok(cardS >= (writtenElapsedMs + sinceResumeMs) / 1000 - 2, `the card's elapsed time went on (${cardS} s shown; ${writtenElapsedMs} ms before the kill, ${sinceResumeMs} ms since the resume)`);
    await page.screenshot({ path: join(ARTIFACTS, 'studio-restart-resumed.png') });
    thaw(longWorker);
    const final = (await followed).at(-1)!.data;
    assert.equal(final.status, 'done', JSON.stringify(final.error));
    assert.ok(Number.isFinite(lowest) && lowest >= RESUMED_AT_LEAST, `the server continued from its checkpoint (lowest iteration ${lowest})`);
    await galleryImageLoaded(page, ids.long);
    const seen = await page.evaluate(() => (window as unknown as { seenIterations: number[] }).seenIterations);
    assert.ok(seen.length > 0 && Math.min(...seen) >= RESUMED_AT_LEAST, `the card continued from the checkpoint (iterations shown: ${seen.slice(0, 5).join(', ')}…)`);
    assert.equal(await cardIteration(page, ids.long), undefined, 'the done card shows no iteration');
    await galleryImageLoaded(page, ids.waiting);
    await galleryImageLoaded(page, ids.fast);
    const [waiting, resumed] = await Promise.all([ids.waiting, ids.long].map(async (id) => Date.parse(String((await api<Json>(studio, `/api/jobs/${id}`)).body.startedAt))));
    assert.ok(resumed >= restartedAt && waiting >= resumed, `the waiting job started after the restart, behind the killed one (${new Date(resumed).toISOString()}, ${new Date(waiting).toISOString()})`);
    await page.locator('#gallery-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'studio-restart-done.png') });
  });

  test("docs picture: a quality job painting live with Darknet Tiny's real weights, fast results in the gallery", { skip: !process.env.PAINTERLY_DOCS_SCREENSHOTS && 'set PAINTERLY_DOCS_SCREENSHOTS=1 to retake docs/images/studio.png' }, async () => {
    const studio = studios.at(-1)!;
    for (const id of [ids.long, ids.waiting]) assert.equal((await api(studio, `/api/gallery/${id}`, { method: 'DELETE' })).status, 204);
    await page.reload();
    await page.waitForSelector('#photo-drop.has-photo');
    await page.click('label[for="mode-fast"]');
    const fast = [];
    for (const preset of ['udnie', 'la_muse']) {
      await page.click(`label[for="preset-${preset}"]`);
      fast.push(await start());
    }
    await page.click('label[for="mode-quality"]');
    await page.selectOption('#knob-weights', 'darknet-tiny'); // real ImageNet weights, from the mirror
    await page.fill('#knob-size', String(DOCS_SIZE_PX));
    await page.fill('#knob-iterations', String(STYLIZE_DEFAULTS.iterations));
    const quality = await start();
    for (const id of fast) await galleryImageLoaded(page, id); // done: their cards left for the gallery
    await page.waitForFunction(() => document.querySelectorAll('.job-card').length === 1);
    const card = page.locator(`.job-card[data-job-id="${quality}"]`);
    await page.waitForFunction(({ id, iteration }) => Number(document.querySelector(`.job-card[data-job-id="${CSS.escape(id)}"] img.job-preview`)?.getAttribute('data-iteration')) >= iteration, { id: quality, iteration: DOCS_ITERATION }, { timeout: 300_000 });
    assert.match(await card.innerText(), /Darknet Tiny/, 'the card names the real network it paints with');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(DOCS_IMAGES, 'studio.png') });
    await card.getByRole('button', { name: /^Cancel/ }).click();
    await page.locator(`.gallery-card.status-cancelled[data-item-id="${quality}"]`).waitFor();
  });

  test('the page raised no script errors and broke no Content-Security-Policy rule', () => {
    assert.deepEqual(pageErrors, []);
  });
});
