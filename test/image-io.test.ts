import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { createRgbImage, fitLongSide, fromInterleaved, toInterleaved, type DecodedImage } from '../src/engine/image.js';
import { isPainterlyError, type PainterlyErrorCode } from '../src/engine/errors.js';
import { writeFileAtomic } from '../src/node/atomic-write.js';
import { checkOutputWritable, DEFAULT_MAX_PIXELS, readImage, resizeImage, writeImage } from '../src/node/image-io.js';
import { SHARED } from './helpers/repo-root.js';

const EDGE_DIR = join(SHARED, 'images', 'edge') + '/';
const CONTENT_DIR = join(SHARED, 'images', 'content') + '/';

/** JPEG and WebP are lossy: on flat colour blocks at quality 92–100 they stay within a few levels. */
const LOSSY_TOLERANCE = 6;
/** GIF is palette-quantized; flat blocks of a few colours get exact or near-exact palette entries. */
const GIF_TOLERANCE = 3;
/** A CMYK JPEG without an ICC profile goes through sharp's generic CMYK profile, so sRGB → CMYK → sRGB
 *  is not an identity (measured: (200, 40, 40) comes back about (200, 21, 18)); we only check the hue survives. */
const CMYK_TOLERANCE = 30;
/** resizeImage runs in 16-bit fixed point: a flat image comes back within about 0.5 of a level. */
const RESIZE_TOLERANCE = 0.5;

let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'painterly-image-io-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function rejectsWithCode(promise: Promise<unknown>, code: PainterlyErrorCode, ...fragments: string[]): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isPainterlyError(error), `expected a PainterlyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" should mention "${fragment}"`);
    return true;
  });
}

/** 8-bit interleaved RGB (or RGBA) pixels made of four flat quadrants, easy on lossy codecs. */
function quadrants(width: number, height: number, colours: number[][]): Uint8Array {
  const channels = colours[0].length;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const colour = colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)];
      pixels.set(colour, (y * width + x) * channels);
    }
  }
  return pixels;
}

function pixelAt(image: DecodedImage, x: number, y: number): number[] {
  const plane = image.rgb.width * image.rgb.height;
  const index = y * image.rgb.width + x;
  return [0, 1, 2].map((channel) => image.rgb.data[channel * plane + index]);
}

function assertClose(actual: number[], expected: number[], tolerance: number, what: string): void {
  actual.forEach((value, i) => {
    assert.ok(Math.abs(value - expected[i]) <= tolerance, `${what}: got [${actual.map((v) => v.toFixed(2))}], expected [${expected}] ± ${tolerance}`);
  });
}

function range(values: Float32Array): [number, number] {
  return values.reduce<[number, number]>(([low, high], value) => [Math.min(low, value), Math.max(high, value)], [Infinity, -Infinity]);
}

async function tempFilesIn(directory: string): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.endsWith('.tmp'));
}

const COLOURS = [[220, 30, 40], [30, 200, 60], [40, 50, 210], [240, 240, 240]];

describe('engine/image helpers', () => {
  test('fitLongSide keeps the aspect ratio, rounds, and never goes below 1 px', () => {
    assert.deepEqual(fitLongSide(1280, 720, 512), { width: 512, height: 288 });
    assert.deepEqual(fitLongSide(300, 1200, 400), { width: 100, height: 400 });
    assert.deepEqual(fitLongSide(10000, 3, 100), { width: 100, height: 1 });
    assert.deepEqual(fitLongSide(36, 28, 72), { width: 72, height: 56 });
    assert.throws(() => fitLongSide(100, 100, 0), (error: unknown) => isPainterlyError(error) && error.code === 'INVALID_OPTION');
  });

  test('fromInterleaved and toInterleaved are inverse for 8-bit RGBA and clamp out-of-range values', () => {
    const rgba = new Uint8Array([255, 0, 10, 128, 1, 2, 3, 4]);
    const image = fromInterleaved(rgba, 2, 1, 4);
    assert.deepEqual([...image.rgb.data], [255, 1, 0, 2, 10, 3]);
    assert.deepEqual([...toInterleaved(image, 8)], [...rgba]);
    const wild = { rgb: createRgbImage(1, 1, new Float32Array([300, -5, 127.5])) };
    assert.deepEqual([...toInterleaved(wild, 8)], [255, 0, 128]);
    assert.deepEqual([...toInterleaved(wild, 16)], [65535, 0, 32768]);
  });
});

