import { open, stat } from 'node:fs/promises';

/**
 * The in-progress name of a download: the final path plus `.part`. Only this file is ever
 * written to; the final path appears by an atomic rename once the checksum matches.
 *
 * @example
 * partPathFor('/c/models/vgg19/w.h5') // → '/c/models/vgg19/w.h5.part'
 */
export function partPathFor(destination: string): string {
  return `${destination}.part`;
}

/**
 * Size of the file at `path` in bytes, or 0 when it does not exist.
 *
 * @example
 * await existingBytes('/c/models/vgg19/w.h5.part') // → 1048576 after an interrupted download
 */
export async function existingBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Writes every chunk of `chunks` to `path` (appending or truncating first), calling `onChunk`
 * with each chunk's length after it is written. What was written stays on disk if the source fails.
 *
 * @example
 * await writeChunks(response.body, partPath, { append: true, onChunk: (n) => (received += n) });
 */
export async function writeChunks(
  chunks: AsyncIterable<Uint8Array>,
  path: string,
  options: { append: boolean; onChunk: (byteLength: number) => void },
): Promise<void> {
  const handle = await open(path, options.append ? 'a' : 'w');
  try {
    for await (const chunk of chunks) {
      await handle.write(chunk);
      options.onChunk(chunk.byteLength);
    }
  } finally {
    await handle.close();
  }
}
