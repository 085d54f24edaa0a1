/**
 * Hardening round 2 of the command line (issue 19), as a user runs it (a subprocess): a network's own
 * weight files are inputs the output guard protects, a checkpoint remembers the weights it was made
 * with, a models folder linked into /proc and dangling links for PAINTERLY_HOME or --data are clear
 * errors, and `video --model` checks the name before any download.
 */
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO_ROOT, runCli, SHARED_IMAGES, startCli } from './helpers/cli.js';

const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
const DARKNET = join(MIRROR, 'darknet', 'tiny');
const CONTENT = join(REPO_ROOT, 'test', 'fixtures', 'content-32x24.png');
const STYLE = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
const scratch = mkdtempSync(join(tmpdir(), 'painterly-hardening-cli-2-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const env = { PAINTERLY_HOME: join(scratch, 'home'), PAINTERLY_MODEL_MIRROR: MIRROR };

/** A writable copy of Darknet Tiny's model.json and shards in `dir`, the first shard renamed `group1.png`. */
function copyNetwork(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(DARKNET, dir, { recursive: true });
  const modelJson = join(dir, 'model.json');
  const model = JSON.parse(readFileSync(modelJson, 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
  copyFileSync(join(dir, model.weightsManifest[0].paths[0]), join(dir, 'group1.png'));
  model.weightsManifest[0].paths[0] = 'group1.png';
  writeFileSync(modelJson, JSON.stringify(model));
  return modelJson;
}

describe('the network is an input too', () => {
  test('an output over a weight file of the --network model.json is refused (exit 2), the shard untouched', async () => {
    const modelJson = copyNetwork(join(scratch, 'guarded-net'));
    const shard = join(scratch, 'guarded-net', 'group1.png');
    const before = readFileSync(shard);
    const result = await runCli(['stylize', CONTENT, '--style', STYLE, '--network', modelJson, '--size', '32', '--iterations', '1', '-o', shard], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Refusing to write .*group1\.png \(the output\): it is the same file as a weight file of the --network file .*model\.json: .*group1\.png, which would be lost/);
    assert.ok(readFileSync(shard).equals(before), 'the weight file is untouched');
  });

  test('a checkpoint is not resumed after the --network file changed in place; with the weights put back it is', async () => {
    const modelJson = copyNetwork(join(scratch, 'resumed-net'));
    const dir = join(scratch, 'resumed-out');
    mkdirSync(dir);
    const output = join(dir, 'out.png');
    const args = ['stylize', CONTENT, '--style', STYLE, '--network', modelJson, '--size', '32', '--iterations', '60', '--checkpoint-every', '5', '--json', '-o', output];
    const run = startCli(args, { env, timeoutMs: 120_000 });
    await run.waitForLine((line) => line.includes('"iteration":12,'));
    run.child.kill('SIGINT');
    assert.equal((await run.result).code, 130);
    assert.deepEqual(readdirSync(dir), ['out.png.checkpoint']);
    // Same path, same size, same options: one weight nudged in its last bit.
    const model = JSON.parse(readFileSync(modelJson, 'utf8')) as { weightsManifest: Array<{ paths: string[] }> };
    const shard = join(scratch, 'resumed-net', model.weightsManifest[0].paths[0]);
    const original = readFileSync(shard);
    const nudged = Buffer.from(original);
    nudged[0] ^= 1;
    writeFileSync(shard, nudged);
    const refused = await runCli([...args, '--resume'], { env, timeoutMs: 120_000 });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /out\.png\.checkpoint was made with other network weights: the network file changed/);
    assert.deepEqual(readdirSync(dir), ['out.png.checkpoint'], 'a refused resume keeps the checkpoint');
    writeFileSync(shard, original);
    const resumed = await runCli([...args, '--resume'], { env, timeoutMs: 120_000 });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(readdirSync(dir), ['out.png']);
  });
});

describe('cache and data folders', () => {
  test('a models folder linked into /proc is refused at once by models download and stylize --model (never a hang)', async () => {
    const home = join(scratch, 'proc-home');
    mkdirSync(home);
    symlinkSync('/proc/self', join(home, 'models'));
    const procEnv = { ...env, PAINTERLY_HOME: home };
    for (const args of [['models', 'download', 'udnie'], ['stylize', CONTENT, '--model', 'udnie', '-o', join(scratch, 'proc-out.png')]]) {
      const result = await runCli(args, { env: procEnv, timeoutMs: 60_000 });
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /PAINTERLY_HOME=.*proc-home \(its folder .*\) cannot be used: .*proc-home\/models leads into \/proc .*a kernel filesystem/);
    }
  });

  test('a dangling symbolic link as PAINTERLY_HOME or --data is a clear error naming the link and its target, never an unexpected error', async () => {
    const home = join(scratch, 'dangling-home');
    symlinkSync(join(scratch, 'gone', 'home'), home);
    const download = await runCli(['models', 'download', 'udnie'], { env: { ...env, PAINTERLY_HOME: home } });
    assert.equal(download.code, 1, download.stderr);
    assert.match(download.stderr, /dangling-home is a symbolic link to .*gone\/home, which does not exist/);
    const serveDefault = await runCli(['serve', '--port', '0'], { env: { ...env, PAINTERLY_HOME: home } });
    assert.equal(serveDefault.code, 2, serveDefault.stderr);
    assert.match(serveDefault.stderr, /lies below .*dangling-home, which is a symbolic link to .*gone\/home, which does not exist/);
    const data = join(scratch, 'dangling-data');
    symlinkSync(join(scratch, 'gone', 'data'), data);
    const serveData = await runCli(['serve', '--port', '0', '--data', data], { env });
    assert.equal(serveData.code, 2, serveData.stderr);
    assert.match(serveData.stderr, /data folder .*dangling-data \(--data\) is a symbolic link to .*gone\/data, which does not exist\. Create/);
    for (const result of [download, serveDefault, serveData]) assert.doesNotMatch(result.stderr, /unexpected error/);
  });
});

describe('video --model', () => {
  test('a model that is not a preset is refused before anything is downloaded or probed', async () => {
    const home = join(scratch, 'video-home');
    for (const model of ['darknet-tiny', 'vgg19']) {
      const result = await runCli(['video', join(scratch, 'no-clip.mp4'), '--model', model, '-o', join(scratch, 'never.mp4')], { env: { ...env, PAINTERLY_HOME: home } });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`${model} is not a fast-style preset\\. Presets: .*udnie`));
      assert.doesNotMatch(result.stderr, /downloading/);
    }
    assert.equal(existsSync(join(home, 'models')), false, 'nothing was downloaded');
  });
});
