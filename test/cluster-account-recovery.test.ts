/**
 * Account recovery and abuse limits on a hosted deployment, as users see them: the verification
 * e-mail of sign-up (its token works once), a job e-mail address verified the same way, a password
 * reset from the received e-mail (old password, old session and the used token refused after), the
 * same 202 and no e-mail for an unknown address, a password change ending the other sessions, and
 * the limits: the 6th wrong password answers 429 with Retry-After on either of two API nodes (the
 * counters live in Redis), another client address still signs in, a success clears the count,
 * sign-ups and reset requests are limited too. Real redis-server, PostgreSQL, s3rver and a local
 * SMTP server (`smtp-server`); two API nodes from `dist/`, no workers.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { emailOf } from '../src/server/hosted/email.js';
import { startApiNode, startServices, type GroupProcess, type Services } from './helpers/cluster.js';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './helpers/mail-catcher.js';
import { clusterSkip } from './helpers/required-tools.js';

const ADA = { email: 'ada@example.com', password: 'correct horse battery staple' };
const FROM = 'Painterly <accounts@test.invalid>';

/** A response with what these tests look at. */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
  text: string;
}

/** A request to an API node from the client address `from` (a loopback address: 127.0.0.1 by default). */
function call(url: string, path: string, init: { method?: string; json?: unknown; cookie?: string; csrf?: string; from?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }),
    ...(init.cookie ? { Cookie: init.cookie } : {}),
    ...(init.csrf ? { 'X-CSRF-Token': init.csrf } : {}),
    ...init.headers,
  };
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, localAddress: init.from ?? '127.0.0.1' }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const json = (response.headers['content-type'] ?? '').includes('application/json') ? (JSON.parse(text) as Answer['body']) : {};
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: json, text });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Signs in; resolves with the cookie to send back (`name=value`) and the CSRF token. */
async function signIn(url: string, credentials: { email: string; password: string }, from?: string): Promise<{ cookie: string; csrf: string }> {
  const answer = await call(url, '/api/sessions', { json: credentials, from });
  assert.equal(answer.status, 200, answer.text);
  const setCookie = String(answer.headers['set-cookie'] ?? '');
  const cookie = /^(painterly_session=[^;]+)/.exec(setCookie)?.[1];
  assert.ok(cookie, `a session cookie: ${setCookie}`);
  return { cookie, csrf: String(answer.body.csrfToken) };
}

