/**
 * A test clip with exactly known motion, built from the photos in ../shared/images: every frame is
 * sampled analytically from a source photo, so the backward flow of every pixel (where it was in the
 * previous frame) and whether it was visible there are known exactly. Deterministic; no randomness.
 *
 * Shots, each `framesPerShot` frames, separated by cuts:
 *   1. pan    — the camera slides over the Golden Gate photo by (2.3, 0.7) px per frame;
 *   2. zoom   — the city skyline grows by 1.5 % per frame about the centre;
 *   3. object — a cut-out ellipse of the cat photo moves by (−3.1, 1.2) px per frame over the beach photo,
 *               which pans by (1.4, 0) px: the ellipse covers and uncovers background (occlusions).
 *
 * Library use: `makeTestClip({ widthPx: 640, heightPx: 360 })`. Command line (writes an H.264 clip with a
 * 440 Hz tone; needs ffmpeg):
 *   node --import tsx scripts/video/make-test-clip.ts clip.mp4 [--size 640x360] [--fps 24] [--frames-per-shot 24]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { RgbImage } from '../../src/engine/image.js';
import type { FlowField } from '../../src/engine/video/types.js';

/** The clip: frames, and per frame its exact backward flow and visibility (null on a shot's first frame). */
export interface TestClip {
  readonly frames: RgbImage[];
  /** flows[t](p): where pixel p of frame t was in frame t − 1; null where t starts a shot. */
  readonly flows: (FlowField | null)[];
  /** visible[t](p) = 1 when p + flows[t](p) shows the same point in frame t − 1 (not covered, inside the frame). */
  readonly visible: (Float32Array | null)[];
  /** Frame indices that start a shot (0 included). */
  readonly cuts: number[];
  /** The kind of motion of each frame's shot. */
  readonly shots: ('pan' | 'zoom' | 'object')[];
}

/** Options of {@link makeTestClip}. */
export interface TestClipOptions {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly framesPerShot?: number;
  /** Folder of the photos; default ../shared/images/content next to this repository. */
  readonly imagesDir?: string;
}

/** ../shared/images/content next to the repository: the folder above the nearest package.json (this file also runs transpiled, from .test-build/scripts/video/). */
export const DEFAULT_IMAGES_DIR = join(repositoryRoot(import.meta.dirname), '..', 'shared', 'images', 'content');

function repositoryRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const PAN_STEP = { x: 2.3, y: 0.7 };
const ZOOM_PER_FRAME = 1.015;
const OBJECT_STEP = { x: -3.1, y: 1.2 };
const BACKGROUND_STEP = { x: 1.4, y: 0 };

/**
 * Builds the clip in memory.
 *
 * @example
 * const clip = await makeTestClip({ widthPx: 320, heightPx: 180, framesPerShot: 12 });
 * clip.frames.length // → 36; clip.cuts // → [0, 12, 24]
 */
export async function makeTestClip(options: TestClipOptions): Promise<TestClip> {
  const { widthPx: width, heightPx: height } = options;
  const count = options.framesPerShot ?? 24;
  const dir = options.imagesDir ?? DEFAULT_IMAGES_DIR;
  // Sources large enough that no frame samples outside them.
  const panSource = await readSource(join(dir, 'golden_gate_bridge_fog.jpg'), Math.ceil(width + count * PAN_STEP.x + 8), Math.ceil(height + count * PAN_STEP.y + 8));
  const zoomSource = await readSource(join(dir, 'city_skyline.jpg'), width, height);
  const background = await readSource(join(dir, 'beach_city_sunset.jpg'), Math.ceil(width + count * BACKGROUND_STEP.x + 8), height + 8);
  const object = await readSource(join(dir, 'cat_chelsea.jpg'), Math.round(height * 0.6 * 1.3), Math.round(height * 0.6));
  const clip: TestClip = { frames: [], flows: [], visible: [], cuts: [], shots: [] };
  const add = (shot: TestClip['shots'][number], frame: RgbImage, flow: FlowField | null, visible: Float32Array | null) => {
    if (!flow) clip.cuts.push(clip.frames.length);
    clip.frames.push(frame);
    clip.flows.push(flow);
    clip.visible.push(visible);
    clip.shots.push(shot);
  };

  // 1. Pan: frame t shows source(p + o_t), o_t = o_0 + t·step, so p came from p + step.
  for (let t = 0; t < count; t++) {
    const offset = { x: 4 + t * PAN_STEP.x, y: 4 + t * PAN_STEP.y };
    const frame = render(width, height, (x, y, out) => sample(panSource, x + offset.x, y + offset.y, out));
    add('pan', frame, t === 0 ? null : uniformFlow(width, height, PAN_STEP), t === 0 ? null : insideMask(width, height, (x, y) => [x + PAN_STEP.x, y + PAN_STEP.y]));
  }
  // 2. Zoom about the centre c: frame t shows source(c + (p − c)/s_t); p came from c + (p − c)·s_{t−1}/s_t.
  const centre = { x: (width - 1) / 2, y: (height - 1) / 2 };
  for (let t = 0; t < count; t++) {
    const scale = 1.05 * ZOOM_PER_FRAME ** t;
    const frame = render(width, height, (x, y, out) => sample(zoomSource, centre.x + (x - centre.x) / scale, centre.y + (y - centre.y) / scale, out));
    const back = (x: number, y: number): [number, number] => [centre.x + (x - centre.x) / ZOOM_PER_FRAME, centre.y + (y - centre.y) / ZOOM_PER_FRAME];
    add('zoom', frame, t === 0 ? null : flowOf(width, height, back), t === 0 ? null : insideMask(width, height, back));
  }
  // 3. A cut-out ellipse moving over a panning background.
  const radius = { x: object.width / 2 - 1, y: object.height / 2 - 1 };
  const centreAt = (t: number) => ({ x: width * 0.7 + t * OBJECT_STEP.x, y: height * 0.35 + t * OBJECT_STEP.y });
  const inEllipse = (x: number, y: number, c: { x: number; y: number }) => ((x - c.x) / radius.x) ** 2 + ((y - c.y) / radius.y) ** 2 <= 1;
  for (let t = 0; t < count; t++) {
    const c = centreAt(t);
    const offset = { x: 4 + t * BACKGROUND_STEP.x, y: 4 };
    const frame = render(width, height, (x, y, out) =>
      inEllipse(x, y, c) ? sample(object, x - c.x + object.width / 2, y - c.y + object.height / 2, out) : sample(background, x + offset.x, y + offset.y, out),
    );
    if (t === 0) {
      add('object', frame, null, null);
      continue;
    }
    const previousCentre = centreAt(t - 1);
    const back = (x: number, y: number): [number, number] => (inEllipse(x, y, c) ? [x - OBJECT_STEP.x, y - OBJECT_STEP.y] : [x + BACKGROUND_STEP.x, y + BACKGROUND_STEP.y]);
    const visible = insideMask(width, height, back);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        // Background that was under the ellipse in the previous frame was not visible there.
        if (!inEllipse(x, y, c) && inEllipse(x + BACKGROUND_STEP.x, y + BACKGROUND_STEP.y, previousCentre)) visible[y * width + x] = 0;
      }
    }
    add('object', frame, flowOf(width, height, back), visible);
  }
  return clip;
}

