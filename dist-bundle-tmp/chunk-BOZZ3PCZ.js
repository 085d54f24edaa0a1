import {
  RemainingTimeEstimator,
  segmentsOfSchedule
} from "./chunk-AE3KFWGY.js";

// dist/src/cli/progress-display.js
var BAR_WIDTH = 24;
var REDRAW_INTERVAL_MS = 100;
var ProgressDisplay = class {
  stream;
  mode;
  lastDrawMs = 0;
  lastTenth = -1;
  eta = new RemainingTimeEstimator([]);
  /** The current scale's pixels and where its timing starts (for the it/s figure). */
  scalePixels = 1;
  scaleStart;
  constructor(stream, mode) {
    this.stream = stream;
    this.mode = mode;
  }
  /** Shows one engine event. */
  update(event) {
    if (this.mode === "quiet")
      return;
    if (event.type === "load") {
      const honesty = event.pretrained ? "" : " \u2014 untrained random weights: a texture trial, not the real look";
      this.eta = new RemainingTimeEstimator(segmentsOfSchedule(event.schedule));
      const scales = event.schedule.length > 1 ? ` in ${event.schedule.length} scales from ${event.schedule[0].width}\xD7${event.schedule[0].height}` : "";
      this.stream.write(`Painting ${event.width}\xD7${event.height} px${scales} with ${event.network} (${event.weights})${event.provider === "cpu" ? "" : ` on ${event.provider}`}${honesty}
`);
      if (event.weightsFile)
        this.stream.write(`  ${event.weightsFile.preprocessing} preprocessing: ${event.weightsFile.reason}
`);
    } else if (event.type === "scale") {
      this.scalePixels = event.width * event.height;
      this.scaleStart = void 0;
      if (event.scales > 1 || event.tiles > 1) {
        this.interrupt();
        this.lastDrawMs = 0;
        const tiles = event.tiles > 1 ? ` in ${event.tiles} tiles` : "";
        this.stream.write(`Scale ${event.scale + 1}/${event.scales}: ${event.width}\xD7${event.height} px${tiles}, ${event.iterations} iterations
`);
      }
    } else if (event.type === "iteration") {
      this.iteration(event.iteration, event.iterations, event.loss, event.elapsedMs);
    } else if (event.type === "done") {
      if (this.mode === "bar")
        this.stream.write("\n");
      this.stream.write(`Done: ${event.iterations} iterations in ${formatDuration(event.elapsedMs)}, final loss ${event.loss.toExponential(3)}
`);
    }
  }
  /** Ends the bar's line, e.g. before an error message. */
  interrupt() {
    if (this.mode === "bar" && this.lastDrawMs > 0)
      this.stream.write("\n");
  }
  iteration(iteration, total, loss, elapsedMs) {
    this.scaleStart ??= { iteration, elapsedMs };
    const stepsHere = iteration - this.scaleStart.iteration;
    const spentMs = elapsedMs - this.scaleStart.elapsedMs;
    const etaMs = this.eta.observe(iteration, elapsedMs);
    const msPerCost = this.eta.msPerCost();
    const rate = stepsHere > 0 && spentMs > 0 ? stepsHere / spentMs * 1e3 : msPerCost ? 1e3 / (msPerCost * this.scalePixels) : 0;
    const text = `${String(iteration).padStart(String(total).length)}/${total}  loss ${loss.toExponential(3)}  ${rate.toFixed(2)} it/s  ETA ${etaMs === void 0 ? "--:--" : formatDuration(etaMs)}`;
    if (this.mode === "bar") {
      const now = Date.now();
      if (now - this.lastDrawMs < REDRAW_INTERVAL_MS && iteration < total)
        return;
      this.lastDrawMs = now;
      const filled = total === 0 ? BAR_WIDTH : Math.round(iteration / total * BAR_WIDTH);
      this.stream.write(`\r[${"\u2588".repeat(filled)}${"\u2591".repeat(BAR_WIDTH - filled)}] ${text}\x1B[K`);
    } else {
      const tenth = total === 0 ? 10 : Math.floor(iteration / total * 10);
      if (tenth === this.lastTenth)
        return;
      this.lastTenth = tenth;
      this.stream.write(`iteration ${text}
`);
    }
  }
};
function formatDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1e3));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds % 3600 / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export {
  ProgressDisplay,
  formatDuration
};
