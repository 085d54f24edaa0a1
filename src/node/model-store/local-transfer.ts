import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TransferOptions } from './http-transfer.js';
import { writeChunks } from './part-file.js';

/**
 * The local path a source names: a `file://` URL or a plain path; undefined for http(s) URLs.
 *
 * @example
 * localSourcePath('file:///srv/models/vgg19/w.h5') // → '/srv/models/vgg19/w.h5'
 * localSourcePath('https://example.com/w.h5')      // → undefined
 */
export function localSourcePath(source: string): string | undefined {
  if (source.startsWith('file:')) return fileURLToPath(source);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return undefined;
  return source;
}

/**
 * Copies a local file (a mirror) into `partPath` from the start, reporting bytes as it goes.
 *
 * @example
 * await copyIntoPart({ source: '/srv/models/vgg19/w.h5', partPath, onBytes: () => {} });
 */
export async function copyIntoPart(options: TransferOptions): Promise<void> {
  const path = localSourcePath(options.source) ?? options.source;
  const total = (await stat(path)).size;
  let received = 0;
  options.onBytes(received, total);
  await writeChunks(createReadStream(path, { signal: options.signal }), options.partPath, {
    append: false,
    onChunk: (byteLength) => options.onBytes((received += byteLength), total),
  });
}
