/**
 * Hardening round 2, `painterly video` as a user runs it (a subprocess): a file name is never ffmpeg
 * syntax (options, protocols, `file:`), a named pipe is refused instead of hanging, Ctrl-C stops
 * ffprobe, any output name survives the segment list, and resumed segments are verified.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { probeVideo } from '../src/node/video/probe-video.js';
import { parseJsonLines, REPO_ROOT, runCli, startCli } from './helpers/cli.js';
import { HAS_FFMPEG, makePanClip, probeStreams } from './helpers/video-clips.js';

const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
const scratch = mkdtempSync(join(tmpdir(), 'painterly-hardening-video-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const env = { PAINTERLY_HOME: join(scratch, 'home'), PAINTERLY_MODEL_MIRROR: MIRROR };
/** A quick run: 6 small frames, no flow. */
const QUICK = ['--model', 'udnie', '--size', '32', '--duration', '0.25', '--independent'];

/** Polls `check` every 20 ms until it returns true or `deadlineMs` passes. */
async function until(check: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('painterly video: paths are local files', { skip: HAS_FFMPEG ? false : 'ffmpeg is not installed (apt-get install ffmpeg)' }, () => {
  let clip: string;
  before(() => {
    clip = makePanClip(scratch, { width: 64, height: 36, seconds: 1, fps: 24 });
  });

  test('names that look like ffmpeg options are files: a clip named -report is painted, no ffprobe log appears; -version is "not a video", never an unexpected error', async () => {
    const dir = join(scratch, 'options');
    mkdirSync(dir);
    copyFileSync(clip, join(dir, '-report'));
    writeFileSync(join(dir, '-version'), 'not a video');
    const painted = await runCli(['video', ...QUICK, '-o', 'out.mp4', '--', '-report'], { env, cwd: dir, timeoutMs: 120_000 });
    assert.equal(painted.code, 0, painted.stderr);
    assert.equal(probeStreams(join(dir, 'out.mp4')).frames, 6);
    const version = await runCli(['video', ...QUICK, '-o', 'out2.mp4', '--', '-version'], { env, cwd: dir });
    assert.equal(version.code, 1);
    assert.match(version.stderr, /-version is not a video ffmpeg can read/);
    assert.doesNotMatch(version.stderr, /unexpected error/);
    const missing = await runCli(['video', ...QUICK, '-o', 'out3.mp4', '--', '-i'], { env, cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the video -i \(input\): there is no such file/);
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('ffprobe-') || name.startsWith('ffmpeg-')), [], 'no -report log');
  });

  test('protocols are not followed: pipe:0, concat: and an http:// address are missing files, and the address is never fetched', async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests += 1;
      response.end(readFileSync(clip));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.mp4`;
      for (const input of ['pipe:0', `concat:${clip}`, url]) {
        const result = await runCli(['video', ...QUICK, '-o', join(scratch, 'protocol.mp4'), '--', input], { env, cwd: scratch });
        assert.equal(result.code, 2, `${input}: ${result.stderr}`);
        assert.match(result.stderr, /there is no such file .*Only local files are read/, input);
      }
      assert.equal(requests, 0, 'the http:// input was not fetched');
      assert.equal(existsSync(join(scratch, 'protocol.mp4')), false);
    } finally {
      server.close();
    }
  });

  test('a file named file:clip.mp4 is that file: `video file:clip.mp4 -o clip.mp4` reads it, not clip.mp4, and clip.mp4 is kept', async () => {
    const dir = join(scratch, 'file-protocol');
    mkdirSync(dir);
    copyFileSync(clip, join(dir, 'clip.mp4'));
    writeFileSync(join(dir, 'file:clip.mp4'), 'these are notes, not a video');
    const before = readFileSync(join(dir, 'clip.mp4'));
    const result = await runCli(['video', ...QUICK, 'file:clip.mp4', '-o', 'clip.mp4'], { env, cwd: dir });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /file:clip\.mp4 is not a video ffmpeg can read/);
    assert.ok(readFileSync(join(dir, 'clip.mp4')).equals(before), 'clip.mp4 is untouched');
  });

  test('an output name with a quote and a newline is written (the segment list names segments, not the output)', async () => {
    const output = join(scratch, "it's\na clip.mp4");
    const result = await runCli(['video', clip, ...QUICK, '--checkpoint-every', '2', '-o', output], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(probeStreams(output).frames, 6);
  });

  test('a named pipe is refused at once (exit 2), not waited on', { skip: process.platform === 'win32' ? 'no mkfifo' : false }, async () => {
    const fifo = join(scratch, 'pipe.mp4');
    execFileSync('mkfifo', [fifo]);
    const result = await runCli(['video', fifo, ...QUICK, '-o', join(scratch, 'from-pipe.mp4')], { env, timeoutMs: 30_000 });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /pipe\.mp4 \(input\): it is not a regular file \(a named pipe/);
  });

  test('ffprobe has a bounded time: one that hangs is killed and the probe fails naming the file', async () => {
    const marker = join(scratch, 'slow-ffprobe.pid');
    const fake = join(scratch, 'slow-ffprobe.sh');
    writeFileSync(fake, `#!/bin/sh\necho $$ > "${marker}"\nexec sleep 300\n`);
    chmodSync(fake, 0o755);
    await assert.rejects(probeVideo({ ffmpeg: 'ffmpeg', ffprobe: fake }, clip, { timeoutMs: 500 }), /ffprobe did not finish reading .*pan-64x36\.mp4 within 0\.5 s/);
    await until(() => !isRunning(Number(readFileSync(marker, 'utf8'))), 5_000, 'ffprobe to exit');
  });

  test('Ctrl-C while ffprobe is stuck stops it: exit 130 on the first signal, no ffprobe left running', async () => {
    const marker = join(scratch, 'stuck-ffprobe.pid');
    const fake = join(scratch, 'stuck-ffprobe.sh');
    writeFileSync(fake, `#!/bin/sh\nif [ "$1" = "-version" ]; then echo "ffprobe version stuck"; exit 0; fi\necho $$ > "${marker}"\nexec sleep 300\n`);
    chmodSync(fake, 0o755);
    const run = startCli(['video', clip, ...QUICK, '-o', join(scratch, 'stuck.mp4')], { env: { ...env, PAINTERLY_FFPROBE: fake }, timeoutMs: 60_000 });
    await until(() => existsSync(marker) && readFileSync(marker, 'utf8').trim() !== '', 30_000, 'the fake ffprobe to start');
    const pid = Number(readFileSync(marker, 'utf8'));
    run.child.kill('SIGINT');
    const result = await run.result;
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /cancelled/);
    await until(() => !isRunning(pid), 5_000, 'ffprobe to exit');
  });
});

