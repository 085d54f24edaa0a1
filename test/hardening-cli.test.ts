/**
 * Hardening of the command line and its files (issue 13): outputs never replace inputs, stale temp
 * files are removed, checkpoints are verified before the first iteration, large inputs are decoded
 * at the size they are used at, and the low tail of messages. The CLI runs as a subprocess from the
 * built `dist/` (`npm run build` first), with `--weights random`, tiny sizes, the fast presets from
 * the shared mirror and a temp PAINTERLY_HOME. Images are copied into temp dirs before anything could
 * write over them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { CLI_SCRIPT, parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES, startCli, type CliResult } from './helpers/cli.js';
import { writePatchGrid } from '../src/node/patch-grid.js';
import { randomVggWeights } from '../src/engine/vgg/weights.js';

const CONTENT = join(SHARED_IMAGES, 'content', 'cat_chelsea.jpg');
const STYLE = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
/** A pid above Linux's largest pid_max (2^22): no process can have it, so its temp files are stale. */
const DEAD_PID = 4_194_399;
/**
 * The 7000×7000 PNG decoded whole costs about 1.1 GB (measured: readImage alone peaked at 1,124 MB
 * RSS; its float planes are 588 MB). Stylized at 64 px with a preset it measured 225 MB (a 451×300
 * JPEG: 203 MB). The bound sits well under the full decode and leaves room for a loaded machine.
 */
const LARGE_PNG_PEAK_RSS_BOUND_MB = 450;

const workDir = await mkdtemp(join(tmpdir(), 'painterly-hardening-'));
const modelHome = join(workDir, 'home');
await mkdir(modelHome);
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function cliEnv(): Record<string, string | undefined> {
  return { PAINTERLY_HOME: modelHome, PAINTERLY_MODEL_MIRROR: MIRROR, PAINTERLY_DEBUG: undefined };
}

function cli(args: readonly string[]): Promise<CliResult> {
  return runCli(args, { env: cliEnv() });
}

/** A fresh folder holding copies of the content (`photo.jpg`) and the style (`style.jpg`). */
async function freshDir(): Promise<{ dir: string; photo: string; style: string }> {
  const dir = await mkdtemp(join(workDir, 'run-'));
  const photo = join(dir, 'photo.jpg');
  const style = join(dir, 'style.jpg');
  await copyFile(CONTENT, photo);
  await copyFile(STYLE, style);
  return { dir, photo, style };
}

/** A tiny quality run on Darknet Tiny's untrained weights (no download; starts in a fifth of a second, VGG19's in seconds). */
const QUALITY = ['--network', 'darknet-tiny', '--weights', 'random', '--size', '32', '--iterations', '2', '--threads', '1'];

