/**
 * Accounts with passwords on a hosted deployment, as a browser and an operator see them: sign-up,
 * sign-in with a session cookie, CSRF protection of the cookie's changes, sign-out, a guest
 * upgrading its account, the password hash in PostgreSQL (checked with Python's own scrypt), and
 * the admin queue view, over HTTP and in a real headless Chromium. Real redis-server, PostgreSQL
 * and s3rver, one API node from `dist/`, no workers (nothing here paints).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { SHARED_IMAGES } from './helpers/cli.js';
import { startApiNode, startServices, type GroupProcess, type Services } from './helpers/cluster.js';
import { HostedUser } from './helpers/hosted-api.js';
import { createServer, type Server } from 'node:http';
import { CHROMIUM_ARGS } from './helpers/browser-page.js';
import { CHROMIUM, chromiumSkip, clusterSkip } from './helpers/required-tools.js';

const CONTENT = join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg');
const ADMIN = 'ops@example.com';
const ADA = { email: 'ada@example.com', password: 'correct horse battery staple' };

/** A response with what these tests look at. */
interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
  text: string;
}

/** A request to the API node, with an optional session cookie, CSRF token and extra headers. */
async function call(url: string, path: string, init: { method?: string; json?: unknown; body?: Uint8Array; cookie?: string; csrf?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = {
    ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...(init.cookie ? { Cookie: init.cookie } : {}),
    ...(init.csrf ? { 'X-CSRF-Token': init.csrf } : {}),
    ...init.headers,
  };
  const response = await fetch(`${url}${path}`, { method: init.method ?? (init.json === undefined && !init.body ? 'GET' : 'POST'), headers, body: init.json === undefined ? (init.body as BodyInit | undefined) : JSON.stringify(init.json) });
  const text = await response.text();
  const body = (response.headers.get('content-type') ?? '').includes('application/json') ? (JSON.parse(text) as Answer['body']) : {};
  return { status: response.status, headers: response.headers, body, text };
}

/** Signs in; resolves with the cookie to send back (`name=value`), the CSRF token and the whole answer. */
async function signIn(url: string, credentials: { email: string; password: string }, headers: Record<string, string> = {}): Promise<{ cookie: string; csrf: string; answer: Answer }> {
  const answer = await call(url, '/api/sessions', { json: credentials, headers });
  assert.equal(answer.status, 200, answer.text);
  const setCookie = answer.headers.get('set-cookie') ?? '';
  const cookie = /^(painterly_session=[^;]+)/.exec(setCookie)?.[1];
  assert.ok(cookie, `a session cookie: ${setCookie}`);
  return { cookie, csrf: String(answer.body.csrfToken), answer };
}

/** Whether `password` matches the PHC scrypt string `stored`, computed by Python's hashlib (OpenSSL), not by Node. */
function pythonVerifies(password: string, stored: string): boolean {
  const script = [
    'import base64, hashlib, hmac, sys',
    'password, stored = sys.argv[1], sys.argv[2]',
    '_, name, params, salt, key = stored.split("$")',
    'assert name == "scrypt", name',
    'p = dict(item.split("=") for item in params.split(","))',
    'unb64 = lambda text: base64.b64decode(text + "=" * (-len(text) % 4))',
    'salt, key = unb64(salt), unb64(key)',
    'n, r, par = 2 ** int(p["ln"]), int(p["r"]), int(p["p"])',
    'derived = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=par, maxmem=4 * 128 * n * r, dklen=len(key))',
    'print("match" if hmac.compare_digest(derived, key) else "mismatch", len(salt), len(key), n, r, par)',
  ].join('\n');
  const result = spawnSync('/usr/bin/python3', ['-c', script, password, stored], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  // The parameters the issue asks for: N = 2^15, r = 8, p = 1, a 16-byte salt and a 64-byte key.
  assert.match(result.stdout, / 16 64 32768 8 1$/m, result.stdout);
  return result.stdout.startsWith('match');
}

describe('accounts on a hosted deployment (redis, PostgreSQL, S3, one API node)', { skip: clusterSkip() }, () => {
  let services: Services;
  let api: GroupProcess & { url: string; home: string };
  let database: pg.Pool;
  const nodes: (GroupProcess & { home: string })[] = [];

  before(async () => {
    services = await startServices();
    api = await startApiNode(services, ['--admin-email', ADMIN]);
    nodes.push(api);
    database = new pg.Pool({ connectionString: services.database, max: 2 });
  });

  after(async () => {
    await database?.end();
    for (const node of nodes) {
      await node.kill('SIGKILL');
      await rm(node.home, { recursive: true, force: true });
    }
    await services?.dispose();
  });

  test('sign-up makes a member; bad credentials are named without echoing the password; a taken address is 409 naming sign-in', async () => {
    const created = await call(api.url, '/api/accounts', { json: ADA });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.kind, 'member');
    assert.equal(created.body.role, 'user');
    assert.equal(created.body.accountEmail, ADA.email);
    assert.equal(created.headers.get('set-cookie'), null, 'sign-up does not sign in');

    const again = await call(api.url, '/api/accounts', { json: { email: 'ADA@example.com', password: 'another password 123' } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error?.code, 'CONFLICT');
    assert.match(again.body.error!.message, /exists already\. Sign in instead \(POST \/api\/sessions\)/);

    const short = await call(api.url, '/api/accounts', { json: { email: 'bob@example.com', password: 'tiny pw' } });
    assert.equal(short.status, 400);
    assert.equal(short.body.error?.field, 'password');
    assert.match(short.body.error!.message, /Expected a password of 10 to 1024 characters for password but received 7 characters/);
    assert.doesNotMatch(short.text, /tiny pw/);
    const long = await call(api.url, '/api/accounts', { json: { email: 'bob@example.com', password: 'x'.repeat(1025) } });
    assert.equal(long.status, 400);
    assert.equal(long.body.error?.field, 'password');

    const notAnAddress = await call(api.url, '/api/accounts', { json: { email: 'bob at example', password: 'long enough password' } });
    assert.equal(notAnAddress.status, 400);
    assert.equal(notAnAddress.body.error?.field, 'email');
    assert.match(notAnAddress.body.error!.message, /Expected an e-mail address for email but received "bob at example"/);
  });

  test('a wrong password and an unknown address answer the same 401', async () => {
    const wrongPassword = await call(api.url, '/api/sessions', { json: { email: ADA.email, password: 'not the password at all' } });
    const unknownAddress = await call(api.url, '/api/sessions', { json: { email: 'nobody@example.com', password: ADA.password } });
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknownAddress.status, 401);
    assert.equal(wrongPassword.text, unknownAddress.text);
    assert.match(wrongPassword.body.error!.message, /Wrong e-mail address or password/);
    assert.equal(wrongPassword.headers.get('set-cookie'), null);
  });

  test('the session cookie works for reads, and for changes only with the X-CSRF-Token of its session and from its own origin', async () => {
    const { cookie, csrf, answer } = await signIn(api.url, { email: 'Ada@Example.com', password: ADA.password });
    const setCookie = answer.headers.get('set-cookie')!;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.match(setCookie, /Path=\//);
    assert.match(setCookie, /Max-Age=2592000/);
    assert.doesNotMatch(setCookie, /Secure/i, 'plain HTTP on loopback: not Secure');
    assert.match(cookie, /^painterly_session=[A-Za-z0-9_-]{43}$/);
    assert.equal(answer.body.kind, 'member');

    const jobs = await call(api.url, '/api/jobs', { cookie });
    assert.equal(jobs.status, 200, jobs.text);
    assert.deepEqual(jobs.body.jobs, []);
    const me = await call(api.url, '/api/me', { cookie });
    assert.equal(me.status, 200);
    assert.equal(me.body.accountEmail, ADA.email);
    assert.equal(me.body.csrfToken, csrf, 'GET /api/me answers the same CSRF token');

    const image = new Uint8Array(await (await import('node:fs/promises')).readFile(CONTENT));
    const withoutToken = await call(api.url, '/api/uploads?name=photo.jpg', { body: image, cookie });
    assert.equal(withoutToken.status, 403);
    assert.equal(withoutToken.body.error?.code, 'FORBIDDEN');
    assert.match(withoutToken.body.error!.message, /X-CSRF-Token/);
    const otherSession = await signIn(api.url, ADA);
    assert.notEqual(otherSession.csrf, csrf);
    const wrongToken = await call(api.url, '/api/uploads?name=photo.jpg', { body: image, cookie, csrf: otherSession.csrf });
    assert.equal(wrongToken.status, 403, 'the token of another session does not fit');
    const otherSite = await call(api.url, '/api/uploads?name=photo.jpg', { body: image, cookie, csrf, headers: { Origin: 'https://evil.example' } });
    assert.equal(otherSite.status, 403);
    assert.match(otherSite.body.error!.message, /another site \(Origin "https:\/\/evil\.example"/);
    const { count: before } = (await database.query<{ count: string }>('SELECT count(*) FROM uploads u JOIN users s ON s.id = u.user_id WHERE s.account_email = $1', [ADA.email])).rows[0];
    assert.equal(Number(before), 0, 'nothing was stored by the refused uploads');

    const uploaded = await call(api.url, '/api/uploads?name=photo.jpg', { body: image, cookie, csrf, headers: { Origin: api.url } });
    assert.equal(uploaded.status, 201, uploaded.text);
    const listed = await call(api.url, '/api/keys', { cookie });
    assert.equal(listed.status, 200);
    // A key made by the signed-in browser needs no CSRF token: a key is sent in a header no other site can set.
    const made = await call(api.url, '/api/keys', { method: 'POST', cookie, csrf });
    assert.equal(made.status, 201, made.text);
    const keyed = new HostedUser(api.url, String((made.body as { key: string }).key), String(me.body.userId));
    const byKey = await keyed.call('/api/jobs', { method: 'GET' });
    assert.equal(byKey.status, 200);
    const keyedChange = await keyed.call('/api/me/email', { method: 'PUT', json: { email: ADA.email } });
    assert.equal(keyedChange.status, 200, 'a keyed change needs no CSRF token');

    // Behind a TLS proxy the cookie is Secure.
    const overHttps = await signIn(api.url, ADA, { 'X-Forwarded-Proto': 'https' });
    assert.match(overHttps.answer.headers.get('set-cookie')!, /;\s*Secure/i);
  });

  test('the password hash in PostgreSQL is not the password, and Python\'s own scrypt verifies it with the stored salt and parameters', async () => {
    const { rows } = await database.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE account_email = $1', [ADA.email]);
    const stored = rows[0].password_hash;
    assert.ok(!stored.includes(ADA.password));
    assert.match(stored, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert.equal(pythonVerifies(ADA.password, stored), true);
    assert.equal(pythonVerifies(`${ADA.password}!`, stored), false);
    // A random salt per hash: the same password signs up twice to two different hashes.
    await call(api.url, '/api/accounts', { json: { email: 'twin@example.com', password: ADA.password } });
    const twin = (await database.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE account_email = $1', ['twin@example.com'])).rows[0].password_hash;
    assert.notEqual(twin, stored);
    assert.equal(pythonVerifies(ADA.password, twin), true);
  });

  test('sign-out ends the session: its cookie answers 401 afterwards; signing in again ends the session the browser had', async () => {
    const first = await signIn(api.url, ADA);
    const second = await call(api.url, '/api/sessions', { json: ADA, cookie: first.cookie });
    assert.equal(second.status, 200);
    assert.equal((await call(api.url, '/api/jobs', { cookie: first.cookie })).status, 401, 'the replaced session ended');
    const { cookie, csrf } = await signIn(api.url, ADA);
    const withoutToken = await call(api.url, '/api/sessions/current', { method: 'DELETE', cookie });
    assert.equal(withoutToken.status, 403, 'sign-out is a change too');
    const out = await call(api.url, '/api/sessions/current', { method: 'DELETE', cookie, csrf });
    assert.equal(out.status, 204, out.text);
    assert.match(out.headers.get('set-cookie') ?? '', /painterly_session=;.*Max-Age=0/i);
    const after = await call(api.url, '/api/jobs', { cookie });
    assert.equal(after.status, 401);
    assert.match(after.body.error!.message, /session has ended or expired\. Sign in again/);
    const none = await call(api.url, '/api/jobs');
    assert.equal(none.status, 401);
    assert.match(none.body.error!.message, /Authorization: Bearer pk_.*or sign in \(POST \/api\/sessions\)/);
  });

  test('a guest upgrades its own account with its key: same id, same keys, and it can sign in', async () => {
    const guest = await HostedUser.guest(api.url);
    const upgraded = await guest.call('/api/accounts', { json: { email: 'grace@example.com', password: 'a guest no longer' } });
    assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
    assert.equal(upgraded.body.userId, guest.userId);
    assert.equal(upgraded.body.kind, 'member');
    assert.equal((await guest.call('/api/jobs')).status, 200, 'its key still works');
    const twice = await guest.call('/api/accounts', { json: { email: 'grace2@example.com', password: 'a guest no longer' } });
    assert.equal(twice.status, 409);
    assert.match((twice.body as { error: { message: string } }).error.message, /already has an e-mail address and password\. Sign in with them/);
    const { answer } = await signIn(api.url, { email: 'grace@example.com', password: 'a guest no longer' });
    assert.equal(answer.body.userId, guest.userId);
  });

  test('the admin queue view: 401 without credentials, 403 for a user, the bull-board page for the --admin-email account', async () => {
    const anonymous = await call(api.url, '/admin/queues');
    assert.equal(anonymous.status, 401);
    const ada = await signIn(api.url, ADA);
    const forUser = await call(api.url, '/admin/queues', { cookie: ada.cookie });
    assert.equal(forUser.status, 403);
    assert.match(forUser.body.error!.message, /admins only.*--admin-email/);
    const forUserApi = await call(api.url, '/admin/queues/api/queues', { cookie: ada.cookie });
    assert.equal(forUserApi.status, 403, 'the view\'s own API is guarded too');

    const admin = await call(api.url, '/api/accounts', { json: { email: ADMIN, password: 'operator password' } });
    assert.equal(admin.status, 201);
    assert.equal(admin.body.role, 'admin', 'the --admin-email account is an admin from sign-up');
    const { cookie } = await signIn(api.url, { email: ADMIN, password: 'operator password' });
    const page = await call(api.url, '/admin/queues', { cookie });
    assert.equal(page.status, 200, page.text.slice(0, 300));
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page.text, /Painterly queues/);
    const queues = await call(api.url, '/admin/queues/api/queues', { cookie });
    assert.equal(queues.status, 200, queues.text.slice(0, 300));
    const names = (queues.body.queues as { name: string; readOnlyMode: boolean }[]).map((queue) => queue.name).sort();
    assert.deepEqual(names, ['painterly-fast', 'painterly-notify', 'painterly-quality', 'painterly-visualize']);
    assert.ok((queues.body.queues as { readOnlyMode: boolean }[]).every((queue) => queue.readOnlyMode), 'read-only');
  });

  test('--admin-email makes an existing account an admin at start-up', async () => {
    const second = await startApiNode(services, ['--admin-email', ADA.email]);
    nodes.push(second);
    const { cookie } = await signIn(second.url, ADA);
    const page = await call(second.url, '/admin/queues', { cookie });
    assert.equal(page.status, 200, page.text.slice(0, 300));
    const me = await call(second.url, '/api/me', { cookie });
    assert.equal(me.body.role, 'admin');
  });

  test('in Chromium: sign-in from the node\'s page sets an HttpOnly cookie, changes need the CSRF token, another origin\'s form is refused, and the admin sees the queues', { skip: chromiumSkip() }, async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    // Another origin on the same machine (same site, other port): a page that posts a form to the API node.
    const attacker: Server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end(`<form method="post" action="${api.url}/api/keys" enctype="text/plain"><input name="a" value="b"><button>go</button></form>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', () => resolve()));
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${api.url}/api/health`);
      const seen = await page.evaluate(async (credentials) => {
        const json = { 'Content-Type': 'application/json' };
        const signIn = await fetch('/api/sessions', { method: 'POST', headers: json, body: JSON.stringify(credentials) });
        const { csrfToken } = (await signIn.json()) as { csrfToken: string };
        const withoutToken = await fetch('/api/keys', { method: 'POST' });
        const me = (await (await fetch('/api/me')).json()) as { csrfToken: string; role: string };
        const withToken = await fetch('/api/keys', { method: 'POST', headers: { 'X-CSRF-Token': me.csrfToken } });
        return { signIn: signIn.status, sameToken: csrfToken === me.csrfToken, role: me.role, withoutToken: withoutToken.status, withToken: withToken.status, cookies: document.cookie };
      }, { email: ADMIN, password: 'operator password' });
      assert.deepEqual(seen, { signIn: 200, sameToken: true, role: 'admin', withoutToken: 403, withToken: 201, cookies: '' }, 'HttpOnly: the page\'s script cannot read the cookie');
      const adminId = (await database.query<{ id: string }>('SELECT id FROM users WHERE account_email = $1', [ADMIN])).rows[0].id;
      const keysBefore = Number((await database.query<{ count: string }>('SELECT count(*) FROM api_keys WHERE user_id = $1', [adminId])).rows[0].count);
      assert.equal(keysBefore, 1);

      const { port } = attacker.address() as { port: number };
      await page.goto(`http://127.0.0.1:${port}/`);
      await Promise.all([page.waitForURL(`${api.url}/api/keys`), page.click('button')]);
      assert.match(await page.textContent('body') ?? '', /FORBIDDEN.*another site \(Origin \\"http:\/\/127\.0\.0\.1:\d+\\"/);
      const keysAfter = Number((await database.query<{ count: string }>('SELECT count(*) FROM api_keys WHERE user_id = $1', [adminId])).rows[0].count);
      assert.equal(keysAfter, keysBefore, 'the other origin\'s form made no key');

      await page.goto(`${api.url}/admin/queues`);
      for (const name of ['painterly-quality', 'painterly-fast', 'painterly-notify']) await page.getByText(name, { exact: true }).first().waitFor({ timeout: 30_000 });
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
  });

  test('the OpenAPI description has the account routes and the session scheme', async () => {
    const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown>; components: { securitySchemes: Record<string, { in?: string; name?: string }>; schemas: Record<string, { properties?: Record<string, { minLength?: number }> }> } };
    for (const path of ['/api/accounts', '/api/sessions', '/api/sessions/current', '/api/me', '/admin/queues']) assert.ok(document.paths[path], path);
    assert.deepEqual([document.components.securitySchemes.session.in, document.components.securitySchemes.session.name], ['cookie', 'painterly_session']);
    assert.equal(document.components.schemas.Credentials.properties!.password.minLength, 10);
  });
});
