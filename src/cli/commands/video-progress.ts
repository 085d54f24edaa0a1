/**
 * Progress of `painterly video` on stderr: a redrawn bar with frames, frames per second and the time
 * left on a terminal; a line per tenth otherwise. It only renders the run's events.
 */
import type { VideoEvent, VideoStartEvent } from '../../node/video/video-events.js';
import { formatDuration, type ProgressMode } from '../progress-display.js';

const BAR_WIDTH = 24;

/** Draws a video run's events. */
export class VideoProgress {
  private start: VideoStartEvent | undefined;
  private lastDrawMs = 0;
  private lastTenth = -1;
  private frame = 0;
  private iteration: { iteration: number; iterations: number } | undefined;
  private rate = '';

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly mode: ProgressMode,
  ) {}

  update(event: VideoEvent): void {
    if (this.mode === 'quiet') return;
    switch (event.type) {
      case 'start': {
        this.start = event;
        this.frame = event.fromFrame;
        const resumed = event.fromFrame > 0 ? `, resuming after frame ${event.fromFrame}` : '';
        this.stream.write(`Painting ${event.frames} frames at ${event.widthPx}×${event.heightPx} with ${event.name}${resumed}\n`);
        return;
      }
      case 'frame': {
        this.frame = event.frame;
        this.iteration = undefined;
        const fps = event.frameMs > 0 ? 1000 / event.frameMs : 0;
        this.rate = fps >= 1 ? `${fps.toFixed(1)} frames/s` : `${(event.frameMs / 1000).toFixed(1)} s/frame`;
        return this.draw(event.frames, event.etaMs, event.frame === event.frames);
      }
      case 'iteration':
        this.iteration = { iteration: event.iteration + 1, iterations: event.iterations };
        return this.draw(this.start?.frames ?? 0, undefined, false);
      case 'segment-damaged':
        this.stream.write(`The interrupted run's ${event.segment} cannot be used (${event.reason}): painting again from frame ${event.fromFrame + 1}.\n`);
        return;
      case 'done':
        this.interrupt();
        this.stream.write(`Wrote ${event.outputPath} (${event.frames} frames${this.start ? `, ${this.start.widthPx}×${this.start.heightPx}` : ''}, ${formatDuration(event.elapsedMs)})\n`);
        return;
      default:
        return;
    }
  }

  /** Ends the bar's line, e.g. before an error message. */
  interrupt(): void {
    if (this.mode === 'bar' && this.lastDrawMs > 0) this.stream.write('\n');
    this.lastDrawMs = 0;
  }

  private draw(frames: number, etaMs: number | undefined, last: boolean): void {
    if (frames <= 0) return;
    const inFrame = this.iteration ? `  frame ${this.frame + 1}: step ${this.iteration.iteration}/${this.iteration.iterations}` : '';
    const eta = etaMs === undefined ? '' : `  ETA ${formatDuration(etaMs)}`;
    const text = `${String(this.frame).padStart(String(frames).length)}/${frames} frames  ${this.rate}${eta}${inFrame}`;
    if (this.mode === 'bar') {
      const now = Date.now();
      if (now - this.lastDrawMs < 100 && !last) return;
      this.lastDrawMs = now;
      const filled = Math.round((Math.min(this.frame, frames) / frames) * BAR_WIDTH);
      this.stream.write(`\r[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${text}\x1b[K`);
      return;
    }
    if (this.iteration) return;
    const tenth = Math.floor((this.frame / frames) * 10);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`${text}\n`);
  }
}
