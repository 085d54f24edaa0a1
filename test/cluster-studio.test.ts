/**
 * The studio page on a hosted deployment, as people use it in a real headless Chromium: the API node
 * serves the local studio's page; a guest paints a fast preset from an uploaded photo and sees it
 * progress and land in its gallery; it creates an account in place and keeps the painting; another
 * person (another browser context) sees none of it and gets 404 for its URLs; signing out and in
 * brings the gallery back. Also over HTTP: the page's headers, `/api/config` saying the node is
 * hosted, a guest session's CSRF check on sign-up, and resume answering 409. Real redis-server,
 * PostgreSQL and s3rver, one API node and one worker from `dist/` (build first: `npm run build`),
 * the fast preset from the shared model mirror, one small job.
 */
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS } from './helpers/browser-page.js';
import { REPO_ROOT, SHARED_IMAGES } from './helpers/cli.js';
import { startApiNode, startServices, startWorker, type GroupProcess, type Services } from './helpers/cluster.js';
import { CHROMIUM, chromiumSkip, clusterSkip } from './helpers/required-tools.js';

const PHOTO = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
const GRACE = { email: 'grace@example.com', password: 'a guest no longer 42' };
const LINUS = { email: 'linus@example.com', password: 'another person entirely' };
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
/** Generous: a worker process starts, loads the preset and paints on 2 busy shared cores. */
const STEP_TIMEOUT_MS = 120_000;

/** A page's JSON request, made by the page itself (its cookies, its origin). */
async function pageFetch(page: Page, path: string, init: { method?: string; csrf?: boolean } = {}): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  return page.evaluate(async ({ path, init }) => {
    const headers: Record<string, string> = {};
    if (init.csrf) {
      const config = (await (await fetch('/api/config')).json()) as { csrfToken?: string };
      headers['X-CSRF-Token'] = config.csrfToken ?? '';
    }
    const response = await fetch(path, { method: init.method ?? 'GET', headers });
    const text = await response.text();
    return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {} };
  }, { path, init });
}

