/**
 * The pieces of the account e-mails' links that need no services: which `--public-url` values an
 * API node takes and how links are made from them. The whole flow, in a browser with real e-mails, is
 * `test/cluster-studio-accounts.test.ts`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountLink } from '../src/server/hosted/account-mail.js';
import { apiNodeOptionsSchema, isPublicUrl, publicUrlBase } from '../src/server/hosted/hosted-options.js';

test('--public-url takes absolute http(s) URLs without query, fragment or credentials', () => {
  for (const good of ['https://painterly.example.com', 'http://127.0.0.1:8788/', 'https://example.com/painterly/']) assert.equal(isPublicUrl(good), true, good);
  for (const bad of ['ftp://example.com', 'example.com', '/relative', 'https://example.com/?', 'https://example.com/?a=1', 'https://example.com/#x', 'https://example.com/#', 'https://u:p@example.com', 'https://u@example.com', 'https://exa mple.com', 'javascript:alert(1)']) {
    assert.equal(isPublicUrl(bad), false, bad);
  }
});

test('links are the public address, one slash, and the token in the fragment', () => {
  assert.equal(publicUrlBase('https://Painterly.Example.com/'), 'https://painterly.example.com');
  assert.equal(publicUrlBase('https://example.com/studio//'), 'https://example.com/studio');
  const options = apiNodeOptionsSchema.parse({ redis: 'redis://127.0.0.1:6379', database: 'postgres://p@127.0.0.1/p', storage: 'http://k:s@127.0.0.1:9000/painterly', publicUrl: 'https://example.com/studio/' });
  assert.equal(options.publicUrl, 'https://example.com/studio');
  assert.equal(accountLink(options.publicUrl, 'verify', 'abc_-1'), 'https://example.com/studio/#verify=abc_-1');
  assert.equal(accountLink('http://127.0.0.1:8788', 'reset', 'xyz'), 'http://127.0.0.1:8788/#reset=xyz');
  assert.equal(apiNodeOptionsSchema.safeParse({ redis: 'redis://127.0.0.1:6379', database: 'postgres://p@127.0.0.1/p', storage: 'http://k:s@127.0.0.1:9000/painterly', publicUrl: 'https://example.com/?x' }).success, false);
});
