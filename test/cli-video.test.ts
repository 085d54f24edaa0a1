/**
 * `painterly video` as a user runs it: a short clip through a preset (frames, duration, size and sound
 * checked with ffprobe), a quality run with Darknet Tiny, resume after a kill, and the bad inputs —
 * each a clear error, nothing written, the input untouched.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseJsonLines, REPO_ROOT, runCli, SHARED_IMAGES, startCli } from './helpers/cli.js';
import { makeAudioOnlyFile, makePanClip, makeVariableRateClip, probeStreams, truncateClip } from './helpers/video-clips.js';
import { ffmpegSkip } from './helpers/required-tools.js';

const MIRROR = join(REPO_ROOT, '..', 'shared', 'models');
const scratch = mkdtempSync(join(tmpdir(), 'painterly-video-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const env = { PAINTERLY_HOME: join(scratch, 'home'), PAINTERLY_MODEL_MIRROR: MIRROR };

describe('painterly video', { skip: ffmpegSkip() }, () => {
  let clip: string;
  before(() => {
    clip = makePanClip(scratch, { width: 160, height: 90, seconds: 2, fps: 24 });
  });

  test('a preset repaints every frame: same frame count, duration and rate, sound kept, output playable', async () => {
    const output = join(scratch, 'preset.mp4');
    const result = await runCli(['video', clip, '--model', 'udnie', '-o', output, '--json'], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const events = parseJsonLines(result.stdout);
    assert.equal(events.filter((event) => event.type === 'frame').length, 48);
    const start = events.find((event) => event.type === 'start')!;
    assert.equal(start.name, 'preset udnie');
    const input = probeStreams(clip);
    const painted = probeStreams(output);
    assert.equal(painted.frames, input.frames);
    assert.equal(painted.frameRate, input.frameRate);
    assert.ok(Math.abs(painted.durationS - input.durationS) < 0.05, `duration ${painted.durationS} vs ${input.durationS}`);
    assert.deepEqual([painted.width, painted.height], [160, 90]);
    assert.equal(painted.audio, true);
    // Coherent mode: the first frame starts a shot, the pan is one shot, motion is mostly consistent.
    const frames = events.filter((event) => event.type === 'frame');
    assert.equal(frames.filter((event) => event.shotStart).length, 1);
    assert.ok(frames.slice(1).every((event) => Number(event.consistentShare) > 0.5), 'the pan passes the flow check');
    assert.deepEqual(readdirSync(scratch).filter((name) => name.includes('painterly-video')), [], 'the work folder is removed');
  });

  test('--size, --start and --duration take a smaller part; odd sizes become even', async () => {
    const output = join(scratch, 'part.mp4');
    const result = await runCli(['video', clip, '--model', 'wave', '--size', '75', '--start', '0.5', '--duration', '1', '--independent', '-o', output], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const painted = probeStreams(output);
    assert.equal(painted.frames, 24);
    assert.deepEqual([painted.width % 2, painted.height % 2], [0, 0]);
    assert.equal(painted.width, 74);
    assert.match(result.stderr, /Wrote .*part\.mp4 \(24 frames, 74×42/);
  });

  test('the quality engine paints a clip with Darknet Tiny, later frames from the warped previous one', async () => {
    const output = join(scratch, 'quality.mkv');
    const style = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
    const result = await runCli(['video', clip, '--style', style, '--network', 'darknet-tiny', '--size', '64', '--duration', '0.25', '--iterations', '12', '--later-iterations', '4', '-o', output, '--json'], { env, timeoutMs: 180_000 });
    assert.equal(result.code, 0, result.stderr);
    const events = parseJsonLines(result.stdout);
    const start = events.find((event) => event.type === 'start')!;
    assert.match(String(start.name), /^Darknet Tiny, ImageNet weights/);
    const iterations = events.filter((event) => event.type === 'iteration');
    // 6 frames: 12 steps for the first, 4 for each later frame.
    assert.equal(iterations.filter((event) => event.iterations === 12).length, 12);
    assert.equal(iterations.filter((event) => event.iterations === 4).length, 20);
    assert.ok(iterations.filter((event) => event.iterations === 4).every((event) => typeof event.temporal === 'number'));
    assert.equal(probeStreams(output).frames, 6);
  });

  test('a killed run resumes after its last saved segment and finishes the whole clip', async () => {
    const output = join(scratch, 'resumed.mp4');
    const run = startCli(['video', clip, '--model', 'udnie', '--checkpoint-every', '8', '-o', output, '--json'], { env, timeoutMs: 120_000 });
    await run.waitForLine((line) => line.includes('"type":"checkpoint"') && line.includes('"frames":16'));
    run.child.kill('SIGKILL');
    await run.result;
    assert.equal(existsSync(output), false, 'nothing at the output until the run finishes');
    const resumed = await runCli(['video', clip, '--model', 'udnie', '--checkpoint-every', '8', '-o', output, '--json', '--resume'], { env, timeoutMs: 120_000 });
    assert.equal(resumed.code, 0, resumed.stderr);
    const events = parseJsonLines(resumed.stdout);
    const start = events.find((event) => event.type === 'start')!;
    assert.ok(Number(start.fromFrame) >= 16, `resumed from frame ${start.fromFrame}`);
    assert.equal(events.filter((event) => event.type === 'frame').length, 48 - Number(start.fromFrame));
    const painted = probeStreams(output);
    assert.equal(painted.frames, 48);
    assert.equal(painted.audio, true);
  });

  test('--resume without an interrupted run, or with other options, says what to do', async () => {
    const output = join(scratch, 'never.mp4');
    const none = await runCli(['video', clip, '--model', 'udnie', '-o', output, '--resume'], { env });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No interrupted run of this output to resume.*without --resume/);
  });

  test('bad inputs: each a clear error, non-zero exit, nothing written', async () => {
    const cases: Array<{ input: string; pattern: RegExp; extra?: string[] }> = [
      { input: join(scratch, 'missing.mp4'), pattern: /no such file/ },
      { input: writeText(join(scratch, 'notes.mp4'), 'these are not pictures'), pattern: /is not a video ffmpeg can read.*\.mp4, \.mov/ },
      { input: makeAudioOnlyFile(scratch), pattern: /has no video stream \(it holds only sound\)/ },
      { input: join(SHARED_IMAGES, 'content', 'golden_gate_bridge_fog.jpg'), pattern: /is a still image, not a video.*painterly stylize/ },
      { input: makeVariableRateClip(scratch), pattern: /variable frame rate.*--fps \d+/ },
      { input: truncateClip(makePanClip(scratch, { width: 160, height: 90, seconds: 2, fps: 24, name: 'whole.mp4' }), scratch, 0.5), pattern: /truncated or damaged: ffmpeg stopped after \d+ frames.*--duration/ },
    ];
    for (const { input, pattern } of cases) {
      const output = join(scratch, 'bad-out.mp4');
      const result = await runCli(['video', input, '--model', 'udnie', '-o', output], { env, timeoutMs: 120_000 });
      assert.notEqual(result.code, 0, `${input}: ${result.stderr}`);
      assert.match(result.stderr, pattern, input);
      assert.equal(existsSync(output), false, `nothing written for ${input}`);
    }
  });

  test('variable frame rate works with --fps', async () => {
    const output = join(scratch, 'constant.mp4');
    const result = await runCli(['video', makeVariableRateClip(scratch), '--model', 'udnie', '--fps', '20', '--independent', '-o', output], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const painted = probeStreams(output);
    assert.equal(painted.frameRate, '20/1');
    // 30 frames in the first second, 10 in the next: 2 s at a constant 20 frames/s.
    assert.ok(Math.abs(painted.frames - 40) <= 1, `${painted.frames} frames`);
  });

  test('output problems fail before any work and never touch the input', async () => {
    const copy = join(scratch, 'mine.mp4');
    copyFileSync(clip, copy);
    const before = readFileSync(copy);
    const same = await runCli(['video', copy, '--model', 'udnie', '-o', copy], { env });
    assert.equal(same.code, 2);
    assert.match(same.stderr, /Refusing to write .*mine\.mp4 \(the output\): it is the same file as the INPUT video/);
    assert.ok(readFileSync(copy).equals(before), 'the input is untouched');
    const noDir = await runCli(['video', clip, '--model', 'udnie', '-o', join(scratch, 'no', 'such', 'dir', 'out.mp4')], { env });
    assert.equal(noDir.code, 1);
    assert.match(noDir.stderr, /does not exist\. Create it/);
    const badExtension = await runCli(['video', clip, '--model', 'udnie', '-o', join(scratch, 'out.png')], { env });
    assert.equal(badExtension.code, 2);
    assert.match(badExtension.stderr, /ending in \.mp4, .*\.webm/);
  });

  test('engine options are checked: both --model and --style, neither, or a quality flag with a preset', async () => {
    const style = join(SHARED_IMAGES, 'style', 'van_gogh_starry_night.jpg');
    const both = await runCli(['video', clip, '--model', 'udnie', '--style', style], { env });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either --model or --style but received both/);
    const neither = await runCli(['video', clip], { env });
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /a preset \(--model NAME, e\.g\. udnie\) or painting\(s\)/);
    const misplaced = await runCli(['video', clip, '--model', 'udnie', '--temporal-weight', '5'], { env });
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /--temporal-weight belongs to the quality engine/);
  });

  test('without ffmpeg the error says how to install it', async () => {
    const result = await runCli(['video', clip, '--model', 'udnie', '-o', join(scratch, 'x.mp4')], { env: { ...env, PATH: join(scratch, 'empty-bin') } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Video needs ffmpeg, and none was found.*apt-get install ffmpeg.*@ffmpeg-installer\/ffmpeg/);
  });

  test('--help teaches the command', async () => {
    const result = await runCli(['video', '--help']);
    assert.equal(result.code, 0);
    for (const flag of ['--model', '--style', '--resume', '--blend', '--temporal-weight', '--later-iterations', '--fps', '--independent']) assert.ok(result.stdout.includes(flag), flag);
  });
});

function writeText(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}
