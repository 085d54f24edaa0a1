// dist/src/cli/download-display.js
var DownloadDisplay = class {
  stream;
  tty;
  startedMs = Date.now();
  lastModel;
  lastDrawMs = 0;
  constructor(stream, tty) {
    this.stream = stream;
    this.tty = tty;
  }
  update(event) {
    const received = event.overallReceivedBytes ?? event.receivedBytes;
    const total = event.overallTotalBytes ?? event.totalBytes;
    if (!this.tty) {
      if (event.model !== this.lastModel) {
        const size = total ? ` (${megabytes(total)} MB)` : "";
        this.stream.write(`downloading ${event.model}${size}
`);
      }
      this.lastModel = event.model;
      return;
    }
    const now = Date.now();
    if (now - this.lastDrawMs < 100 && received !== total)
      return;
    this.lastDrawMs = now;
    const seconds = Math.max(1e-3, (now - this.startedMs) / 1e3);
    const rate = received / seconds;
    const fraction = total ? Math.min(1, received / total) : 0;
    const filled = Math.round(fraction * 24);
    const eta = total && rate > 0 ? `${Math.ceil((total - received) / rate)}s` : "?";
    this.stream.write(`\r${event.model} [${"\u2588".repeat(filled)}${"\u2591".repeat(24 - filled)}] ${megabytes(received)}/${total ? megabytes(total) : "?"} MB  ${megabytes(rate)} MB/s  ETA ${eta}\x1B[K`);
  }
  /** One line saying that another process (or job) is downloading the model and this run waits for it. */
  waiting(event) {
    const owner = event.pid !== void 0 ? ` (process ${event.pid}${event.host ? ` on ${event.host}` : ""})` : "";
    if (this.tty && this.lastDrawMs > 0)
      this.stream.write("\n");
    this.stream.write(`${event.model}: another download${owner} is fetching it; waiting to share it
`);
  }
  finish() {
    if (this.tty && this.lastDrawMs > 0)
      this.stream.write("\n");
  }
};
function megabytes(bytes) {
  return (bytes / 1e6).toFixed(1);
}

export {
  DownloadDisplay
};
