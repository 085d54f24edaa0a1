/**
 * The account e-mails' links in the hosted studio page, as people use them in a real headless
 * Chromium: with `--public-url` the verification e-mail of a sign-up made in the page carries
 * `URL/#verify=TOKEN`, and that link (parsed from the received e-mail) opened in the browser
 * confirms the address (`GET /api/me` says so) and takes the token out of the address bar; opened
 * again it says it was used; an expired one says so and, once signed in, offers a new e-mail.
 * "Forgot password?" (by keyboard, at 390×844) answers the same words
 * for an unknown address and a known one; the reset e-mail's link opens "Choose a new password",
 * which refuses a short password in words, then "Password changed — sign in": the new password
 * signs in, the old one does not; a 429 says the wait in words. Real redis-server, PostgreSQL,
 * s3rver and a local SMTP server (`smtp-server`); one API node from `dist/` (build first:
 * `npm run build`), no worker.
 */
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS } from './helpers/browser-page.js';
import { REPO_ROOT } from './helpers/cli.js';
import { freePort, startApiNode, startServices, type GroupProcess, type Services } from './helpers/cluster.js';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './helpers/mail-catcher.js';
import { CHROMIUM, chromiumSkip, clusterSkip } from './helpers/required-tools.js';

const MAY = { email: 'may@example.com', password: 'may has a long password' };
const FROM = 'Painterly <accounts@test.invalid>';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
/** Generous: pages and scrypt hashes on 2 busy shared cores. */
const STEP_TIMEOUT_MS = 60_000;

/**
 * The text of a raw e-mail as its reader sees it: the body after the headers, decoded from its
 * transfer encoding (nodemailer sends long lines quoted-printable, where `=` is `=3D` and lines
 * break with a trailing `=`).
 */
function mailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).trimStart();
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('account e-mail links in the hosted studio page (redis, PostgreSQL, S3, SMTP, one API node with --public-url, Chromium)', { skip: clusterSkip() || chromiumSkip() }, () => {
  let services: Services;
  let api: GroupProcess & { url: string; home: string };
  let publicUrl = '';
  let catcher: MailCatcher | undefined;
  let database: pg.Pool;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let mails: CaughtMail[] = [];
  const seen = new Set<string>();

  /** The text of the first e-mail to `to` with `subject` not taken yet, once it arrives. */
  async function mailTo(to: string, subject: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mail = mails.find((item) => item.to.includes(to) && item.text.includes(`Subject: ${subject}`) && !seen.has(item.text));
      if (mail) {
        seen.add(mail.text);
        return mailText(mail.text);
      }
      assert.ok(Date.now() < deadline, `an e-mail to ${to} about "${subject}" (${mails.length} e-mails)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The link of an e-mail's text, for `kind`; it must lead to the public address. */
  function linkIn(text: string, kind: 'verify' | 'reset'): string {
    const link = new RegExp(`^(\\S+/#${kind}=[A-Za-z0-9_-]{43})$`, 'm').exec(text)?.[1];
    assert.ok(link, `a ${kind} link on a line of its own: ${text}`);
    assert.ok(link.startsWith(`${publicUrl}/#${kind}=`), `the link leads to --public-url: ${link}`);
    return link;
  }

  /** A browser context of its own (its own cookies). */
  async function newContext(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    contexts.push(context);
    return context;
  }

  /** A new tab of `context` at `url`, as when a link in an e-mail is opened. */
  async function open(context: BrowserContext, url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(url);
    return page;
  }

  const me = (page: Page): Promise<{ status: number; emailVerified?: boolean }> =>
    page.evaluate(async () => {
      const response = await fetch('/api/me');
      return { status: response.status, ...((await response.json()) as { emailVerified?: boolean }) };
    });

  before(async () => {
    services = await startServices();
    catcher = await startMailCatcher();
    mails = catcher.mails;
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    // A trailing slash as an operator might type it; the links have one slash before the fragment.
    const args = ['--port', String(port), '--smtp', catcher.url, '--mail-from', FROM, '--public-url', `${publicUrl}/`];
    api = await startApiNode(services, args);
    assert.equal(api.url, publicUrl);
    database = new pg.Pool({ connectionString: services.database, max: 1 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await database?.end();
    if (api) {
      await api.kill('SIGKILL');
      await rm(api.home, { recursive: true, force: true });
    }
    await services?.dispose();
    await catcher?.close();
  });

  test('an account made in the page: the verification e-mail\'s link confirms it in the page (GET /api/me says so), and a second open says the link was used', async () => {
    const context = await newContext();
    const page = await open(context, publicUrl);
    await page.fill('#sign-up-email', MAY.email);
    await page.fill('#sign-up-password', MAY.password);
    await Promise.all([page.waitForEvent('load'), page.click('#sign-up-submit')]);
    assert.equal(await page.innerText('#account-name'), MAY.email);
    assert.equal((await me(page)).emailVerified, false, 'not verified before the link is opened');

    const text = await mailTo(MAY.email, 'Painterly: confirm your e-mail address');
    const link = linkIn(text, 'verify');
    const tab = await open(context, link);
    await tab.locator('#account-notice-title', { hasText: 'E-mail address confirmed' }).waitFor();
    assert.match(await tab.innerText('#account-notice'), new RegExp(`${MAY.email.replace('.', '\\.')} is confirmed`));
    assert.equal(tab.url(), `${publicUrl}/`, 'the token is taken out of the address bar');
    assert.equal((await me(tab)).emailVerified, true);
    await tab.screenshot({ path: join(ARTIFACTS, 'hosted-studio-verified.png') });

    const again = await open(context, link);
    await again.locator('#account-notice-title', { hasText: 'This link was used already' }).waitFor();
    assert.match(await again.innerText('#account-notice-text'), /works once.*nothing more to do/);
    assert.equal(again.url(), `${publicUrl}/`);
  });

  test('an expired link says so; signed out, the page offers a new e-mail once signed in, and that e-mail\'s link confirms the address', async () => {
    const ned = { email: 'ned@example.com', password: 'ned has a long password' };
    const first = await open(await newContext(), publicUrl);
    await first.fill('#sign-up-email', ned.email);
    await first.fill('#sign-up-password', ned.password);
    await Promise.all([first.waitForEvent('load'), first.click('#sign-up-submit')]);
    const link = linkIn(await mailTo(ned.email, 'Painterly: confirm your e-mail address'), 'verify');
    const { rowCount } = await database.query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'verify-email' AND address = $1`, [ned.email]);
    assert.equal(rowCount, 1);

    // Another browser, signed out: the link has expired, and signing in is the way to a new one.
    const page = await open(await newContext(), link);
    await page.locator('#account-notice-title', { hasText: 'This link has expired' }).waitFor();
    assert.match(await page.innerText('#account-notice-text'), /Sign in, and this page offers to send a new one/);
    assert.equal(await page.locator('#account-panel').isVisible(), true, 'with the sign-in form below');
    await page.fill('#sign-in-email', ned.email);
    await page.fill('#sign-in-password', ned.password);
    await Promise.all([page.waitForEvent('load'), page.click('#sign-in-submit')]);
    await page.locator('#account-notice-resend').click();
    await page.locator('#account-notice-status', { hasText: `Sent to ${ned.email}` }).waitFor();
    const fresh = linkIn(await mailTo(ned.email, 'Painterly: confirm your e-mail address'), 'verify');
    assert.notEqual(fresh, link);
    const tab = await open(page.context(), fresh);
    await tab.locator('#account-notice-title', { hasText: 'E-mail address confirmed' }).waitFor();
    assert.equal((await me(tab)).emailVerified, true);
    await tab.reload();
    await tab.locator('#account-name').waitFor();
    assert.equal(await tab.locator('#account-notice').count(), 0, 'no notice after a reload');
  });

  test('"Forgot password?" by keyboard at 390×844 → the reset e-mail\'s link → a new password: it signs in, the old one does not', async () => {
    const context = await newContext({ width: 390, height: 844 });
    const page = await open(context, publicUrl);
    await page.locator('#account-panel').waitFor();
    await page.focus('#sign-in-email');
    await page.keyboard.type('nobody@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sign-in-forgot', 'Forgot password? follows the password field');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'forgot-email', 'the e-mail field has the focus');
    assert.equal(await page.inputValue('#forgot-email'), 'nobody@example.com', 'with what the sign-in form had');
    assert.equal(await page.getAttribute('label[for="forgot-email"]', 'for'), 'forgot-email');
    await page.keyboard.press('Enter');
    await page.locator('#forgot-status', { hasText: 'on its way' }).waitFor();
    const unknownWords = await page.innerText('#forgot-status');
    assert.match(unknownWords, /^If an account uses that address, an e-mail is on its way/);

    await page.fill('#forgot-email', MAY.email);
    await page.evaluate(() => (document.getElementById('forgot-status')!.textContent = ''));
    await page.press('#forgot-email', 'Enter');
    await page.locator('#forgot-status', { hasText: 'on its way' }).waitFor();
    assert.equal(await page.innerText('#forgot-status'), unknownWords, 'the same words whether or not an account uses the address');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'nothing wider than the phone');
    await page.screenshot({ path: join(ARTIFACTS, 'hosted-studio-forgot-390.png'), fullPage: true });

    const link = linkIn(await mailTo(MAY.email, 'Painterly: set a new password'), 'reset');
    const tab = await open(context, link);
    await tab.locator('#reset-title', { hasText: 'Choose a new password' }).waitFor();
    assert.equal(tab.url(), `${publicUrl}/`, 'the token is taken out of the address bar');
    assert.equal(await tab.locator('main.layout').isVisible(), false, 'the form stands in for the studio');
    assert.equal(await tab.evaluate(() => document.activeElement?.id), 'reset-password');
    await tab.keyboard.type('too short');
    await tab.keyboard.press('Tab');
    assert.equal(await tab.evaluate(() => document.activeElement?.id), 'reset-repeat');
    await tab.keyboard.type('too short');
    await tab.keyboard.press('Enter');
    await tab.locator('#reset-error', { hasText: 'at least 10 characters (this one has 9)' }).waitFor();
    const newPassword = 'may chose a new password';
    await tab.fill('#reset-password', newPassword);
    await tab.fill('#reset-repeat', `${newPassword}!`);
    await tab.click('#reset-submit');
    await tab.locator('#reset-error', { hasText: 'The two passwords differ' }).waitFor();
    await tab.fill('#reset-repeat', newPassword);
    await tab.click('#reset-submit');
    await tab.locator('#reset-title', { hasText: 'Password changed — sign in' }).waitFor();
    assert.ok(await tab.evaluate(() => document.documentElement.scrollWidth <= 390), 'nothing wider than the phone');
    await tab.screenshot({ path: join(ARTIFACTS, 'hosted-studio-password-changed-390.png'), fullPage: true });

    await tab.fill('#sign-in-email', MAY.email);
    await tab.fill('#sign-in-password', MAY.password);
    await tab.click('#sign-in-submit');
    await tab.locator('#sign-in-error', { hasText: /\S/ }).waitFor();
    assert.match(await tab.innerText('#sign-in-error'), /^Wrong e-mail address or password/, 'the old password does not sign in');
    assert.equal((await me(tab)).status, 401);
    await tab.fill('#sign-in-password', newPassword);
    await Promise.all([tab.waitForEvent('load'), tab.click('#sign-in-submit')]);
    await tab.locator('#sign-out').waitFor();
    assert.equal(await tab.innerText('#account-name'), MAY.email);
    assert.equal((await me(tab)).emailVerified, true);

    const reused = await open(await newContext(), link);
    await reused.locator('#reset-password').fill('yet another long password');
    await reused.locator('#reset-repeat').fill('yet another long password');
    await reused.click('#reset-submit');
    await reused.locator('#reset-title', { hasText: 'This link was used already' }).waitFor();
    assert.equal(await reused.locator('#sign-in-forgot').isVisible(), true, 'with Forgot password? for a new link');
  });

  test('a 429 of Forgot password? says the wait in words', async () => {
    const context = await newContext();
    const page = await open(context, publicUrl);
    await page.click('#sign-in-forgot');
    await page.fill('#forgot-email', 'limited@example.com');
    for (let request = 1; request <= 3; request++) {
      await page.evaluate(() => (document.getElementById('forgot-status')!.textContent = ''));
      await page.click('#forgot-submit');
      await page.locator('#forgot-status', { hasText: 'on its way' }).waitFor();
    }
    await page.click('#forgot-submit');
    const error = page.locator('#forgot-error');
    await error.filter({ hasText: 'Try again' }).waitFor();
    assert.match(await error.innerText(), /^Too many password-reset requests.* Try again in (\d+ minutes|an hour), at \d\d:\d\d( [AP]M)?\.$/);
    assert.doesNotMatch(await error.innerText(), /Retry-After|\/api\//, 'no API words');
    assert.deepEqual(pageErrors, [], 'no script errors and no CSP refusals');
  });
});