/** MD5 of every decoded frame of `path` (ffmpeg's framemd5), to compare the pictures of two outputs. */
function frameHashes(path: string): string[] {
  const text = execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', path, '-map', '0:v:0', '-f', 'framemd5', '-'], { encoding: 'utf8' });
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.split(',').pop()!.trim());
}

describe('painterly video: resumed segments are verified, short inputs reported', { skip: HAS_FFMPEG ? false : 'ffmpeg is not installed (apt-get install ffmpeg)' }, () => {
  let clip: string;
  let reference: string[];
  /** The work folder of a run that painted every frame, then failed to assemble (segments and checkpoint kept). */
  let interrupted: string;
  const output = () => join(scratch, 'verified.mp4');
  const workDir = () => join(scratch, '.verified.mp4.painterly-video');
  const ARGS = ['--model', 'udnie', '--size', '32', '--independent', '--checkpoint-every', '8', '--json'];

  before(async () => {
    clip = makePanClip(scratch, { width: 64, height: 36, seconds: 2, fps: 24, name: 'resume-source.mp4' });
    const whole = join(scratch, 'uninterrupted.mp4');
    const result = await runCli(['video', clip, ...ARGS, '-o', whole], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    reference = frameHashes(whole);
    assert.equal(reference.length, 48);
    // An ffmpeg that refuses the final join: the run stops after its last segment, as a kill would.
    const failingFfmpeg = join(scratch, 'no-concat-ffmpeg.sh');
    writeFileSync(failingFfmpeg, '#!/bin/sh\nfor a in "$@"; do [ "$a" = concat ] && { echo "join refused by the test" >&2; exit 1; }; done\nexec ffmpeg "$@"\n');
    chmodSync(failingFfmpeg, 0o755);
    const stopped = await runCli(['video', clip, ...ARGS, '-o', output()], { env: { ...env, PAINTERLY_FFMPEG: failingFfmpeg }, timeoutMs: 120_000 });
    assert.equal(stopped.code, 1, stopped.stderr);
    interrupted = join(scratch, 'interrupted-work');
    cpSync(workDir(), interrupted, { recursive: true });
  });

  async function resumeAfter(damage: (dir: string) => void): Promise<Array<Record<string, unknown>>> {
    rmSync(workDir(), { recursive: true, force: true });
    cpSync(interrupted, workDir(), { recursive: true });
    damage(workDir());
    const result = await runCli(['video', clip, ...ARGS, '-o', output(), '--resume'], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    return parseJsonLines(result.stdout);
  }

  test('a segment cut in half is painted again (with those after it): all 48 frames, the same pictures as an uninterrupted run', async () => {
    const events = await resumeAfter((dir) => {
      const path = join(dir, 'segment-00001.mkv');
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    });
    assert.deepEqual(events.find((event) => event.type === 'segment-damaged'), { type: 'segment-damaged', segment: 'segment-00001.mkv', reason: 'its checksum differs', fromFrame: 8 });
    assert.equal(events.filter((event) => event.type === 'frame').length, 40);
    assert.deepEqual(frameHashes(output()), reference);
  });

  test('64 garbled bytes in a segment are caught the same way; an intact interrupted run is resumed without painting anything again', async () => {
    const garbled = await resumeAfter((dir) => {
      const path = join(dir, 'segment-00002.mkv');
      const bytes = readFileSync(path);
      const middle = Math.floor(bytes.length / 2);
      for (let i = 0; i < 64; i++) bytes[middle + i] ^= 0x5a;
      writeFileSync(path, bytes);
    });
    assert.equal(garbled.find((event) => event.type === 'segment-damaged')?.fromFrame, 16);
    assert.deepEqual(frameHashes(output()), reference);
    const intact = await resumeAfter(() => undefined);
    assert.equal(intact.some((event) => event.type === 'segment-damaged'), false);
    assert.equal(intact.filter((event) => event.type === 'frame').length, 0);
    assert.deepEqual(frameHashes(output()), reference);
  });

  test('a truncated .mkv (which decodes without an error up to the cut) is reported with the frames expected and read, exit 1, nothing written', async () => {
    const whole = makePanClip(scratch, { width: 64, height: 36, seconds: 2, fps: 24, name: 'whole.mkv' });
    const bytes = readFileSync(whole);
    const truncated = join(scratch, 'truncated.mkv');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    const target = join(scratch, 'from-truncated.mp4');
    const result = await runCli(['video', truncated, '--model', 'udnie', '--size', '32', '--independent', '-o', target], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /truncated\.mkv is truncated or damaged: it says it lasts 2\.\d+ s, so 4[89] frames were expected, but only \d+ \([\d.]+ s\) could be read\. .*set duration to/);
    assert.equal(existsSync(target), false);
  });
});
