import type { DownloadEvent, ModelWaitEvent } from '../node/model-store/index.js';

/**
 * Draws download progress on stderr: a bar with bytes, MB/s and ETA on a TTY, a line per file otherwise.
 *
 * @example const display = new DownloadDisplay(process.stderr, true); downloadModel('vgg19', { onProgress: (e) => display.update(e) });
 */
export class DownloadDisplay {
  private readonly startedMs = Date.now();
  private lastModel: string | undefined;
  private lastDrawMs = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly tty: boolean,
  ) {}

  update(event: DownloadEvent): void {
    const received = event.overallReceivedBytes ?? event.receivedBytes;
    const total = event.overallTotalBytes ?? event.totalBytes;
    if (!this.tty) {
      if (event.model !== this.lastModel) {
        const size = total ? ` (${megabytes(total)} MB)` : '';
        this.stream.write(`downloading ${event.model}${size}\n`);
      }
      this.lastModel = event.model;
      return;
    }
    const now = Date.now();
    if (now - this.lastDrawMs < 100 && received !== total) return;
    this.lastDrawMs = now;
    const seconds = Math.max(0.001, (now - this.startedMs) / 1000);
    const rate = received / seconds;
    const fraction = total ? Math.min(1, received / total) : 0;
    const filled = Math.round(fraction * 24);
    const eta = total && rate > 0 ? `${Math.ceil((total - received) / rate)}s` : '?';
    this.stream.write(
      `\r${event.model} [${'█'.repeat(filled)}${'░'.repeat(24 - filled)}] ${megabytes(received)}/${total ? megabytes(total) : '?'} MB  ${megabytes(rate)} MB/s  ETA ${eta}\x1b[K`,
    );
  }

  /** One line saying that another process (or job) is downloading the model and this run waits for it. */
  waiting(event: ModelWaitEvent): void {
    const owner = event.pid !== undefined ? ` (process ${event.pid}${event.host ? ` on ${event.host}` : ''})` : '';
    if (this.tty && this.lastDrawMs > 0) this.stream.write('\n');
    this.stream.write(`${event.model}: another download${owner} is fetching it; waiting to share it\n`);
  }

  finish(): void {
    if (this.tty && this.lastDrawMs > 0) this.stream.write('\n');
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
