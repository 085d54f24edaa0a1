/**
 * `npm run bench:video`: the video measures of docs/video.md, on the test clip with exactly known
 * motion (scripts/video/make-test-clip.ts), all in one run on this machine:
 *   flow     — OpenCV.js Farnebäck at the defaults: ms per flow and endpoint error (mean, median) per
 *              motion kind at 640×360, beside the hand-written pyramidal Lucas–Kanade prototype
 *              (bench/flow-prototype.ts) that was weighed against it;
 *   flicker  — mean |O_t − warp(O_{t−1})| over pixels visible in both frames (true flow), independent vs
 *              coherent, for presets (640×360) and the quality engine with Darknet Tiny (`--quality-size`);
 *   speed    — whole `painterly video` processes: a preset at 640×360 (decode, flow, encode included,
 *              frames per second) and the quality engine at 640×360 (seconds per frame after the first);
 *   memory   — peak RSS of the same preset command on a 5-second and on a 2-minute clip (small frames).
 * Prints a table and writes bench/results/video.json. `--quick` skips the quality and memory parts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { endpointError } from '../src/engine/video/flow-field.js';
import type { FlowEstimator, FlowField } from '../src/engine/video/types.js';
import { createOpencvFlowEstimator } from '../src/node/video/opencv-flow.js';
import { makeTestClip, writeTestClip, type TestClip } from '../scripts/video/make-test-clip.js';
import { estimatePyramidLk, PYRAMID_LK_DEFAULTS } from './flow-prototype.js';
import { measureFlicker, presetStylizer, qualityStylizer } from './video-flicker.js';

const TARGETS = { presetFlickerRatio: 0.4, qualityFlickerRatio: 0.3, presetFramesPerSecond: 2, qualitySecondsPerFrame: 10 };
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'quality-size': { type: 'string', default: '320x180' } } });
const repo = resolve(import.meta.dirname, '..');
const mirror = resolve(repo, '../shared/models');
const style = resolve(repo, '../shared/images/style/van_gogh_starry_night.jpg');
process.env.PAINTERLY_MODEL_MIRROR ??= mirror;
const scratch = mkdtempSync(join(tmpdir(), 'painterly-bench-video-'));
process.env.PAINTERLY_HOME ??= join(scratch, 'home');
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} threads`;
console.log(`Painterly video benchmarks on ${machine}\n`);
const results: Record<string, unknown> = { machine, date: new Date().toISOString(), targets: TARGETS };
const mean = (numbers: number[]) => numbers.reduce((sum, value) => sum + value, 0) / Math.max(1, numbers.length);
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[numbers.length >> 1] ?? 0;

try {
  const clip = await makeTestClip({ widthPx: 640, heightPx: 360, framesPerShot: 10 });
  const flow = await createOpencvFlowEstimator();
  console.log('Optical flow at 640×360 (test clip, exact motion): ms per flow, endpoint error mean / median (px)');
  results.flow = {
    opencv: await benchFlow('OpenCV.js Farnebäck (defaults)', clip, (current, previous) => flow.estimate(current, previous)),
    prototype: await benchFlow('hand-written pyramidal LK (TS)', clip, async (current, previous) => estimatePyramidLk(current, previous, PYRAMID_LK_DEFAULTS)),
  };

  console.log('\nFlicker (0–255 scale, pixels visible in both frames, true flow); lower is steadier');
  const presets: Record<string, unknown>[] = [];
  for (const model of ['udnie', 'wave', 'la_muse', 'scream']) {
    const independent = await measureFlicker(await presetStylizer(clip, model, { independent: true }), clip);
    const coherent = await measureFlicker(await presetStylizer(clip, model, { independent: false, flow }), clip);
    const ratio = coherent.flicker / independent.flicker;
    presets.push({ model, independent: independent.flicker, coherent: coherent.flicker, ratio });
    console.log(`  preset ${model.padEnd(8)} 640×360  independent ${independent.flicker.toFixed(2).padStart(6)}  coherent ${coherent.flicker.toFixed(2).padStart(6)}  ratio ${ratio.toFixed(2)}×  target ≤ ${TARGETS.presetFlickerRatio}×: ${ratio <= TARGETS.presetFlickerRatio ? 'met' : 'missed'}`);
  }
  results.presetFlicker = presets;

  if (!values.quick) {
    const [qw, qh] = values['quality-size']!.split('x').map(Number);
    const small = await makeTestClip({ widthPx: qw, heightPx: qh, framesPerShot: 6 });
    const options = { styles: [style], network: 'darknet-tiny' };
    const independent = await measureFlicker(await qualityStylizer(small, { ...options, independent: true }, flow), small);
    const coherent = await measureFlicker(await qualityStylizer(small, options, flow), small);
    const ratio = coherent.flicker / independent.flicker;
    results.qualityFlicker = { sizePx: `${qw}×${qh}`, independent: independent.flicker, coherent: coherent.flicker, ratio, secondsPerLaterFrame: coherent.laterFrameSeconds };
    console.log(`  quality Darknet Tiny ${qw}×${qh}  independent ${independent.flicker.toFixed(2).padStart(6)}  coherent ${coherent.flicker.toFixed(2).padStart(6)}  ratio ${ratio.toFixed(2)}×  target ≤ ${TARGETS.qualityFlickerRatio}×: ${ratio <= TARGETS.qualityFlickerRatio ? 'met' : 'missed'}`);
  }
  flow.dispose();

  console.log('\nWhole `painterly video` processes (decode, flow, paint, encode, sound)');
  const clipPath = join(scratch, 'clip.mp4');
  await writeTestClip(clip, clipPath, 24);
  const preset = await runVideo(['video', clipPath, '--model', 'udnie', '-o', join(scratch, 'preset.mp4')]);
  const fps = clip.frames.length / preset.seconds;
  results.presetSpeed = { sizePx: '640×360', frames: clip.frames.length, seconds: preset.seconds, framesPerSecond: fps, peakRssMb: preset.peakRssMb };
  console.log(`  preset udnie 640×360, ${clip.frames.length} frames: ${preset.seconds.toFixed(1)} s = ${fps.toFixed(2)} frames/s  target ≥ ${TARGETS.presetFramesPerSecond}: ${fps >= TARGETS.presetFramesPerSecond ? 'met' : 'missed'}  (peak RSS ${preset.peakRssMb.toFixed(0)} MB)`);
  if (!values.quick) {
    const frames = 4;
    const quality = await runVideo(['video', clipPath, '--style', style, '--network', 'darknet-tiny', '--size', '640', '--duration', String(frames / 24), '-o', join(scratch, 'quality.mp4'), '--json'], true);
    const later = quality.frameMs.slice(1);
    const perFrame = mean(later) / 1000;
    results.qualitySpeed = { sizePx: '640×360', firstFrameSeconds: quality.frameMs[0] / 1000, laterFrameSeconds: perFrame, peakRssMb: quality.peakRssMb };
    console.log(`  quality Darknet Tiny 640×360 at its defaults: first frame ${(quality.frameMs[0] / 1000).toFixed(1)} s, later frames ${perFrame.toFixed(1)} s each  target ≤ ${TARGETS.qualitySecondsPerFrame} s: ${perFrame <= TARGETS.qualitySecondsPerFrame ? 'met' : 'missed'}`);

    console.log('\nMemory: the same preset command on a short and a long clip (96×54 frames)');
    const tiny = await makeTestClip({ widthPx: 96, heightPx: 54, framesPerShot: 40 });
    const shortClip = join(scratch, 'short.mp4');
    await writeTestClip(tiny, shortClip, 24); // 120 frames = 5 s
    const longClip = join(scratch, 'long.mp4');
    await loopClip(shortClip, longClip, 24); // 2 minutes
    const shortRun = await runVideo(['video', shortClip, '--model', 'udnie', '-o', join(scratch, 'short-out.mp4')]);
    const longRun = await runVideo(['video', longClip, '--model', 'udnie', '-o', join(scratch, 'long-out.mp4')]);
    results.memory = { shortSeconds: 5, longSeconds: 120, shortPeakRssMb: shortRun.peakRssMb, longPeakRssMb: longRun.peakRssMb };
    console.log(`  5 s clip: peak RSS ${shortRun.peakRssMb.toFixed(0)} MB; 2 min clip: ${longRun.peakRssMb.toFixed(0)} MB (${(longRun.peakRssMb / shortRun.peakRssMb).toFixed(2)}×, ${longRun.seconds.toFixed(0)} s)`);
  }
  mkdirSync(join(repo, 'bench/results'), { recursive: true });
  writeFileSync(join(repo, 'bench/results/video.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nWrote bench/results/video.json');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

async function benchFlow(label: string, clip: TestClip, estimate: FlowEstimator['estimate']) {
  const times: number[] = [];
  const byKind: Record<string, { mean: number[]; median: number[] }> = {};
  for (let t = 1; t < clip.frames.length; t++) {
    const truth = clip.flows[t];
    if (!truth) continue;
    const started = performance.now();
    const estimated: FlowField = await estimate(clip.frames[t], clip.frames[t - 1]);
    times.push(performance.now() - started);
    const errors: number[] = [];
    for (let p = 0; p < truth.dx.length; p++) if (clip.visible[t]![p]) errors.push(Math.hypot(estimated.dx[p] - truth.dx[p], estimated.dy[p] - truth.dy[p]));
    const entry = (byKind[clip.shots[t]] ??= { mean: [], median: [] });
    entry.mean.push(endpointError(estimated, truth, clip.visible[t]!));
    entry.median.push(median(errors));
  }
  const kinds = Object.fromEntries(Object.entries(byKind).map(([kind, entry]) => [kind, { meanPx: mean(entry.mean), medianPx: mean(entry.median) }]));
  console.log(`  ${label.padEnd(32)} ${median(times).toFixed(1).padStart(6)} ms  ${Object.entries(kinds).map(([kind, e]) => `${kind} ${e.meanPx.toFixed(2)} / ${e.medianPx.toFixed(2)}`).join('   ')}`);
  return { msPerFlow: median(times), kinds };
}

function runVideo(args: string[], json = false): Promise<{ seconds: number; peakRssMb: number; frameMs: number[] }> {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', join(repo, 'bench/rss-on-exit.mjs'), join(repo, 'bin/painterly.js'), ...args, ...(json ? [] : ['--quiet'])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`painterly ${args.join(' ')} failed (${code}):\n${stderr}`));
      const peak = Number(/PEAK_RSS_KB (\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
      const frameMs = stdout.split('\n').filter((line) => line.includes('"type":"frame"')).map((line) => Number((JSON.parse(line) as { frameMs: number }).frameMs));
      resolveRun({ seconds: (performance.now() - started) / 1000, peakRssMb: peak, frameMs });
    });
  });
}

function loopClip(input: string, output: string, times: number): Promise<void> {
  return new Promise((resolveLoop, reject) => {
    const child = spawn('ffmpeg', ['-v', 'error', '-y', '-stream_loop', String(times - 1), '-i', input, '-c', 'copy', output], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveLoop() : reject(new Error(`ffmpeg loop exited with ${code}`))));
  });
}