type Sampler = (x: number, y: number, out: Float32Array) => Float32Array;

async function readSource(path: string, minWidth: number, minHeight: number): Promise<RgbImage> {
  const { data, info } = await sharp(path).resize(minWidth, minHeight, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const plane = info.width * info.height;
  const planar = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) planar[c * plane + p] = data[3 * p + c];
  return { width: info.width, height: info.height, data: planar };
}

/** Bilinear sample of `image` at (x, y), clamped to its border, into `out` (3 values). */
function sample(image: RgbImage, x: number, y: number, out: Float32Array = new Float32Array(3)): Float32Array {
  const { width, height, data } = image;
  const sx = Math.min(width - 1, Math.max(0, x));
  const sy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = sx - x0;
  const fy = sy - y0;
  const plane = width * height;
  for (let c = 0; c < 3; c++) {
    const o = c * plane;
    out[c] = (1 - fy) * ((1 - fx) * data[o + y0 * width + x0] + fx * data[o + y0 * width + x1]) + fy * ((1 - fx) * data[o + y1 * width + x0] + fx * data[o + y1 * width + x1]);
  }
  return out;
}

function render(width: number, height: number, pixel: Sampler): RgbImage {
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  const out = new Float32Array(3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = pixel(x, y, out);
      for (let c = 0; c < 3; c++) data[c * plane + y * width + x] = value[c];
    }
  }
  return { width, height, data };
}

function uniformFlow(width: number, height: number, step: { x: number; y: number }): FlowField {
  return { width, height, dx: new Float32Array(width * height).fill(step.x), dy: new Float32Array(width * height).fill(step.y) };
}

function flowOf(width: number, height: number, back: (x: number, y: number) => [number, number]): FlowField {
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [px, py] = back(x, y);
      dx[y * width + x] = px - x;
      dy[y * width + x] = py - y;
    }
  }
  return { width, height, dx, dy };
}

/** 1 where the previous position lies inside the frame. */
function insideMask(width: number, height: number, back: (x: number, y: number) => [number, number]): Float32Array {
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [px, py] = back(x, y);
      mask[y * width + x] = px >= 0 && py >= 0 && px <= width - 1 && py <= height - 1 ? 1 : 0;
    }
  }
  return mask;
}

/**
 * Writes `clip` as H.264 (yuv420p) with a 440 Hz tone, through ffmpeg's stdin.
 *
 * @example await writeTestClip(clip, 'clip.mp4', 24);
 */
export async function writeTestClip(clip: TestClip, path: string, fps: number, ffmpeg = 'ffmpeg'): Promise<void> {
  const { width, height } = clip.frames[0];
  const child = spawn(ffmpeg, ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', path], { stdio: ['pipe', 'inherit', 'inherit'] });
  const closed = once(child, 'close');
  for (const frame of clip.frames) {
    const plane = width * height;
    const bytes = Buffer.alloc(3 * plane);
    for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) bytes[3 * p + c] = Math.round(Math.min(255, Math.max(0, frame.data[c * plane + p])));
    if (!child.stdin.write(bytes)) await once(child.stdin, 'drain');
  }
  child.stdin.end();
  const [code] = (await closed) as [number];
  if (code !== 0) throw new Error(`ffmpeg exited with ${code} writing ${path}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { size: { type: 'string', default: '640x360' }, fps: { type: 'string', default: '24' }, 'frames-per-shot': { type: 'string', default: '24' } } });
  const [widthPx, heightPx] = values.size!.split('x').map(Number);
  const output = positionals[0] ?? 'clip.mp4';
  const clip = await makeTestClip({ widthPx, heightPx, framesPerShot: Number(values['frames-per-shot']) });
  await writeTestClip(clip, output, Number(values.fps));
  process.stderr.write(`Wrote ${output}: ${clip.frames.length} frames at ${widthPx}×${heightPx}, shots at frames ${clip.cuts.join(', ')} (pan, zoom, moving object)\n`);
}
