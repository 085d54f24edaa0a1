/**
 * What a video run reports, as data: the CLI draws a bar from it, `--json` prints it.
 */
import type { DownloadEvent } from '../model-store/index.js';

/** The input as ffprobe sees it. */
export interface VideoProbeEvent {
  readonly type: 'probe';
  readonly widthPx: number;
  readonly heightPx: number;
  readonly frameRate: string;
  readonly durationS: number;
  readonly frames: number;
  readonly audio: boolean;
}

/** The engine is loaded; frames `fromFrame` + 1 … `frames` are to be painted. */
export interface VideoStartEvent {
  readonly type: 'start';
  readonly engine: 'preset' | 'quality';
  /** What paints: `preset udnie`, or the feature network and its weights (e.g. `Darknet Tiny (tfjs:…)`). */
  readonly name: string;
  /** False for untrained (random) feature-network weights. */
  readonly pretrained: boolean;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly frames: number;
  readonly frameRate: string;
  /** Frames already done by an interrupted run (0 unless resuming). */
  readonly fromFrame: number;
  /** The execution provider that runs the graphs, e.g. `cpu` or `webgpu`. */
  readonly provider: string;
}

/** One frame is painted and queued for encoding. */
export interface VideoFrameEvent {
  readonly type: 'frame';
  /** 1-based number of the frame just painted. */
  readonly frame: number;
  readonly frames: number;
  readonly shotStart: boolean;
  readonly consistentShare?: number;
  readonly frameMs: number;
  /** Since this run's first frame. */
  readonly elapsedMs: number;
  readonly etaMs: number;
}

/** An iteration of the quality engine inside the current frame. */
export interface VideoIterationEvent {
  readonly type: 'iteration';
  readonly iteration: number;
  readonly iterations: number;
  readonly loss: number;
  readonly temporal?: number;
  readonly elapsedMs: number;
}

/** A segment was closed and the checkpoint written: a killed run resumes after `frames`. */
export interface VideoCheckpointEvent {
  readonly type: 'checkpoint';
  readonly frames: number;
  readonly segments: number;
}

/** On resume, a finished segment failed its check: it and those after it are painted again from `fromFrame`. */
export interface VideoSegmentDamagedEvent {
  readonly type: 'segment-damaged';
  readonly segment: string;
  readonly reason: string;
  /** Frames kept (the verified segments before it). */
  readonly fromFrame: number;
}

/** The output is written. */
export interface VideoDoneEvent {
  readonly type: 'done';
  readonly frames: number;
  readonly elapsedMs: number;
  readonly outputPath: string;
}

export type VideoEvent = DownloadEvent | VideoProbeEvent | VideoStartEvent | VideoFrameEvent | VideoIterationEvent | VideoCheckpointEvent | VideoSegmentDamagedEvent | VideoDoneEvent;
