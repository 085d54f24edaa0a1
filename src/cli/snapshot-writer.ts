import { writeImage } from '../node/image-io.js';
import type { DecodedImage } from '../engine/image.js';

/**
 * Writes `--save-every` snapshots one after another, in iteration order, while the run goes on.
 * The first failure (e.g. the disk filled up) is kept, stops further writes and aborts `signal`,
 * so the run stops early; `finish()` then throws it. No write failure goes unhandled.
 *
 * @example
 * const snapshots = new SnapshotWriter();
 * snapshots.write('out_50.png', image, () => console.log('wrote out_50.png'));
 * await snapshots.finish();
 */
export class SnapshotWriter {
  private chain: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | undefined;
  private readonly controller = new AbortController();

  /** Aborted when a snapshot could not be written. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The write error, if a snapshot failed. */
  get error(): unknown {
    return this.failure?.error;
  }

  /** Queues `image` for `path`; `onWritten` runs once the file is in place. */
  write(path: string, image: DecodedImage, onWritten: () => void): void {
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await writeImage(path, image);
        onWritten();
      } catch (error) {
        this.failure = { error };
        this.controller.abort();
      }
    });
  }

  /** Waits for every queued write; throws the first write error. */
  async finish(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure.error;
  }
}
