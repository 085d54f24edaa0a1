/**
 * The hosted commands' start-up errors, as a user sees them (the built CLI, no services needed):
 * what is missing or unreachable is named with the fix, exit code 2, and the local studio's
 * `painterly serve` stays what it was when no connection option is given.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { freePort } from './helpers/cluster.js';

let home: string;
before(async () => void (home = await mkdtemp(join(tmpdir(), 'painterly-cluster-cli-'))));
after(async () => rm(home, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(args, { env: { PAINTERLY_HOME: home } });

test('painterly worker names the missing connection options', async () => {
  const result = await cli(['worker', '--redis', 'redis://127.0.0.1:6379']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /needs --redis, --database and --storage.*--database, --storage are missing/);
});

test('painterly serve with some but not all connection options refuses, naming the rest', async () => {
  const result = await cli(['serve', '--port', '0', '--storage', 'http://k:s@127.0.0.1:9000/painterly']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--redis and --database are missing/);
});

test('a malformed URL is named with its option', async () => {
  const result = await cli(['worker', '--redis', 'redis://127.0.0.1:6379', '--database', 'mysql://db', '--storage', 'http://k:s@127.0.0.1:9000/painterly']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--database but received "mysql:\/\/db"/);
});

test('--public-url takes an http(s) URL without a query, fragment or password, and is named when it is not', async () => {
  const connections = ['--redis', 'redis://127.0.0.1:6379', '--database', 'postgres://p@127.0.0.1/p', '--storage', 'http://k:s@127.0.0.1:9000/painterly'];
  for (const bad of ['ftp://painterly.example.com', 'https://painterly.example.com/?ref=mail', 'https://painterly.example.com/#x', 'https://user:secret@painterly.example.com', 'painterly.example.com']) {
    const result = await cli(['serve', ...connections, '--public-url', bad]);
    assert.equal(result.code, 2, bad);
    assert.match(result.stderr, /Expected an http\(s\) URL without a query, fragment or password, such as https:\/\/painterly\.example\.com for --public-url but received "/, bad);
  }
});

test('an unreachable database is named with its option and the fix, without the password', async () => {
  const port = await freePort();
  const result = await cli(['worker', '--redis', 'redis://127.0.0.1:6379', '--database', `postgres://painterly:secret@127.0.0.1:${port}/painterly`, '--storage', 'http://k:s@127.0.0.1:9000/painterly']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Cannot use the PostgreSQL database at --database postgres:\/\/painterly:…@127\.0\.0\.1:\d+\/painterly .*ECONNREFUSED.*Start it/);
  assert.doesNotMatch(result.stderr, /secret/);
});

test('help: painterly worker --help, and painterly serve --help lists the hosted options', async () => {
  const worker = await cli(['worker', '--help']);
  assert.equal(worker.code, 0);
  for (const flag of ['--redis', '--database', '--storage', '--quality-jobs', '--fast-jobs', '--smtp']) assert.ok(worker.stdout.includes(flag), flag);
  const serve = await cli(['serve', '--help']);
  for (const flag of ['--redis', '--database', '--storage', '--jobs-per-hour', '--admin-email', '--cookie-secure', '--public-url']) assert.ok(serve.stdout.includes(flag), flag);
});