describe('readImage and writeImage', () => {
  test('PNG round-trips exactly, with and without alpha', async () => {
    const width = 7;
    const height = 5;
    for (const channels of [3, 4]) {
      const pixels = new Uint8Array(width * height * channels).map((_, i) => (i * 97 + 13) % 256);
      const image = fromInterleaved(pixels, width, height, channels);
      const path = join(workDir, `round-trip-${channels}.png`);
      await writeImage(path, image);
      const back = await readImage(path);
      assert.equal(back.format, 'png');
      assert.deepEqual([back.rgb.width, back.rgb.height], [width, height]);
      assert.deepEqual(back.rgb.data, image.rgb.data);
      assert.deepEqual(back.alpha, image.alpha);
    }
  });

  test('reads every supported input format', async () => {
    const pixels = quadrants(32, 24, COLOURS);
    const encoders: Array<[string, string, (image: Sharp) => Sharp, number]> = [
      ['jpg', 'jpeg', (s) => s.jpeg({ quality: 100, chromaSubsampling: '4:4:4' }), LOSSY_TOLERANCE],
      ['png', 'png', (s) => s.png(), 0],
      ['webp', 'webp', (s) => s.webp({ lossless: true }), 0],
      ['tiff', 'tiff', (s) => s.tiff({ compression: 'lzw' }), 0],
      ['gif', 'gif', (s) => s.gif(), GIF_TOLERANCE],
    ];
    for (const [extension, format, encode, tolerance] of encoders) {
      const path = join(workDir, `input.${extension}`);
      await encode(sharp(pixels, { raw: { width: 32, height: 24, channels: 3 } })).toFile(path);
      const image = await readImage(path);
      assert.equal(image.format, format);
      assert.deepEqual([image.rgb.width, image.rgb.height], [32, 24]);
      assert.equal(image.alpha, undefined, `${format}: an opaque image has no alpha plane`);
      assertClose(pixelAt(image, 4, 4), COLOURS[0], tolerance, `${format} top-left`);
      assertClose(pixelAt(image, 28, 20), COLOURS[3], tolerance, `${format} bottom-right`);
    }
  });

  test('writes every supported output format and reads it back', async () => {
    const image = fromInterleaved(quadrants(32, 24, COLOURS), 32, 24, 3);
    const formats: Array<[string, string, number]> = [
      ['out.png', 'png', 0], ['out.jpg', 'jpeg', LOSSY_TOLERANCE], ['out.JPEG', 'jpeg', LOSSY_TOLERANCE],
      ['out.webp', 'webp', LOSSY_TOLERANCE], ['out.tif', 'tiff', 0], ['out.tiff', 'tiff', 0], ['out.gif', 'gif', GIF_TOLERANCE],
    ];
    for (const [name, format, tolerance] of formats) {
      await writeImage(join(workDir, name), image);
      const back = await readImage(join(workDir, name));
      assert.equal(back.format, format, name);
      assertClose(pixelAt(back, 4, 20), COLOURS[2], tolerance, name);
    }
  });

  test('alpha survives PNG, WebP, TIFF and GIF; JPEG is flattened onto white', async () => {
    const pixels = quadrants(16, 16, [[200, 30, 30, 0], [200, 30, 30, 255], [0, 0, 0, 0], [0, 0, 0, 255]]);
    const image = fromInterleaved(pixels, 16, 16, 4);
    for (const name of ['a.png', 'a.webp', 'a.tiff', 'a.gif']) {
      await writeImage(join(workDir, name), image);
      const back = await readImage(join(workDir, name));
      assert.ok(back.alpha, `${name} keeps alpha`);
      assert.equal(back.alpha[0], 0, `${name}: transparent corner`);
      assert.equal(back.alpha[15], 255, `${name}: opaque corner`);
    }
    await writeImage(join(workDir, 'a.jpg'), image);
    const jpeg = await readImage(join(workDir, 'a.jpg'));
    assert.equal(jpeg.alpha, undefined);
    assertClose(pixelAt(jpeg, 12, 12), [0, 0, 0], LOSSY_TOLERANCE, 'opaque black stays black');
    assertClose(pixelAt(jpeg, 3, 12), [255, 255, 255], LOSSY_TOLERANCE, 'transparent becomes white');
  });

  test('applies the EXIF orientation (6: rotate 90° clockwise), swapping width and height', async () => {
    const leftRedRightBlue = quadrants(40, 20, [[255, 0, 0], [0, 0, 255], [255, 0, 0], [0, 0, 255]]);
    const path = join(workDir, 'orientation-6.jpg');
    await sharp(leftRedRightBlue, { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toFile(path);
    const image = await readImage(path);
    assert.deepEqual([image.rgb.width, image.rgb.height], [20, 40]);
    assertClose(pixelAt(image, 10, 5), [255, 0, 0], 2 * LOSSY_TOLERANCE, 'the left half is now on top');
    assertClose(pixelAt(image, 10, 35), [0, 0, 255], 2 * LOSSY_TOLERANCE, 'the right half is now at the bottom');
  });

  test('grayscale (1-channel PNG) becomes RGB with equal planes', async () => {
    const path = join(workDir, 'gray.png');
    const gray = new Uint8Array([0, 50, 100, 255]);
    await sharp(gray, { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('b-w').png().toFile(path);
    assert.equal((await sharp(path).metadata()).channels, 1, 'the fixture really is single-channel');
    const image = await readImage(path);
    assert.deepEqual([...image.rgb.data], [...gray, ...gray, ...gray]);
  });

  test('16-bit PNG is scaled to 0–255 keeping sub-level precision', async () => {
    const samples = new Uint16Array(4 * 3 * 3).map((_, i) => i * 1800);
    const path = join(workDir, 'sixteen.png');
    await sharp(samples, { raw: { width: 4, height: 3, channels: 3 } }).toColourspace('rgb16').png().toFile(path);
    assert.equal((await sharp(path).metadata()).depth, 'ushort', 'the fixture really is 16-bit');
    const image = await readImage(path);
    const expectedRed = Array.from({ length: 12 }, (_, pixel) => (pixel * 3 * 1800) / 257);
    assertClose([...image.rgb.data.subarray(0, 12)], expectedRed, 1e-3, '16-bit red plane');
  });

  test('CMYK JPEG is converted to sRGB', async () => {
    const path = join(workDir, 'cmyk.jpg');
    const red = new Uint8Array(8 * 8 * 3).map((_, i) => [200, 40, 40][i % 3]);
    await sharp(red, { raw: { width: 8, height: 8, channels: 3 } }).toColourspace('cmyk').jpeg({ quality: 100 }).toFile(path);
    assert.equal((await sharp(path).metadata()).space, 'cmyk', 'the fixture really is CMYK');
    const image = await readImage(path);
    assert.equal(image.rgb.data.length, 3 * 64);
    assertClose(pixelAt(image, 4, 4), [200, 40, 40], CMYK_TOLERANCE, 'CMYK red');
  });

  test('the shared edge-case images decode with the right sizes and alpha', async () => {
    const camera = await readImage(join(EDGE_DIR, 'camera_gray.jpg'));
    assert.deepEqual([camera.format, camera.rgb.width, camera.rgb.height, camera.alpha], ['jpeg', 512, 512, undefined]);
    const plane = 512 * 512;
    assert.deepEqual(camera.rgb.data.subarray(0, plane), camera.rgb.data.subarray(plane, 2 * plane), 'gray: R equals G');

    const gradient = await readImage(join(EDGE_DIR, 'generated_rgba_gradient_480x320.png'));
    assert.deepEqual([gradient.rgb.width, gradient.rgb.height], [480, 320]);
    assert.ok(gradient.alpha);
    assert.deepEqual(range(gradient.alpha), [0, 255]);

    const hippo = await readImage(join(EDGE_DIR, 'hippo_rgba_36x28.png'));
    assert.deepEqual([hippo.rgb.width, hippo.rgb.height], [36, 28]);
    assert.ok(hippo.alpha);
    assert.deepEqual(range(hippo.alpha), [27, 236], 'SOURCES.md: alpha ranges 27–236');
  });
});

describe('readImage errors', () => {
  test('an image over maxPixels is refused with the size, the limit and the fix', async () => {
    // The fix names the option by its key (the CLI shows it as --max-pixels, the server as maxPixels).
    const refusal = readImage(join(CONTENT_DIR, 'cat_chelsea.jpg'), { maxPixels: 100_000 });
    await rejectsWithCode(refusal, 'IMAGE_TOO_LARGE', '451×300', '100,000', 'Raise the pixel limit');
    await assert.rejects(refusal, (error: unknown) => isPainterlyError(error) && error.option === 'maxPixels');
    await rejectsWithCode(readImage(join(CONTENT_DIR, 'cat_chelsea.jpg'), { maxPixels: 0 }), 'INVALID_OPTION', 'maxPixels');
  });

  test('a decompression bomb (10000×10000 header, tiny body) is refused from its header by the default limit', async () => {
    const path = join(workDir, 'bomb.png');
    await writeFile(path, pngHeaderOnly(10_000, 10_000));
    assert.ok(10_000 * 10_000 > DEFAULT_MAX_PIXELS);
    await rejectsWithCode(readImage(path), 'IMAGE_TOO_LARGE', '10000×10000', '50,000,000');
  });

  test('a missing file, a directory, a text file and a truncated JPEG get clear errors', async () => {
    const missing = join(workDir, 'no-such-image.jpg');
    await rejectsWithCode(readImage(missing), 'IMAGE_NOT_FOUND', missing);
    await rejectsWithCode(readImage(workDir), 'IMAGE_NOT_FOUND', 'directory');
    const text = join(workDir, 'not-an-image.jpg');
    await writeFile(text, 'hello, I am a text file\n');
    await rejectsWithCode(readImage(text), 'IMAGE_DECODE_FAILED', text, 'JPEG, PNG, WebP, TIFF, GIF');
    const whole = await readFile(join(CONTENT_DIR, 'cat_chelsea.jpg'));
    const truncated = join(workDir, 'truncated.jpg');
    await writeFile(truncated, whole.subarray(0, whole.length / 2));
    await rejectsWithCode(readImage(truncated), 'IMAGE_DECODE_FAILED', truncated);
  });
});

describe('resizeImage', () => {
  test('resizes RGB and alpha, keeping a flat image flat', async () => {
    const width = 30;
    const height = 20;
    const rgb = createRgbImage(width, height, new Float32Array(3 * width * height).fill(100.25));
    const alpha = new Float32Array(width * height).fill(200);
    const resized = await resizeImage({ rgb, alpha }, 13, 47);
    assert.deepEqual([resized.rgb.width, resized.rgb.height, resized.rgb.data.length], [13, 47, 3 * 13 * 47]);
    assert.ok(resized.alpha);
    for (const value of resized.rgb.data) assert.ok(Math.abs(value - 100.25) <= RESIZE_TOLERANCE, `rgb ${value}`);
    for (const value of resized.alpha) assert.ok(Math.abs(value - 200) <= RESIZE_TOLERANCE, `alpha ${value}`);
  });

  test('keeps values within 0–255 across a hard edge (no Lanczos ringing outside the range)', async () => {
    const image = fromInterleaved(quadrants(16, 16, [[0, 0, 0], [255, 255, 255], [0, 0, 0], [255, 255, 255]]), 16, 16, 3);
    const resized = await resizeImage(image, 37, 9);
    assert.equal(resized.alpha, undefined);
    for (const value of resized.rgb.data) assert.ok(value >= 0 && value <= 255);
  });
});

describe('atomic writes and output checks', () => {
  test('an unsupported extension is refused and an existing file is left untouched', async () => {
    const target = join(workDir, 'existing.bmp');
    await writeFile(target, 'old contents');
    await rejectsWithCode(writeImage(target, { rgb: createRgbImage(2, 2) }), 'INVALID_OPTION', '.png', '.jpg', '.webp', '.tiff', '.gif');
    assert.equal(await readFile(target, 'utf8'), 'old contents');
    await rejectsWithCode(checkOutputWritable(target), 'INVALID_OPTION', '.png');
  });

  test('a failure injected at the rename leaves the existing file untouched and no temp file behind', async () => {
    const directory = await mkdtemp(join(workDir, 'inject-'));
    const target = join(directory, 'result.png');
    await writeFile(target, 'old contents');
    const rename = mock.method(fs, 'rename', async () => {
      throw Object.assign(new Error('injected I/O error'), { code: 'EIO' });
    });
    try {
      await rejectsWithCode(writeImage(target, { rgb: createRgbImage(4, 4) }), 'OUTPUT_NOT_WRITABLE', directory);
      assert.equal(rename.mock.callCount(), 1);
    } finally {
      rename.mock.restore();
    }
    assert.equal(await readFile(target, 'utf8'), 'old contents');
    assert.deepEqual(await tempFilesIn(directory), []);
  });

  test('writing over a directory fails cleanly without leaving a temp file', async () => {
    const directory = await mkdtemp(join(workDir, 'isdir-'));
    await mkdir(join(directory, 'taken.png'));
    await rejectsWithCode(writeFileAtomic(join(directory, 'taken.png'), new Uint8Array([1, 2, 3])), 'OUTPUT_NOT_WRITABLE', 'taken.png');
    await rejectsWithCode(checkOutputWritable(join(directory, 'taken.png')), 'OUTPUT_NOT_WRITABLE', 'is a directory');
    assert.deepEqual(await tempFilesIn(directory), []);
  });

  test('a successful write replaces the file and leaves no temp file', async () => {
    const directory = await mkdtemp(join(workDir, 'replace-'));
    const target = join(directory, 'data.bin');
    await writeFile(target, 'old');
    await writeFileAtomic(target, new Uint8Array([110, 101, 119]));
    assert.equal(await readFile(target, 'utf8'), 'new');
    assert.deepEqual(await readdir(directory), ['data.bin']);
  });

  test('a missing or non-directory output directory is reported with the directory and the fix', async () => {
    const missingDirectory = join(workDir, 'no', 'such', 'dir');
    const target = join(missingDirectory, 'out.png');
    await rejectsWithCode(checkOutputWritable(target), 'OUTPUT_NOT_WRITABLE', missingDirectory, 'Create it');
    await rejectsWithCode(writeImage(target, { rgb: createRgbImage(2, 2) }), 'OUTPUT_NOT_WRITABLE', missingDirectory, 'Create it');
    const file = join(workDir, 'plain-file');
    await writeFile(file, '');
    await rejectsWithCode(checkOutputWritable(join(file, 'out.png')), 'OUTPUT_NOT_WRITABLE', file);
    await checkOutputWritable(join(workDir, 'fine.webp'));
  });

  test('a read-only directory is reported up front', { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false }, async () => {
    const directory = await mkdtemp(join(workDir, 'readonly-'));
    await chmod(directory, 0o555);
    try {
      await rejectsWithCode(checkOutputWritable(join(directory, 'out.png')), 'OUTPUT_NOT_WRITABLE', directory, 'permission');
      await rejectsWithCode(writeImage(join(directory, 'out.png'), { rgb: createRgbImage(2, 2) }), 'OUTPUT_NOT_WRITABLE', directory);
    } finally {
      await chmod(directory, 0o755);
    }
  });
});

/** A PNG whose header claims `width × height` 8-bit RGB but whose pixel data is one short deflate stream. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}
