/**
 * The images of the unit visualizer: finding them in a folder, and bringing each to one square size.
 *
 * Every image is "cover"-resized — scaled so its short side is sizePx, then centre-cropped to
 * sizePx × sizePx — so one ONNX session serves a whole folder, aspect ratios are kept (no
 * stretching) and no padding adds artificial edges. The price: the far ends of very elongated
 * images are not seen. Transparent pixels are flattened onto `NEUTRAL_RGB`.
 */
import fs from 'node:fs/promises';
import { extname, join } from 'node:path';
import { invalidOption, PainterlyError } from '../engine/errors.js';
import { createRgbImage, type DecodedImage, type RgbImage } from '../engine/image.js';
import { CAFFE_MEAN_BGR } from '../engine/vgg/architecture.js';
import { readImage, resizeImage } from './image-io.js';

/** File extensions the visualizer picks up (case-insensitive). */
export const VISUALIZE_IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif'];

/** The colour the network sees as "nothing": the ImageNet mean, i.e. 0 after caffe preprocessing. RGB, 0–255. */
export const NEUTRAL_RGB: readonly [number, number, number] = [CAFFE_MEAN_BGR[2], CAFFE_MEAN_BGR[1], CAFFE_MEAN_BGR[0]];

/**
 * The image files under `dir`, recursively, sorted by name in each folder (byte order, so the same on
 * every machine); hidden files and folders (names starting with `.`) are skipped; symbolic links are followed.
 * Errors: IMAGE_NOT_FOUND (no such folder), INVALID_OPTION (not a folder, or no image files in it).
 *
 * @example
 * await listImageFiles('photos') // → ['photos/a.jpg', 'photos/trip/b.png', …]
 */
export async function listImageFiles(dir: string): Promise<string[]> {
  const stats = await fs.stat(dir).catch(() => undefined);
  if (!stats) throw new PainterlyError('IMAGE_NOT_FOUND', `The image folder ${dir} does not exist. Choose a folder of JPEG/PNG/WebP/TIFF/GIF files.`, { option: 'images' });
  if (!stats.isDirectory()) throw invalidOption('a folder of images', 'images', dir);
  const files = await walk(dir);
  if (files.length === 0) {
    throw new PainterlyError('INVALID_OPTION', `Expected image files (${VISUALIZE_IMAGE_EXTENSIONS.join(' ')}) in ${dir} or its subfolders but found none. Choose a folder of photos.`, { option: 'images' });
  }
  return files;
}

/** Depth-first, sorted; follows symbolic links to files and folders, each real folder once (no loops). */
async function walk(dir: string, visited = new Set<string>()): Promise<string[]> {
  const real = await fs.realpath(dir);
  if (visited.has(real)) return [];
  visited.add(real);
  const entries = (await fs.readdir(dir, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const target = entry.isSymbolicLink() ? await fs.stat(path).catch(() => undefined) : entry;
    if (target?.isDirectory()) files.push(...(await walk(path, visited)));
    else if (target?.isFile() && VISUALIZE_IMAGE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

/**
 * Reads an image and cover-resizes it to sizePx × sizePx (short side scaled to sizePx with Lanczos-3,
 * then the centre cropped), alpha flattened onto `NEUTRAL_RGB`. The grid crops patches from the same images.
 * `maxPixels`: readImage's limit (default `DEFAULT_MAX_PIXELS`).
 *
 * @example
 * const rgb = await loadSquareImage('photos/cat.jpg', 224); // 224×224 RgbImage
 */
export async function loadSquareImage(path: string, sizePx: number, maxPixels?: number): Promise<RgbImage> {
  // Decoded at about twice sizePx on its short side when large, so a huge photo costs what a small one does.
  const decoded = await readImage(path, { maxPixels, targetShortSidePx: sizePx });
  const { width, height } = decoded.rgb;
  const scale = sizePx / Math.min(width, height);
  const coverWidth = Math.max(sizePx, Math.round(width * scale));
  const coverHeight = Math.max(sizePx, Math.round(height * scale));
  const resized = await resizeImage(decoded, coverWidth, coverHeight);
  return centreCrop(flattenAlpha(resized), sizePx);
}

function flattenAlpha({ rgb, alpha }: DecodedImage): RgbImage {
  if (!alpha) return rgb;
  const pixels = rgb.width * rgb.height;
  const data = new Float32Array(rgb.data.length);
  for (let channel = 0; channel < 3; channel++) {
    for (let pixel = 0; pixel < pixels; pixel++) {
      const opacity = alpha[pixel] / 255;
      data[channel * pixels + pixel] = rgb.data[channel * pixels + pixel] * opacity + NEUTRAL_RGB[channel] * (1 - opacity);
    }
  }
  return createRgbImage(rgb.width, rgb.height, data);
}

function centreCrop(image: RgbImage, sizePx: number): RgbImage {
  if (image.width === sizePx && image.height === sizePx) return image;
  const left = Math.floor((image.width - sizePx) / 2);
  const top = Math.floor((image.height - sizePx) / 2);
  const out = createRgbImage(sizePx, sizePx);
  for (let channel = 0; channel < 3; channel++) {
    for (let y = 0; y < sizePx; y++) {
      const from = (channel * image.height + top + y) * image.width + left;
      out.data.set(image.data.subarray(from, from + sizePx), (channel * sizePx + y) * sizePx);
    }
  }
  return out;
}
