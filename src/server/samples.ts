/**
 * The sample paintings of a studio: the image files directly inside `--samples DIR` (never copied
 * anywhere). A sample is named by its file name, and only a name that is in the folder's listing is
 * ever turned into a path, so no name can reach outside the folder. Samples are held to the rules
 * of uploads (read from the file's header, whatever its name says): a format jobs read and at most
 * `maxPixels` pixels. Others are not listed, and asking for one by name is a 413 or 415 saying why.
 */
import fs from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { SUPPORTED_INPUT_FORMATS } from '../node/image-io.js';
import { encodeJpegThumbnail, readImageHeader } from '../node/image-encode.js';
import { HttpError, notFound } from './http-errors.js';
import { THUMBNAIL_PX } from './uploads.js';
import { formatCount as count } from '../options/format-count.js';

/** File extensions listed as samples. */
const SAMPLE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif']);

/** One sample painting. */
export interface SampleInfo {
  /** The file name, which is also its id in requests. */
  readonly name: string;
  /** A readable title from the file name, e.g. "Van Gogh Starry Night". */
  readonly title: string;
}

/**
 * The samples folder (or none).
 *
 * @example
 * const samples = new SampleLibrary('../shared/images/style');
 * (await samples.list()).map((sample) => sample.title)
 */
export class SampleLibrary {
  readonly dir: string | undefined;
  private readonly thumbnails = new Map<string, Promise<Buffer>>();
  /** Verdicts of `check`, by file name, valid while the file keeps its size and mtime. */
  private readonly verdicts = new Map<string, { stamp: string; problem: HttpError | undefined }>();

  /** `maxPixels`: the largest sample, as for uploads (`--max-pixels`). */
  constructor(
    dir: string | undefined,
    readonly maxPixels: number = Number.POSITIVE_INFINITY,
  ) {
    this.dir = dir === undefined ? undefined : resolve(dir);
  }

  /** The usable samples, sorted by name; empty when there is no folder or it cannot be read. */
  async list(): Promise<SampleInfo[]> {
    const names = await this.fileNames();
    const problems = await Promise.all(names.map((name) => this.check(name)));
    return names
      .filter((_, index) => problems[index] === undefined)
      .map((name) => ({ name, title: titleOf(name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The image files of the folder that are not offered, each with the reason. */
  async skipped(): Promise<{ name: string; reason: string }[]> {
    const names = await this.fileNames();
    const problems = await Promise.all(names.map((name) => this.check(name)));
    return names.flatMap((name, index) => {
      const problem = problems[index];
      return problem ? [{ name, reason: problem.message }] : [];
    });
  }

  /**
   * The file of sample `name`. Errors: 404 unless `name` is exactly one of the folder's image file
   * names; 415 when the file is not an image jobs read (e.g. an SVG), 413 when it is over `maxPixels`.
   */
  async path(name: string): Promise<string> {
    if (this.dir === undefined || !(await this.fileNames()).includes(name)) throw notFound('sample painting', name);
    const problem = await this.check(name);
    if (problem) throw problem;
    return join(this.dir, name);
  }

  /** A JPEG thumbnail of sample `name` (made once, then kept in memory). */
  async thumbnail(name: string): Promise<Buffer> {
    const path = await this.path(name);
    let thumbnail = this.thumbnails.get(name);
    if (!thumbnail) {
      thumbnail = encodeJpegThumbnail(path, { longSidePx: THUMBNAIL_PX, quality: 82, maxPixels: this.maxPixels })
        .catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          throw new HttpError(415, 'IMAGE_DECODE_FAILED', `The sample painting ${JSON.stringify(name)} could not be decoded (${reason}). Replace or remove the file in the samples folder.`);
        });
      this.thumbnails.set(name, thumbnail);
      thumbnail.catch(() => this.thumbnails.delete(name));
    }
    return thumbnail;
  }

  /** Image file names directly in the folder (by extension; not yet checked). */
  private async fileNames(): Promise<string[]> {
    if (this.dir === undefined) return [];
    const entries = await fs.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && SAMPLE_EXTENSIONS.has(extname(entry.name).toLowerCase()) && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  }

  /** Why sample `name` cannot be used (the error to answer with), or undefined; read once per file version. */
  private async check(name: string): Promise<HttpError | undefined> {
    const path = join(this.dir ?? '', name);
    const stats = await fs.stat(path).catch(() => undefined);
    if (!stats?.isFile()) return notFound('sample painting', name);
    const stamp = `${stats.size}:${stats.mtimeMs}`;
    const known = this.verdicts.get(name);
    if (known?.stamp === stamp) return known.problem;
    const problem = await sampleProblem(path, name, this.maxPixels);
    this.verdicts.set(name, { stamp, problem });
    this.thumbnails.delete(name);
    return problem;
  }
}

/** The rules of uploads, read from the file's header: a format jobs read, at most `maxPixels` pixels. */
async function sampleProblem(path: string, name: string, maxPixels: number): Promise<HttpError | undefined> {
  const shown = JSON.stringify(name);
  const metadata = await readImageHeader(path);
  const format = metadata?.format;
  if (metadata === undefined || format === undefined || !SUPPORTED_INPUT_FORMATS.includes(format)) {
    const what = format === undefined ? 'its content is not a known image format' : `it is ${format.toUpperCase()}`;
    return new HttpError(415, 'IMAGE_DECODE_FAILED', `The sample painting ${shown} is not an image jobs can read: ${what}. Convert it to JPEG, PNG, WebP, TIFF or GIF, or remove it from the samples folder.`);
  }
  const frameHeight = metadata.height;
  const pixels = metadata.width * frameHeight;
  if (pixels <= maxPixels) return undefined;
  return new HttpError(
    413,
    'IMAGE_TOO_LARGE',
    `The sample painting ${shown} is ${metadata.width}×${frameHeight} = ${count(pixels)} pixels, over this studio's limit of ${count(maxPixels)}. Use a smaller copy (or start the server with a larger --max-pixels).`,
  );
}

/**
 * A title from a file name.
 *
 * @example
 * titleOf('van_gogh_starry_night.jpg') // → 'Van Gogh Starry Night'
 */
export function titleOf(fileName: string): string {
  const stem = fileName.slice(0, fileName.length - extname(fileName).length);
  return stem
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
