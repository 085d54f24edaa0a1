/**
 * Random-access reading of a zip archive with yauzl: the entry names up front, then only the
 * entries asked for (a 550 MB `.pth` is read for its 80 MB of conv weights, not its classifier).
 */
import type { Entry, ZipFile } from 'yauzl';
import { PainterlyError } from '../../engine/errors.js';

/** An open archive; `close()` it in `finally`. */
export interface ZipArchive {
  /** Entry names in the archive's order. */
  readonly names: readonly string[];
  /** An entry's uncompressed bytes; throws WEIGHTS_INVALID when the archive has no such entry. */
  read(name: string): Promise<Buffer>;
  close(): void;
}

/**
 * Opens `path` as a zip archive and lists its entries; throws WEIGHTS_INVALID when it is not one.
 *
 * @example
 * const archive = await openZipArchive('vgg19.pth');
 * try { const pickle = await archive.read('archive/data.pkl'); } finally { archive.close(); }
 */
export async function openZipArchive(path: string): Promise<ZipArchive> {
  let zip: ZipFile;
  try {
    const yauzl = await import('yauzl'); // loaded when a zip is read, not at every start-up
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: true, strictFileNames: false });
  } catch (error) {
    throw new PainterlyError('WEIGHTS_INVALID', `The file ${path} is not a readable zip archive (${(error as Error).message}).`, { cause: error });
  }
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  } catch (error) {
    zip.close();
    throw new PainterlyError('WEIGHTS_INVALID', `The zip archive ${path} is damaged (${(error as Error).message}).`, { cause: error });
  }
  return {
    names: [...entries.keys()],
    async read(name) {
      const entry = entries.get(name);
      if (!entry) throw new PainterlyError('WEIGHTS_INVALID', `The zip archive ${path} has no entry ${name}.`);
      try {
        const stream = await zip.openReadStreamPromise(entry);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } catch (error) {
        throw new PainterlyError('WEIGHTS_INVALID', `The zip archive ${path} is damaged: entry ${name} cannot be read (${(error as Error).message}).`, { cause: error });
      }
    },
    close: () => zip.close(),
  };
}