describe('account recovery and abuse limits on a hosted deployment (redis, PostgreSQL, S3, SMTP, two API nodes)', { skip: clusterSkip() }, () => {
  let services: Services;
  let api: GroupProcess & { url: string; home: string };
  let second: GroupProcess & { url: string; home: string };
  /** A node without --smtp, with --trust-proxy (started by the test that needs it first). */
  let plain: (GroupProcess & { url: string; home: string }) | undefined;
  const startPlain = async (): Promise<GroupProcess & { url: string; home: string }> => {
    if (!plain) {
      plain = await startApiNode(services, ['--trust-proxy']);
      nodes.push(plain);
    }
    return plain;
  };
  let database: pg.Pool;
  let redis: Redis;
  let catcher: MailCatcher | undefined;
  let mails: CaughtMail[] = [];
  const nodes: (GroupProcess & { home: string })[] = [];

  /** The first e-mail to `to` whose text matches `pattern` and that `seen` does not hold yet, once it arrives. */
  async function mailTo(to: string, pattern: RegExp, seen: Set<string> = new Set()): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mail = mails.find((item) => item.to.includes(to) && pattern.test(item.text) && !seen.has(item.text));
      if (mail) {
        seen.add(mail.text);
        return mail.text;
      }
      assert.ok(Date.now() < deadline, `an e-mail to ${to} matching ${pattern} (${mails.length} e-mails: ${mails.map((item) => item.to.join(',')).join('; ')})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const tokenIn = (text: string, name: 'Verification token' | 'Password reset token'): string => {
    const token = new RegExp(`${name}: ([A-Za-z0-9_-]{43})`).exec(text)?.[1];
    assert.ok(token, `a token in the e-mail: ${text}`);
    return token;
  };

  before(async () => {
    services = await startServices();
    catcher = await startMailCatcher();
    mails = catcher.mails;
    const mailArgs = ['--smtp', catcher.url, '--mail-from', FROM];
    [api, second] = await Promise.all([startApiNode(services, mailArgs), startApiNode(services, mailArgs)]);
    nodes.push(api, second);
    database = new pg.Pool({ connectionString: services.database, max: 2 });
    redis = new Redis(services.redis, { lazyConnect: true });
    await redis.connect();
  });

  after(async () => {
    await database?.end();
    redis?.disconnect();
    for (const node of nodes) {
      await node.kill('SIGKILL');
      await rm(node.home, { recursive: true, force: true });
    }
    await services?.dispose();
    await catcher?.close();
  });

  test('sign-up sends a verification e-mail; its token verifies the address once, and only its SHA-256 is stored, for 24 h', async () => {
    const created = await call(api.url, '/api/accounts', { json: ADA });
    assert.equal(created.status, 201, created.text);
    const { cookie } = await signIn(api.url, ADA);
    const before = await call(api.url, '/api/me', { cookie });
    assert.equal(before.body.emailVerified, false);

    const text = await mailTo(ADA.email, /Subject: Painterly: confirm your e-mail address/);
    assert.match(text, /From: Painterly <accounts@test\.invalid>/);
    const token = tokenIn(text, 'Verification token');
    assert.doesNotMatch(text, /#verify|https?:/, 'without --public-url the e-mail carries no link (its host would have to come from the request)');
    const { rows } = await database.query<{ matches: boolean; hours: number; address: string }>(
      `SELECT token_hash = sha256($1::bytea) AS matches, extract(epoch FROM expires_at - created_at) / 3600 AS hours, address FROM account_tokens WHERE purpose = 'verify-email'`,
      [Buffer.from(token)],
    );
    assert.equal(rows.length, 1);
    assert.deepEqual({ ...rows[0], hours: Number(rows[0].hours) }, { matches: true, hours: 24, address: ADA.email }, 'PostgreSQL\'s own sha256 of the e-mailed token is what is stored');
    const stored = await database.query('SELECT 1 FROM account_tokens WHERE encode(token_hash, \'escape\') LIKE $1', [`%${token}%`]);
    assert.equal(stored.rows.length, 0, 'the token itself is not stored');

    const bad = await call(api.url, '/api/accounts/verify', { json: { token: 'x'.repeat(43) } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error!.message, /token is not known.*POST \/api\/accounts\/verify\/resend/);
    const verified = await call(second.url, '/api/accounts/verify', { json: { token } });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.verified, ADA.email);
    assert.equal((await call(api.url, '/api/me', { cookie })).body.emailVerified, true);
    const again = await call(api.url, '/api/accounts/verify', { json: { token } });
    assert.equal(again.status, 410);
    assert.equal(again.body.error?.code, 'TOKEN_USED');
    assert.match(again.body.error!.message, /was used already; a token works once\. To do it again, ask for a new e-mail: POST \/api\/accounts\/verify\/resend/);
  });

  test('a job e-mail address is verified by e-mail too, and job e-mails go only to a verified address', async () => {
    const { cookie, csrf } = await signIn(api.url, ADA);
    const userId = String((await call(api.url, '/api/me', { cookie })).body.userId);
    const set = await call(api.url, '/api/me/email', { method: 'PUT', json: { email: 'ada.jobs@example.com' }, cookie, csrf });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.body, { email: 'ada.jobs@example.com', verified: false, verificationSent: true });
    const me = await call(api.url, '/api/me', { cookie });
    assert.deepEqual([me.body.emailVerified, me.body.notificationEmailVerified], [true, false]);
    assert.equal(await emailOf(database, userId), undefined, 'no job e-mails to an unverified address');

    const token = tokenIn(await mailTo('ada.jobs@example.com', /Verification token/), 'Verification token');
    assert.equal((await call(api.url, '/api/accounts/verify', { json: { token } })).status, 200);
    assert.equal((await call(api.url, '/api/me', { cookie })).body.notificationEmailVerified, true);
    assert.equal(await emailOf(database, userId), 'ada.jobs@example.com', 'job e-mails go to the verified address');
    const resend = await call(api.url, '/api/accounts/verify/resend', { method: 'POST', cookie, csrf });
    assert.equal(resend.status, 409);
    assert.match(resend.body.error!.message, /verified already/);
  });

  test('a resend sends a new verification e-mail (the old token still works), at most 3 verification e-mails an hour per account', async () => {
    const frank = { email: 'frank@example.com', password: 'frank has a long password' };
    assert.equal((await call(api.url, '/api/accounts', { json: frank, from: '127.0.0.9' })).status, 201);
    const seen = new Set<string>();
    const first = tokenIn(await mailTo(frank.email, /Verification token/, seen), 'Verification token');
    const { cookie, csrf } = await signIn(api.url, frank, '127.0.0.9');
    const resent = await call(second.url, '/api/accounts/verify/resend', { method: 'POST', cookie, csrf, from: '127.0.0.9' });
    assert.equal(resent.status, 202, resent.text);
    assert.deepEqual(resent.body.sent, [frank.email]);
    const next = tokenIn(await mailTo(frank.email, /Verification token/, seen), 'Verification token');
    assert.notEqual(next, first);
    assert.equal((await call(api.url, '/api/accounts/verify/resend', { method: 'POST', cookie, csrf, from: '127.0.0.9' })).status, 202);
    const limited = await call(api.url, '/api/accounts/verify/resend', { method: 'POST', cookie, csrf, from: '127.0.0.9' });
    assert.equal(limited.status, 429, limited.text);
    assert.ok(Number(limited.headers['retry-after']) > 3000);
    assert.match(limited.body.error!.message, /verification e-mails for the hour/);
    assert.equal((await call(api.url, '/api/accounts/verify', { json: { token: first } })).status, 200, 'an earlier e-mail\'s token still works');
    assert.equal((await call(api.url, '/api/me', { cookie })).body.emailVerified, true);
  });

  test('password reset from the received e-mail: the old password and the old session are refused after, and the token works once', async () => {
    const oldSession = await signIn(api.url, ADA);
    const unknown = await call(api.url, '/api/password-resets', { json: { email: 'nobody@example.com' } });
    const known = await call(api.url, '/api/password-resets', { json: { email: 'ADA@example.com' } });
    assert.equal(unknown.status, 202);
    assert.equal(known.status, 202);
    assert.equal(unknown.text, known.text, 'the same answer whether or not the address has an account');

    const text = await mailTo(ADA.email, /Subject: Painterly: set a new password/);
    const token = tokenIn(text, 'Password reset token');
    assert.doesNotMatch(text, /#reset|https?:/, 'no link without --public-url');
    const { rows } = await database.query<{ hours: number }>(`SELECT extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM account_tokens WHERE token_hash = sha256($1::bytea)`, [Buffer.from(token)]);
    assert.equal(Number(rows[0].hours), 1, 'a reset token works for 1 hour');

    const short = await call(api.url, '/api/password-resets/confirm', { json: { token, password: 'short' } });
    assert.equal(short.status, 400);
    assert.equal(short.body.error?.field, 'password');
    assert.match(short.body.error!.message, /Expected a password of 10 to 1024 characters for password but received 5 characters/);
    const newPassword = 'a brand new password';
    const confirmed = await call(second.url, '/api/password-resets/confirm', { json: { token, password: newPassword } });
    assert.equal(confirmed.status, 204, `the token still works after a refused password: ${confirmed.text}`);

    const oldPassword = await call(api.url, '/api/sessions', { json: ADA });
    assert.equal(oldPassword.status, 401, 'the old password is refused');
    const oldCookie = await call(api.url, '/api/jobs', { cookie: oldSession.cookie });
    assert.equal(oldCookie.status, 401, 'the session signed in with the old password ended');
    const reused = await call(api.url, '/api/password-resets/confirm', { json: { token, password: 'yet another password' } });
    assert.equal(reused.status, 410);
    assert.match(reused.body.error!.message, /used already.*POST \/api\/password-resets/);
    await signIn(api.url, { email: ADA.email, password: newPassword });
    ADA.password = newPassword;

    // Nothing went to the unknown address (the known one's e-mail, sent after it, has arrived).
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(mails.filter((mail) => mail.to.includes('nobody@example.com')).length, 0);
  });

  test('changing the password while signed in needs the current one and the CSRF token, and ends the other sessions', async () => {
    const here = await signIn(api.url, ADA);
    const elsewhere = await signIn(api.url, ADA);
    const json = { currentPassword: ADA.password, newPassword: 'changed while signed in' };
    assert.equal((await call(api.url, '/api/me/password', { method: 'PUT', json, cookie: here.cookie })).status, 403, 'a change without the CSRF token');
    const wrong = await call(api.url, '/api/me/password', { method: 'PUT', json: { ...json, currentPassword: 'not the password' }, cookie: here.cookie, csrf: here.csrf });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error?.field, 'currentPassword');
    const changed = await call(api.url, '/api/me/password', { method: 'PUT', json, cookie: here.cookie, csrf: here.csrf });
    assert.equal(changed.status, 204, changed.text);
    assert.equal((await call(api.url, '/api/jobs', { cookie: here.cookie })).status, 200, 'this session goes on');
    assert.equal((await call(api.url, '/api/jobs', { cookie: elsewhere.cookie })).status, 401, 'the other session ended');
    assert.equal((await call(api.url, '/api/sessions', { json: ADA })).status, 401);
    ADA.password = json.newPassword;
    await signIn(api.url, ADA);
  });

  test('the 6th wrong password answers 429 with Retry-After on either API node; another client address still signs in; the counters are in Redis', async () => {
    const bob = { email: 'bob@example.com', password: 'bob has a long password' };
    assert.equal((await call(api.url, '/api/accounts', { json: bob })).status, 201);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const node = attempt % 2 === 0 ? second : api;
      const failed = await call(node.url, '/api/sessions', { json: { ...bob, password: `wrong guess ${attempt}` } });
      assert.equal(failed.status, 401, `attempt ${attempt}: ${failed.text}`);
    }
    for (const node of [api, second]) {
      const limited = await call(node.url, '/api/sessions', { json: { ...bob, password: 'wrong guess 6' } });
      assert.equal(limited.status, 429, limited.text);
      assert.equal(limited.body.error?.code, 'TOO_MANY_ATTEMPTS');
      const retryAfter = Number(limited.headers['retry-after']);
      assert.ok(retryAfter > 800 && retryAfter <= 900, `Retry-After within the 15-minute window: ${retryAfter}`);
      assert.match(limited.body.error!.message, /Too many failed sign-ins.*Try again in 1[45] min \(after \d\d:\d\d UTC; the Retry-After header has the seconds\), or set a new password by e-mail \(POST \/api\/password-resets\)/);
    }
    const rightButLocked = await call(api.url, '/api/sessions', { json: bob });
    assert.equal(rightButLocked.status, 429, 'the right password waits too from the locked-out address');
    await signIn(api.url, bob, '127.0.0.2');
    const keys = (await redis.keys('painterly:limit:signInFailuresPerAccountAndIp*')).filter((key) => key.includes('bob'));
    assert.deepEqual(keys, ['painterly:limit:signInFailuresPerAccountAndIp:127.0.0.1|bob@example.com'], 'one counter for bob: from 127.0.0.1 (127.0.0.2 signed in without failures)');
    assert.equal(await redis.get(keys[0]), '5', 'the refused attempts were not counted: 5 failures');
    assert.ok((await redis.pttl(keys[0])) > 0, 'the counter expires');
  });

  test('a sign-in that works clears the failures of its address and client', async () => {
    const carol = { email: 'carol@example.com', password: 'carol has a long password' };
    assert.equal((await call(api.url, '/api/accounts', { json: carol, from: '127.0.0.3' })).status, 201);
    for (const round of [1, 2]) {
      for (let attempt = 1; attempt <= 4; attempt++) assert.equal((await call(api.url, '/api/sessions', { json: { ...carol, password: `wrong ${round}.${attempt}` }, from: '127.0.0.3' })).status, 401);
      await signIn(api.url, carol, '127.0.0.3');
    }
    assert.equal(await redis.get('painterly:limit:signInFailuresPerAccountAndIp:127.0.0.3|carol@example.com'), null);
  });

  test('sign-ups per client address and reset requests per address are limited too (the same 429 whether or not an account exists)', async () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const refused = await call(api.url, '/api/accounts', { json: { email: `many${attempt}@example.com`, password: 'short' }, from: '127.0.0.4' });
      assert.equal(refused.status, 400, `sign-up ${attempt}: ${refused.text}`);
    }
    const limited = await call(second.url, '/api/accounts', { json: { email: 'one.more@example.com', password: 'a long enough password' }, from: '127.0.0.4' });
    assert.equal(limited.status, 429, limited.text);
    assert.match(limited.body.error!.message, /Too many sign-ups from your network \(at most 20 an hour\)\. Try again in/);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await call(api.url, '/api/accounts', { json: { email: 'one.more@example.com', password: 'a long enough password' }, from: '127.0.0.5' })).status, 201, 'another address signs up');

    for (const email of ['carol@example.com', 'nobody.else@example.com']) {
      for (let attempt = 1; attempt <= 3; attempt++) assert.equal((await call(api.url, '/api/password-resets', { json: { email }, from: '127.0.0.6' })).status, 202);
      const fourth = await call(api.url, '/api/password-resets', { json: { email }, from: '127.0.0.7' });
      assert.equal(fourth.status, 429, `${email}: ${fourth.text}`);
      assert.match(fourth.body.error!.message, /Too many password-reset requests/);
    }
  });

  test('without --smtp: accounts work unverified, and a password reset answers 503 naming --smtp', async () => {
    const plain = await startPlain();
    const dan = { email: 'dan@example.com', password: 'dan has a long password' };
    assert.equal((await call(plain.url, '/api/accounts', { json: dan, from: '127.0.0.8' })).status, 201);
    const { cookie, csrf } = await signIn(plain.url, dan, '127.0.0.8');
    assert.equal((await call(plain.url, '/api/me', { cookie })).body.emailVerified, false);
    const reset = await call(plain.url, '/api/password-resets', { json: { email: dan.email }, from: '127.0.0.8' });
    assert.equal(reset.status, 503);
    assert.match(reset.body.error!.message, /without --smtp/);
    const resend = await call(plain.url, '/api/accounts/verify/resend', { method: 'POST', cookie, csrf, from: '127.0.0.8' });
    assert.equal(resend.status, 503);
    assert.equal(mails.filter((mail) => mail.to.includes(dan.email)).length, 0);
  });

  test('with --trust-proxy the limits count by the last X-Forwarded-For entry (the proxy\'s), an IPv6 client by its /64', async () => {
    const node = await startPlain();
    const erin = { email: 'erin@example.com', password: 'erin has a long password' };
    assert.equal((await call(node.url, '/api/accounts', { json: erin })).status, 201);
    const via = (client: string, spoofed = '198.51.100.1'): Record<string, string> => ({ 'X-Forwarded-For': `${spoofed}, ${client}` });
    for (let attempt = 1; attempt <= 5; attempt++) {
      assert.equal((await call(node.url, '/api/sessions', { json: { ...erin, password: `wrong ${attempt}` }, headers: via('203.0.113.9', `198.51.100.${attempt}`) })).status, 401);
    }
    const limited = await call(node.url, '/api/sessions', { json: erin, headers: via('203.0.113.9', '192.0.2.77') });
    assert.equal(limited.status, 429, 'what the client wrote before the proxy\'s entry does not matter');
    // Without the header the connection's own address counts, which has no failures.
    await signIn(node.url, erin);
    assert.equal((await call(node.url, '/api/sessions', { json: erin, headers: via('203.0.113.10') })).status, 200, 'another client behind the proxy signs in');
    assert.ok(await redis.get('painterly:limit:signInFailuresPerAccountAndIp:203.0.113.9|erin@example.com'));

    for (const client of ['2001:db8:0:1::5', '2001:db8:0:1:ffff::7']) {
      assert.equal((await call(node.url, '/api/sessions', { json: { ...erin, password: 'wrong again' }, headers: { 'X-Forwarded-For': client } })).status, 401);
    }
    assert.equal(await redis.get('painterly:limit:signInFailuresPerAccountAndIp:2001:db8:0:1::/64|erin@example.com'), '2', 'two addresses of one /64 count together');
  });

  test('the OpenAPI description lists the recovery routes', async () => {
    const document = (await call(api.url, '/api/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const path of ['/api/accounts/verify', '/api/accounts/verify/resend', '/api/password-resets', '/api/password-resets/confirm']) assert.ok(document.paths[path]?.post, path);
    assert.ok(document.paths['/api/me/password']?.put);
    assert.ok(document.paths['/api/sessions'].post.responses[429], 'sign-in documents its 429');
  });
});