/** Runs `args`, expects exit 2 with a "Refusing to write" message, and `protectedPath` byte-identical. */
async function assertRefused(args: readonly string[], protectedPath: string, pattern: RegExp = /Refusing to write/): Promise<CliResult> {
  const before = await readFile(protectedPath);
  const result = await cli(args);
  assert.equal(result.code, 2, `exit code ${result.code}; stderr:\n${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.ok((await readFile(protectedPath)).equals(before), `${protectedPath} is unchanged`);
  assert.doesNotMatch(result.stdout, /"type":"iteration"/, 'refused before any work');
  return result;
}

describe('outputs never replace inputs', () => {
  test('the output is the content itself: both engines refuse, the photo unchanged', async () => {
    const { photo, style } = await freshDir();
    await assertRefused(['stylize', photo, '--model', 'udnie', '--size', '32', '-o', photo], photo, /Refusing to write .*photo\.jpg \(the output\): it is the same file as the CONTENT image/);
    await assertRefused(['stylize', photo, '--style', style, ...QUALITY, '-o', photo, '--json'], photo);
  });

  test('a symbolic link and a hard link to the content are refused and named', async () => {
    const { dir, photo, style } = await freshDir();
    const soft = join(dir, 'soft.jpg');
    const hard = join(dir, 'hard.jpg');
    await symlink(photo, soft);
    await link(photo, hard);
    await assertRefused(['stylize', photo, '--model', 'udnie', '--size', '32', '-o', soft], photo, /through a symbolic link/);
    await assertRefused(['stylize', photo, '--style', style, ...QUALITY, '-o', hard], photo, /a hard link to the CONTENT image/);
    await assertRefused(['stylize', soft, '--model', 'udnie', '--size', '32', '-o', photo], photo, /through a symbolic link/);
  });

  test('the output is a style image or the init image', async () => {
    const { dir, photo, style } = await freshDir();
    await assertRefused(['stylize', photo, '--style', style, ...QUALITY, '-o', style], style, /the --style image/);
    const init = join(dir, 'init.png');
    await sharp(CONTENT).resize(64).png().toFile(init);
    await assertRefused(['stylize', photo, '--style', style, ...QUALITY, '--init', 'image', '--init-image', init, '-o', init], init, /the --init-image/);
  });

  test('a --save-every snapshot or the checkpoint would land on an input', async () => {
    const { dir, photo, style } = await freshDir();
    const snapshotNamed = join(dir, 'out_2.jpg');
    await copyFile(photo, snapshotNamed);
    await assertRefused(['stylize', snapshotNamed, '--style', style, ...QUALITY, '--iterations', '4', '--save-every', '2', '-o', join(dir, 'out.jpg')], snapshotNamed, /a --save-every snapshot/);
    const checkpointNamed = join(dir, 'result.png.checkpoint');
    await copyFile(style, checkpointNamed);
    await assertRefused(['stylize', photo, '--style', checkpointNamed, ...QUALITY, '-o', join(dir, 'result.png')], checkpointNamed, /checkpoint/);
  });

  test('contact-sheet and visualize refuse to write over one of their images', async () => {
    const { dir, photo, style } = await freshDir();
    await assertRefused(['contact-sheet', '--content', photo, '--model', 'udnie', '--cell-size', '32', '-o', photo], photo, /the contact sheet/);
    await assertRefused(['contact-sheet', '--content', photo, '--style', style, '--weights', 'random', '--iterations', '2', '--threads', '1', '--cell-size', '32', '-o', style], style, /the --style image/);
    const images = join(dir, 'images');
    await mkdir(images);
    const inside = join(images, 'a.jpg');
    await copyFile(photo, inside);
    await assertRefused(['visualize', '--layer', 'conv1_1', '--images', images, '--weights', 'random', '--size', '32', '-o', inside], inside, /the grid\): it is the same file as one of the --images/);
  });
});

describe('write paths and temp files', () => {
  test('a checkpoint path that is a directory, or a missing output directory, fails before the first iteration', async () => {
    const { dir, photo, style } = await freshDir();
    await mkdir(join(dir, 'out.png.checkpoint'));
    const result = await cli(['stylize', photo, '--style', style, ...QUALITY, '-o', join(dir, 'out.png'), '--json']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /out\.png\.checkpoint \(the run's checkpoint, OUTPUT\.checkpoint\): it is a directory/);
    assert.equal(result.stdout, '', 'no event: nothing ran');
    const missing = await cli(['stylize', photo, '--style', style, ...QUALITY, '-o', join(dir, 'no', 'such', 'out.png'), '--json']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /does not exist\. Create it/);
    assert.equal(missing.stdout, '');
  });

  test('stale temp files of ours next to the output are removed; live, foreign and unrelated ones are kept', async () => {
    const { dir, photo } = await freshDir();
    const stale = join(dir, `.out.png.painterly-${DEAD_PID}-0123abcd.tmp`);
    const legacy = join(dir, `.out.png.${DEAD_PID}.0123456789ab.tmp`);
    const live = join(dir, `.out.png.painterly-${process.pid}-0123abcd.tmp`);
    const old = join(dir, `.out.png.painterly-${process.pid}-00aa.tmp`);
    const other = join(dir, `.notes.txt.painterly-${DEAD_PID}-0123abcd.tmp`);
    const foreign = join(dir, '.out.png.tmp');
    for (const path of [stale, legacy, live, old, other, foreign]) await writeFile(path, 'partial');
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(old, hourAgo, hourAgo);
    const result = await cli(['stylize', photo, '--model', 'udnie', '--size', '32', '-o', join(dir, 'out.png')]);
    assert.equal(result.code, 0, result.stderr);
    const names = await readdir(dir);
    assert.ok(!names.includes(`.out.png.painterly-${DEAD_PID}-0123abcd.tmp`), 'a dead process\'s temp file is removed');
    assert.ok(!names.includes(`.out.png.${DEAD_PID}.0123456789ab.tmp`), 'and one in the older naming');
    assert.ok(!names.includes(`.out.png.painterly-${process.pid}-00aa.tmp`), 'an hour-old one is stale even when its pid runs');
    for (const kept of [live, other, foreign]) assert.ok(existsSync(kept), `${kept} is kept`);
  });
});

describe('checkpoints are verified before the first iteration', () => {
  let dir: string;
  let args: string[];
  let checkpoint: string;
  let valid: Buffer;

  before(async () => {
    ({ dir } = await freshDir());
    const output = join(dir, 'out.png');
    checkpoint = `${output}.checkpoint`;
    args = ['stylize', join(dir, 'photo.jpg'), '--style', join(dir, 'style.jpg'), '--network', 'darknet-tiny', '--weights', 'random', '--size', '32', '--iterations', '400', '--threads', '1', '--json', '-o', output];
    const run = startCli(args, { env: cliEnv() });
    await run.waitForLine((line) => line.includes('"iteration":3,'));
    run.child.kill('SIGINT');
    assert.equal((await run.result).code, 130);
    valid = await readFile(checkpoint);
  });

  /** Writes `bytes` as the checkpoint, resumes, and expects CHECKPOINT_INVALID (exit 2) before iteration 1. */
  async function assertResumeRefused(bytes: Buffer, pattern: RegExp): Promise<void> {
    await writeFile(checkpoint, bytes);
    const result = await startCli([...args, '--resume'], { env: cliEnv() }).result;
    assert.equal(result.code, 2, `exit code ${result.code}; stderr:\n${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.match(result.stderr, new RegExp(`${checkpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*(Delete it|without resuming)`), 'names the file and the fix');
    assert.match(result.stderr, /\(see --resume\)/, 'and the flag the fix is about');
    assert.ok(!parseJsonLines(result.stdout).some((event) => event.type === 'iteration'), 'refused before iteration 1');
    assert.ok(!existsSync(join(dir, 'out.png')));
  }

  test('a flipped byte in the data is refused by the checksum', async () => {
    const flipped = Buffer.from(valid);
    flipped[flipped.length - 100] ^= 0x01;
    await assertResumeRefused(flipped, /damaged .*SHA-256 checksum does not match/);
  });

  test('a flipped byte in the header is refused too', async () => {
    const flipped = Buffer.from(valid);
    const at = flipped.indexOf('"step":');
    flipped[at + 7] ^= 0x01;
    await assertResumeRefused(flipped, /checksum does not match/);
  });

  test('malformed headers, a negative step and wrong sizes are refused even with a correct checksum', async () => {
    await assertResumeRefused(Buffer.from('PAINTERLY-CHECKPOINT 9\nwhatever'), /format "9"/);
    await assertResumeRefused(Buffer.from('JUNK'), /not a Painterly checkpoint \(it does not start with/);
    await assertResumeRefused(resigned(valid, () => 'not json {'), /header is not JSON/);
    await assertResumeRefused(resigned(valid, () => '{"fingerprint":1}'), /lacks the fingerprint/);
    await assertResumeRefused(resigned(valid, (header) => header.replace(/"step":\d+/, '"step":-1')), /step is -1, expected a whole number ≥ 0/);
    await assertResumeRefused(resigned(valid, (header) => header.replace(/"width":\d+/, '"width":31')), /pixels holds \d+ values, expected/);
    await assertResumeRefused(resignedLength(valid, 0x7fffffff), /header length points past the end/);
  });

  test('a stale temp file next to the checkpoint is removed by --resume, which then finishes', async () => {
    await writeFile(checkpoint, valid);
    const stale = join(dir, `.out.png.checkpoint.painterly-${DEAD_PID}-beef.tmp`);
    await writeFile(stale, valid.subarray(0, 100));
    const result = await startCli([...args.map((arg) => (arg === '400' ? '8' : arg)), '--resume'], { env: cliEnv() }).result;
    // --iterations 8 is another run: refused, but only after the guard cleaned up.
    assert.equal(result.code, 2);
    assert.match(result.stderr, /belongs to a run with other options/);
    assert.ok(!existsSync(stale), 'the stale temp file is gone');
  });
});

/** The checkpoint with its JSON header rewritten by `edit` and the SHA-256 trailer recomputed. */
function resigned(file: Buffer, edit: (header: string) => string): Buffer {
  const newline = file.indexOf(0x0a);
  const headerLength = file.readUInt32LE(newline + 1);
  const headerStart = newline + 5;
  const header = Buffer.from(edit(file.toString('utf8', headerStart, headerStart + headerLength)), 'utf8');
  const oldPadded = headerStart + headerLength + ((4 - ((headerStart + headerLength) % 4)) % 4);
  const data = file.subarray(oldPadded, file.length - 32);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(header.length);
  const unpadded = Buffer.concat([file.subarray(0, newline + 1), prefix, header]);
  const body = Buffer.concat([unpadded, Buffer.alloc((4 - (unpadded.length % 4)) % 4), data]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

function resignedLength(file: Buffer, headerLength: number): Buffer {
  const body = Buffer.from(file.subarray(0, file.length - 32));
  body.writeUInt32LE(headerLength, body.indexOf(0x0a) + 1);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

describe('large inputs are decoded at the size they are used at', () => {
  test(`a 7000×7000 PNG stylized at 64 px peaks under ${LARGE_PNG_PEAK_RSS_BOUND_MB} MB`, async () => {
    const dir = await mkdtemp(join(workDir, 'large-'));
    const big = join(dir, 'big.png');
    const width = 7000;
    const rows = Buffer.alloc(width * width * 3);
    for (let y = 0; y < width; y++) rows.fill((y >> 4) & 255, y * width * 3, (y + 1) * width * 3);
    await sharp(rows, { raw: { width, height: width, channels: 3 } }).png({ compressionLevel: 9 }).toFile(big);
    const preload = join(dir, 'report-rss.mjs');
    await writeFile(preload, "process.on('exit', () => process.stderr.write(`maxRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");
    const { stderr, code } = await new Promise<{ stderr: string; code: number | null }>((resolve) => {
      const child = spawn(process.execPath, ['--import', preload, CLI_SCRIPT, 'stylize', big, '--model', 'udnie', '--size', '64', '--threads', '1', '-o', join(dir, 'out.png')], {
        env: { ...process.env, ...cliEnv() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let text = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      child.on('close', (exit) => resolve({ stderr: text, code: exit }));
    });
    assert.equal(code, 0, stderr);
    const peakMb = Number(/maxRSS_KB=(\d+)/.exec(stderr)?.[1]) / 1024;
    assert.ok(peakMb > 0 && peakMb < LARGE_PNG_PEAK_RSS_BOUND_MB, `peak RSS ${peakMb.toFixed(0)} MB`);
    const { width: outWidth, height: outHeight } = await sharp(join(dir, 'out.png')).metadata();
    assert.deepEqual([outWidth, outHeight], [64, 64]);
  });
});

describe('messages', () => {
  test('repeated layer names are a usage error naming the repeat', async () => {
    const { photo, style } = await freshDir();
    const style2 = await cli(['stylize', photo, '--style', style, ...QUALITY, '--network', 'vgg19', '--style-layers', 'conv1_1,conv1_1']);
    assert.equal(style2.code, 2, style2.stderr);
    assert.match(style2.stderr, /Expected each layer once \(conv1_1 is given twice.*\) for --style-layers/);
    const content2 = await cli(['stylize', photo, '--style', style, ...QUALITY, '--network', 'vgg19', '--content-layers', 'conv4_2,conv2_1,conv4_2']);
    assert.equal(content2.code, 2, content2.stderr);
    assert.match(content2.stderr, /conv4_2 is given twice.* for --content-layers/);
  });

  test('a FIFO and /dev/zero are "not a regular file"; a fake HEIC gets a short message', async () => {
    const { dir } = await freshDir();
    const fifo = join(dir, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    for (const path of [fifo, '/dev/zero']) {
      const result = await cli(['stylize', path, '--model', 'udnie', '-o', join(dir, 'out.png')]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /is not a regular file/);
      assert.doesNotMatch(result.stderr, /directory/);
    }
    const heic = join(dir, 'photo.heic');
    await writeFile(heic, Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(3000, 7)]));
    const result = await cli(['stylize', heic, '--model', 'udnie', '-o', join(dir, 'out.png')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot read .*photo\.heic as an image/);
    assert.ok(result.stderr.trim().split('\n').length <= 2, `short message:\n${result.stderr}`);
  });

  test('a non-UTF-8 file name is reported as such, not as "Image not found"', async () => {
    const { dir } = await freshDir();
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.jpg')]), await readFile(CONTENT));
    const { stderr } = await promisify(execFile)('/bin/sh', ['-c', `"${process.execPath}" "${CLI_SCRIPT}" stylize "$(printf 'caf\\351.jpg')" --model udnie --size 32 -o out.png; echo "exit=$?" >&2`], {
      cwd: dir,
      env: { ...process.env, ...cliEnv() },
    });
    assert.match(stderr, /not valid UTF-8/);
    assert.doesNotMatch(stderr, /Image not found/);
    assert.match(stderr, /exit=1/);
  });

  test('a comma in a --style path: a whole existing path is taken whole, \\, escapes it', async () => {
    const { dir, photo } = await freshDir();
    await copyFile(STYLE, join(dir, 'a,b.jpg'));
    await copyFile(STYLE, join(dir, 'c,d.jpg'));
    const result = await cli(['stylize', photo, '--style', join(dir, 'a,b.jpg'), '--style', `${join(dir, 'c\\,d.jpg')},${join(dir, 'style.jpg')}`, ...QUALITY, '--iterations', '0', '-o', join(dir, 'out.png')]);
    assert.equal(result.code, 0, result.stderr);
    const missing = await cli(['stylize', photo, '--style', join(dir, 'no\\,such.jpg'), ...QUALITY, '-o', join(dir, 'out.png')]);
    assert.match(missing.stderr, /Image not found: .*no,such\.jpg/);
    const help = await cli(['stylize', '--help']);
    assert.match(help.stdout, /\\,/, '--help documents the escape');
  });

  test('flag names and option errors read properly', async () => {
    const { photo, style } = await freshDir();
    const preset = await cli(['stylize', photo, '--model', 'udnie', '--style', style]);
    assert.equal(preset.code, 2);
    assert.match(preset.stderr, /--style belongs to the quality engine/);
    assert.doesNotMatch(preset.stderr, /--styles/);
    const memory = await cli(['stylize', photo, '--style', style, ...QUALITY, '--max-memory', 'abc']);
    assert.equal(memory.code, 2);
    assert.match(memory.stderr, /Expected a size like 4G or 3500M .*for --max-memory but received "abc"/);
    assert.doesNotMatch(memory.stderr, /Invalid input/);
  });

  test('visualize accepts the --max-pixels it suggests', async () => {
    const { dir, photo } = await freshDir();
    const images = join(dir, 'images');
    await mkdir(images);
    await copyFile(photo, join(images, 'a.jpg'));
    const limited = await cli(['visualize', '--layer', 'conv1_1', '--images', images, '--weights', 'random', '--size', '32', '--max-pixels', '1000', '-o', join(dir, 'grid.png')]);
    assert.match(limited.stderr, /over the limit of 1,000 pixels\. Raise the pixel limit or use a smaller image\. \(see --max-pixels\)/);
    assert.doesNotMatch(limited.stderr, /Unknown option/);
    const raised = await cli(['visualize', '--layer', 'conv1_1', '--images', images, '--weights', 'random', '--size', '32', '--units', '0-1', '--max-pixels', '200000', '-o', join(dir, 'grid.png')]);
    assert.equal(raised.code, 0, raised.stderr);
  });

  test('a cancelled visualization writes no grid', async () => {
    const dir = await mkdtemp(join(workDir, 'grid-'));
    const path = join(dir, 'grid.png');
    const controller = new AbortController();
    controller.abort();
    const result = { layer: 'conv1_1', sizePx: 32, weights: randomVggWeights(0), units: [], imageCount: 1, skipped: 0, pooling: 'avg' as const };
    await assert.rejects(writePatchGrid(path, result, { signal: controller.signal }), /cancelled; no grid was written/);
    assert.deepEqual(await readdir(dir), []);
  });
});
