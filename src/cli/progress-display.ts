import type { GatysEvent } from '../engine/gatys/events.js';
import { RemainingTimeEstimator, segmentsOfSchedule } from '../engine/progress/remaining-time.js';

/** Where progress goes: a redrawn bar on a terminal, occasional lines otherwise, nothing when quiet. */
export type ProgressMode = 'bar' | 'lines' | 'quiet';

const BAR_WIDTH = 24;
const REDRAW_INTERVAL_MS = 100;

/**
 * Draws Gatys progress on stderr: iteration, loss, it/s and ETA, and a line as each scale of a
 * multi-scale run begins. On a TTY one line redrawn in place; otherwise a line at each tenth of the run.
 * The ETA is the one estimate (`RemainingTimeEstimator`): the iterations left weighed by their pixel
 * counts (a step at 512 px costs about 16 steps at 128 px), timed on the current scale.
 *
 * @example const display = new ProgressDisplay(process.stderr, 'bar'); onProgress = (event) => display.update(event);
 */
export class ProgressDisplay {
  private lastDrawMs = 0;
  private lastTenth = -1;
  private eta = new RemainingTimeEstimator([]);
  /** The current scale's pixels and where its timing starts (for the it/s figure). */
  private scalePixels = 1;
  private scaleStart: { iteration: number; elapsedMs: number } | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly mode: ProgressMode,
  ) {}

  /** Shows one engine event. */
  update(event: GatysEvent): void {
    if (this.mode === 'quiet') return;
    if (event.type === 'load') {
      const honesty = event.pretrained ? '' : ' — untrained random weights: a texture trial, not the real look';
      this.eta = new RemainingTimeEstimator(segmentsOfSchedule(event.schedule));
      const scales = event.schedule.length > 1 ? ` in ${event.schedule.length} scales from ${event.schedule[0].width}×${event.schedule[0].height}` : '';
      this.stream.write(`Painting ${event.width}×${event.height} px${scales} with ${event.network} (${event.weights})${event.provider === 'cpu' ? '' : ` on ${event.provider}`}${honesty}\n`);
      if (event.weightsFile) this.stream.write(`  ${event.weightsFile.preprocessing} preprocessing: ${event.weightsFile.reason}\n`);
    } else if (event.type === 'scale') {
      this.scalePixels = event.width * event.height;
      this.scaleStart = undefined;
      if (event.scales > 1 || event.tiles > 1) {
        this.interrupt();
        this.lastDrawMs = 0;
        const tiles = event.tiles > 1 ? ` in ${event.tiles} tiles` : '';
        this.stream.write(`Scale ${event.scale + 1}/${event.scales}: ${event.width}×${event.height} px${tiles}, ${event.iterations} iterations\n`);
      }
    } else if (event.type === 'iteration') {
      this.iteration(event.iteration, event.iterations, event.loss, event.elapsedMs);
    } else if (event.type === 'done') {
      if (this.mode === 'bar') this.stream.write('\n');
      this.stream.write(`Done: ${event.iterations} iterations in ${formatDuration(event.elapsedMs)}, final loss ${event.loss.toExponential(3)}\n`);
    }
  }

  /** Ends the bar's line, e.g. before an error message. */
  interrupt(): void {
    if (this.mode === 'bar' && this.lastDrawMs > 0) this.stream.write('\n');
  }

  private iteration(iteration: number, total: number, loss: number, elapsedMs: number): void {
    this.scaleStart ??= { iteration, elapsedMs };
    const stepsHere = iteration - this.scaleStart.iteration;
    const spentMs = elapsedMs - this.scaleStart.elapsedMs;
    const etaMs = this.eta.observe(iteration, elapsedMs);
    // At the start of a scale, the speed the estimator expects there (from the previous scale's per pixel).
    const msPerCost = this.eta.msPerCost();
    const rate = stepsHere > 0 && spentMs > 0 ? (stepsHere / spentMs) * 1000 : msPerCost ? 1000 / (msPerCost * this.scalePixels) : 0;
    const text = `${String(iteration).padStart(String(total).length)}/${total}  loss ${loss.toExponential(3)}  ${rate.toFixed(2)} it/s  ETA ${etaMs === undefined ? '--:--' : formatDuration(etaMs)}`;
    if (this.mode === 'bar') {
      const now = Date.now();
      if (now - this.lastDrawMs < REDRAW_INTERVAL_MS && iteration < total) return;
      this.lastDrawMs = now;
      const filled = total === 0 ? BAR_WIDTH : Math.round((iteration / total) * BAR_WIDTH);
      this.stream.write(`\r[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${text}\x1b[K`);
    } else {
      const tenth = total === 0 ? 10 : Math.floor((iteration / total) * 10);
      if (tenth === this.lastTenth) return;
      this.lastTenth = tenth;
      this.stream.write(`iteration ${text}\n`);
    }
  }
}

/** 75_000 → "1:15", 3_725_000 → "1:02:05". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
