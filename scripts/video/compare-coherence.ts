/**
 * Side-by-side previews of independent vs coherent video painting, for docs/video.md:
 *   - an animated WebP per engine (left: every frame on its own, right: coherent), and
 *   - a still sheet per engine: three consecutive frames of the moving-object shot (rows: independent,
 *     coherent) and, under each, |O_t − warp(O_{t−1})| along the true flow (bright = flicker).
 * Flicker numbers are printed. Needs ffmpeg (for the WebP) and the shared mirror for the networks.
 *
 *   PAINTERLY_MODEL_MIRROR=../shared/models node --import tsx scripts/video/compare-coherence.ts preset udnie
 *   PAINTERLY_MODEL_MIRROR=../shared/models node --import tsx scripts/video/compare-coherence.ts quality van_gogh_starry_night.jpg
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../../src/engine/image.js';
import { warpImage } from '../../src/engine/video/warp.js';
import { createOpencvFlowEstimator } from '../../src/node/video/opencv-flow.js';
import { measureFlicker, presetStylizer, qualityStylizer } from '../../bench/video-flicker.js';
import { makeTestClip } from './make-test-clip.js';

const [engine = 'preset', what = 'udnie', sizeText = '320x180'] = process.argv.slice(2);
const [widthPx, heightPx] = sizeText.split('x').map(Number);
const out = resolve(import.meta.dirname, '../../docs/images');
const clip = await makeTestClip({ widthPx, heightPx, framesPerShot: 8 });
const flow = await createOpencvFlowEstimator();
const style = resolve(import.meta.dirname, '../../../shared/images/style', what);
const qualityOptions = { styles: [style], network: 'darknet-tiny' };
const make = (independent: boolean) =>
  engine === 'preset' ? presetStylizer(clip, what, { independent, flow }) : qualityStylizer(clip, { ...qualityOptions, independent }, flow);
const independent = await measureFlicker(await make(true), clip);
const coherent = await measureFlicker(await make(false), clip);
flow.dispose();
const label = engine === 'preset' ? `preset ${what}` : `Darknet Tiny (ImageNet weights), ${what}`;
console.log(`${label} at ${widthPx}×${heightPx}: flicker independent ${independent.flicker.toFixed(2)}, coherent ${coherent.flicker.toFixed(2)} (${(coherent.flicker / independent.flicker).toFixed(2)}×); s/frame after the first: ${independent.laterFrameSeconds.toFixed(2)} vs ${coherent.laterFrameSeconds.toFixed(2)}`);

const name = engine === 'preset' ? `video-${what}` : `video-darknet-${what.replace(/\.[^.]+$/, '')}`;
await writeAnimation(`${out}/${name}-side-by-side.webp`, independent.outputs.map((frame, t) => besideEachOther([frame, coherent.outputs[t]])));
const t0 = clip.shots.lastIndexOf('object') - 2;
const rows = [independent.outputs, coherent.outputs].flatMap((outputs) => [
  besideEachOther([0, 1, 2].map((k) => outputs[t0 + k])),
  besideEachOther([0, 1, 2].map((k) => difference(outputs[t0 + k], outputs[t0 + k - 1], t0 + k))),
]);
await sheet(rows, `${out}/${name}-coherence.jpg`);
console.log(`Wrote docs/images/${name}-side-by-side.webp and ${name}-coherence.jpg`);

function difference(current: RgbImage, previous: RgbImage, t: number): RgbImage {
  const warped = warpImage(previous, clip.flows[t]!);
  const plane = current.width * current.height;
  const data = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    let sum = 0;
    for (let c = 0; c < 3; c++) sum += Math.abs(current.data[c * plane + p] - warped.data[c * plane + p]);
    const value = clip.visible[t]![p] ? Math.min(255, 4 * (sum / 3)) : 40; // ×4 to make it visible; grey = not visible before
    for (let c = 0; c < 3; c++) data[c * plane + p] = value;
  }
  return { width: current.width, height: current.height, data };
}

function besideEachOther(images: RgbImage[]): RgbImage {
  const { height } = images[0];
  const width = images.reduce((sum, image) => sum + image.width, 0);
  const data = new Float32Array(3 * width * height);
  let left = 0;
  for (const image of images) {
    for (let c = 0; c < 3; c++) for (let y = 0; y < height; y++) for (let x = 0; x < image.width; x++) {
      data[c * width * height + y * width + left + x] = image.data[c * image.width * height + y * image.width + x];
    }
    left += image.width;
  }
  return { width, height, data };
}

function interleaved(image: RgbImage): Buffer {
  const plane = image.width * image.height;
  const bytes = Buffer.alloc(3 * plane);
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) bytes[3 * p + c] = Math.round(Math.min(255, Math.max(0, image.data[c * plane + p])));
  return bytes;
}

async function sheet(images: RgbImage[], path: string): Promise<void> {
  const { width } = images[0];
  const height = images.reduce((sum, image) => sum + image.height, 0);
  const composite = images.map((image, k) => ({ input: interleaved(image), raw: { width: image.width, height: image.height, channels: 3 as const }, top: k * image.height, left: 0 }));
  await sharp({ create: { width, height, channels: 3, background: '#000' } }).composite(composite).jpeg({ quality: 88 }).toFile(path);
}

async function writeAnimation(path: string, frames: RgbImage[]): Promise<void> {
  const { width, height } = frames[0];
  const child = spawn('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', '8', '-i', 'pipe:0', '-c:v', 'libwebp', '-lossless', '0', '-quality', '80', '-loop', '0', path], { stdio: ['pipe', 'inherit', 'inherit'] });
  for (const frame of frames) if (!child.stdin.write(interleaved(frame))) await once(child.stdin, 'drain');
  child.stdin.end();
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`ffmpeg exited with ${code}`);
}
