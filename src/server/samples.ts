/**
 * The sample paintings of a studio: the image files directly inside `--samples DIR` (never copied
 * anywhere). A sample is named by its file name, and only a name that is in the folder's listing is
 * ever turned into a path, so no name can reach outside the folder.
 */
import fs from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { notFound } from './http-errors.js';
import { THUMBNAIL_PX } from './uploads.js';

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

  constructor(dir: string | undefined) {
    this.dir = dir === undefined ? undefined : resolve(dir);
  }

  /** The samples, sorted by name; empty when there is no folder or it cannot be read. */
  async list(): Promise<SampleInfo[]> {
    if (this.dir === undefined) return [];
    const entries = await fs.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && SAMPLE_EXTENSIONS.has(extname(entry.name).toLowerCase()) && !entry.name.startsWith('.'))
      .map((entry) => ({ name: entry.name, title: titleOf(entry.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The file of sample `name`; 404 unless `name` is exactly one of the listed file names. */
  async path(name: string): Promise<string> {
    const listed = (await this.list()).some((sample) => sample.name === name);
    if (!listed || this.dir === undefined) throw notFound('sample painting', name);
    return join(this.dir, name);
  }

  /** A JPEG thumbnail of sample `name` (made once, then kept in memory). */
  async thumbnail(name: string): Promise<Buffer> {
    const path = await this.path(name);
    let thumbnail = this.thumbnails.get(name);
    if (!thumbnail) {
      thumbnail = sharp(path, { pages: 1 })
        .autoOrient()
        .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82 })
        .toBuffer();
      this.thumbnails.set(name, thumbnail);
      thumbnail.catch(() => this.thumbnails.delete(name));
    }
    return thumbnail;
  }
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
