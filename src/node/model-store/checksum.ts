import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Checksum, ChecksumAlgorithm } from './registry.js';

export type { Checksum, ChecksumAlgorithm };

/**
 * Streams a file through `algorithm` and returns its lower-case hex digest.
 *
 * @example
 * const hex = await hashFile('/tmp/udnie/Variable', 'sha256');
 */
export async function hashFile(path: string, algorithm: ChecksumAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Whether the file at `path` has the expected checksum; returns the actual digest either way.
 *
 * @example
 * const { matches, actualHex } = await verifyChecksum(path, { algorithm: 'sha256', hex });
 */
export async function verifyChecksum(
  path: string,
  checksum: Checksum,
): Promise<{ matches: boolean; actualHex: string }> {
  const actualHex = await hashFile(path, checksum.algorithm);
  return { matches: actualHex === checksum.hex.toLowerCase(), actualHex };
}