describe('the studio page on a hosted deployment (redis, PostgreSQL, S3, one API node, one worker, Chromium)', { skip: clusterSkip() || chromiumSkip() }, () => {
  let services: Services;
  let api: GroupProcess & { url: string; home: string };
  const nodes: (GroupProcess & { home: string })[] = [];
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  /** The guest's (then Grace's) painting. */
  let itemId = '';

  before(async () => {
    services = await startServices();
    api = await startApiNode(services, ['--threads', '1']);
    nodes.push(api);
    nodes.push(await startWorker(services));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    for (const node of nodes) {
      await node.kill('SIGKILL');
      await rm(node.home, { recursive: true, force: true });
    }
    await services?.dispose();
  });

  /** A new person: a browser context of its own (its own cookies), on the node's page. */
  async function newPerson(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(api.url);
    return page;
  }

  test('the node serves the studio page with its CSP at /, and /api/config says it is hosted, who is signed in (nobody) and that hosted workers run visualize', async () => {
    const page = await fetch(`${api.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    const html = await page.text();
    const script = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, `the built page's script: ${html.slice(0, 400)}`);
    const asset = await fetch(`${api.url}${script}`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    const config = (await (await fetch(`${api.url}/api/config`)).json()) as Record<string, unknown> & { presets: { name: string }[] };
    assert.equal(config.accounts, true);
    assert.equal(config.account, null);
    assert.equal(config.visualize, true);
    assert.ok(config.presets.some((preset) => preset.name === 'udnie'), 'the studio\'s own configuration beside it');
    const unknown = await fetch(`${api.url}/api/no-such-route`);
    assert.equal(unknown.status, 401, 'the API stays behind its credentials; the page never answers for /api/');
  });

  test('a guest paints a fast preset from an uploaded photo, sees its progress, and finds it in its gallery', async () => {
    const page = await newPerson();
    await page.locator('#account-panel').waitFor();
    assert.equal(await page.locator('main.layout').isVisible(), false, 'nobody signed in: the welcome panel stands in for the studio');
    await page.screenshot({ path: join(ARTIFACTS, 'hosted-studio-welcome.png'), fullPage: true });
    await Promise.all([page.waitForEvent('load'), page.click('#continue-as-guest')]);
    assert.equal(await page.innerText('#account-name'), 'Guest');
    assert.equal(await page.locator('#network').isVisible(), true, 'hosted workers run visualize: its panel is shown');
    await page.waitForSelector('.preset-grid');

    await page.setInputFiles('#photo-input', PHOTO);
    await page.waitForSelector('#photo-drop.has-photo');
    await page.click('label[for="preset-udnie"]');
    await page.fill('#knob-size', '64');
    // Every state a job card shows, from the moment it appears until it leaves for the gallery.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStages: string[] }).seenStages = seen;
      new MutationObserver(() => {
        for (const card of document.querySelectorAll('.job-card')) {
          const text = `${card.querySelector('.job-stage')?.textContent ?? ''}|${card.querySelector('progress')?.getAttribute('value') ?? ''}`;
          if (seen.at(-1) !== text) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.click('#start-button');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.gallery-card.status-done .gallery-image img');
      return Boolean(img && img.complete && img.naturalWidth > 0);
    });
    const stages = await page.evaluate(() => (window as unknown as { seenStages: string[] }).seenStages);
    assert.ok(stages.some((stage) => /^(Waiting in the queue|Loading the network|Stylizing|Painting)/.test(stage)), `the card showed the job at work: ${stages.join(' → ')}`);
    assert.ok(stages.some((stage) => stage.startsWith('Done')), `and done: ${stages.join(' → ')}`);
    const card = page.locator('.gallery-card.status-done').first();
    assert.match(await card.innerText(), /golden-gate-bridge-fog × udnie[\s\S]*Fast · Udnie[\s\S]*64×\d+/);
    itemId = (await card.getAttribute('data-item-id')) ?? '';
    await page.screenshot({ path: join(ARTIFACTS, 'hosted-studio-guest-gallery.png'), fullPage: true });
    console.log(`job card states: ${stages.join(' → ')}`);
    assert.ok(itemId, 'the card names its item');
    await page.locator('.job-card').waitFor({ state: 'detached' });

    // The thumbnail and the download are real pictures (the worker's PNG from object storage).
    const download = await pageFetch(page, `/api/gallery/${itemId}/download?format=jpeg`);
    assert.equal(download.status, 200);
    const resume = await pageFetch(page, `/api/jobs/${itemId}/resume`, { method: 'POST', csrf: true });
    assert.equal(resume.status, 409);
    assert.match(resume.body.error?.message ?? '', /continues it from its latest checkpoint by itself/);
    const keep = await page.evaluate(async (id) => {
      const { csrfToken } = (await (await fetch('/api/config')).json()) as { csrfToken: string };
      const response = await fetch(`/api/jobs/${id}/cancel`, { method: 'POST', headers: { 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' }, body: JSON.stringify({ keep: true }) });
      return { status: response.status, body: (await response.json()) as { error: { message: string } } };
    }, itemId);
    assert.equal(keep.status, 409);
    assert.match(keep.body.error.message, /Stop and keep is not available on a hosted deployment/);
  });

  test('the guest creates an account in place and keeps its painting', async () => {
    assert.ok(itemId, 'the guest painted something first');
    const page = contexts[0].pages()[0];
    await page.click('#open-account');
    await page.fill('#sign-up-email', GRACE.email);
    await page.fill('#sign-up-password', GRACE.password);
    await Promise.all([page.waitForEvent('load'), page.click('#sign-up-submit')]);
    await page.waitForSelector('#sign-out');
    assert.equal(await page.innerText('#account-name'), GRACE.email);
    await page.locator(`.gallery-card[data-item-id="${itemId}"].status-done`).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'hosted-studio-member.png') });
  });

  test('another person sees none of it: an empty gallery, and 404 for the painting, its image and its job', async () => {
    assert.ok(itemId, 'the guest painted something first');
    const page = await newPerson();
    await page.click('#sign-up-email');
    await page.fill('#sign-up-email', LINUS.email);
    await page.fill('#sign-up-password', LINUS.password);
    await Promise.all([page.waitForEvent('load'), page.click('#sign-up-submit')]);
    assert.equal(await page.innerText('#account-name'), LINUS.email);
    await page.waitForSelector('#gallery .empty');
    assert.equal(await page.locator('.gallery-card').count(), 0);
    for (const path of [`/api/gallery/${itemId}`, `/api/gallery/${itemId}/image`, `/api/gallery/${itemId}/thumbnail`, `/api/jobs/${itemId}`]) {
      const answer = await pageFetch(page, path);
      assert.equal(answer.status, 404, `${path}: ${JSON.stringify(answer.body)}`);
    }
    const owner = contexts[0].pages()[0];
    const content = String(((await pageFetch(owner, `/api/gallery/${itemId}`)).body.settings as { content: string }).content);
    assert.equal((await pageFetch(owner, `/api/uploads/${content}/thumbnail`)).status, 200, 'its owner sees the photo');
    for (const path of [`/api/uploads/${content}`, `/api/uploads/${content}/image`, `/api/uploads/${content}/thumbnail`]) {
      assert.equal((await pageFetch(page, path)).status, 404, `${path}: another person's photo`);
    }
    const removed = await pageFetch(page, `/api/gallery/${itemId}`, { method: 'DELETE', csrf: true });
    assert.equal(removed.status, 404, 'nor can it delete it');
    const opened = await page.goto(`${api.url}/api/gallery/${itemId}/image`);
    assert.equal(opened?.status(), 404, 'opening its URL in the browser: 404');
  });

  test('signing out shows the welcome panel; signing in brings the gallery back', async () => {
    const page = contexts[0].pages()[0];
    await Promise.all([page.waitForEvent('load'), page.click('#sign-out')]);
    await page.locator('#account-panel').waitFor();
    assert.equal((await pageFetch(page, '/api/gallery')).status, 401, 'signed out: the cookie no longer works');
    await page.fill('#sign-in-email', GRACE.email);
    await page.fill('#sign-in-password', GRACE.password);
    await Promise.all([page.waitForEvent('load'), page.click('#sign-in-submit')]);
    await page.waitForFunction((id) => {
      const img = document.querySelector<HTMLImageElement>(`.gallery-card[data-item-id="${id}"] .gallery-image img`);
      return Boolean(img && img.complete && img.naturalWidth > 0);
    }, itemId);
    assert.deepEqual(pageErrors, [], 'no script errors and no CSP refusals');
  });

  test('over HTTP: a guest session upgrades only with its CSRF token, and keeps its id', async () => {
    const guest = await fetch(`${api.url}/api/sessions/guest`, { method: 'POST' });
    assert.equal(guest.status, 201);
    const body = (await guest.json()) as { userId: string; kind: string; csrfToken: string };
    assert.equal(body.kind, 'guest');
    const cookie = /^(painterly_session=[^;]+)/.exec(guest.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(cookie);
    assert.match(guest.headers.get('set-cookie') ?? '', /HttpOnly/i);
    const credentials = JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery staple' });
    const without = await fetch(`${api.url}/api/accounts`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: credentials });
    assert.equal(without.status, 403);
    assert.match(((await without.json()) as { error: { message: string } }).error.message, /X-CSRF-Token/);
    const upgraded = await fetch(`${api.url}/api/accounts`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': body.csrfToken }, body: credentials });
    assert.equal(upgraded.status, 201);
    const account = (await upgraded.json()) as { userId: string; kind: string };
    assert.deepEqual([account.userId, account.kind], [body.userId, 'member']);
    const config = (await (await fetch(`${api.url}/api/config`, { headers: { Cookie: cookie } })).json()) as { account: { kind: string; accountEmail: string }; csrfToken: string };
    assert.deepEqual([config.account.kind, config.account.accountEmail, config.csrfToken], ['member', 'ada@example.com', body.csrfToken]);
  });
});
