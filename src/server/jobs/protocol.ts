/**
 * What the server and a job's worker process say to each other. The worker gets one `WorkerJob` in
 * a `job` message (paths already resolved and options already validated), may receive `cancel`, and
 * posts `WorkerMessage`s: progress while it runs, then exactly one of `done`, `failed`, `cancelled`.
 */
import type { DeviceName } from '../../options/device.js';
import type { PixelBox } from '../../engine/visualize/receptive-field.js';
import type { CostSegment } from '../../engine/progress/remaining-time.js';
import type { NetworkChoice } from '../../options/network-choice.js';
import type { PresetOptions } from '../../options/preset-schema.js';
import type { StylizeOptions } from '../../options/stylize-schema.js';

/** A fast job, ready to run: `options` went through `presetOptionsSchema` (`model` is the preset). */
export interface FastWorkerJob {
  readonly kind: 'fast';
  readonly options: PresetOptions;
  /** Where to write the result (PNG, atomically). */
  readonly outputPath: string;
}

/**
 * A quality job, ready to run: `options` went through `stylizeOptionsSchema`. `saveEvery` is the
 * preview interval; `checkpoint` (in the job's gallery folder) its resumable checkpoint, `resume` to continue from it.
 */
export interface QualityWorkerJob {
  readonly kind: 'quality';
  readonly options: StylizeOptions;
  readonly outputPath: string;
}

/** A "What the network sees" run: the unit visualizer over a folder of images, drawn as a grid PNG. */
export interface VisualizeWorkerJob {
  readonly kind: 'visualize';
  /** A folder made for this run (links to the chosen images). */
  readonly images: string;
  readonly layer: string;
  readonly units?: readonly number[];
  readonly topUnits?: number;
  readonly sizePx: number;
  /** The network and its weights, chosen (and checked) from the request and the server's --weights. */
  readonly network: NetworkChoice;
  readonly threads?: number;
  /** Where the graph runs (src/options/device.ts); the server's --device. */
  readonly device?: DeviceName;
  /** Where to write the grid (PNG, atomically). */
  readonly outputPath: string;
  /** Where to write the per-unit data as JSON (`VisualizeUnitsFile`, atomically), when wanted (hosted runs keep it). */
  readonly unitsPath?: string;
}

/**
 * The per-unit data of a visualize run, as `unitsPath` holds it: per unit its strongest records,
 * strongest first, as `painterly visualize --json` prints them, with `image` the file's name in the
 * run's image folder.
 */
export interface VisualizeUnitsFile {
  readonly layer: string;
  readonly sizePx: number;
  readonly units: readonly {
    readonly unit: number;
    readonly maxActivation: number;
    readonly records: readonly { readonly image: string; readonly x: number; readonly y: number; readonly activation: number; readonly box: PixelBox }[];
  }[];
}

export type WorkerJob = FastWorkerJob | QualityWorkerJob | VisualizeWorkerJob;

/** Server → worker. */
export interface CancelMessage {
  readonly type: 'cancel';
  /** Stop and keep: a quality job writes its latest preview image as an unfinished result. */
  readonly keep?: boolean;
}

/** The network is loaded; which weights it uses. */
export interface LoadMessage {
  readonly type: 'load';
  readonly weights: string;
  readonly pretrained: boolean;
  /** The feature network's display name (`VGG19`, `Darknet Tiny`), when the job runs one. */
  readonly network?: string;
  readonly width: number;
  readonly height: number;
  /** What the steps to come cost, for the remaining-time estimate (scales of a quality job, tiles of a fast one). */
  readonly segments?: readonly CostSegment[];
}

/** One optimization step (quality jobs). */
export interface IterationMessage {
  readonly type: 'iteration';
  readonly iteration: number;
  readonly iterations: number;
  readonly loss: number;
  readonly elapsedMs: number;
}

/** Tile `index` of `count` is done (fast jobs; small images are one tile). */
export interface TileMessage {
  readonly type: 'tile';
  readonly index: number;
  readonly count: number;
  readonly elapsedMs: number;
}

/** Image `index` of `images` went through the network (visualize jobs). */
export interface ImageMessage {
  readonly type: 'image';
  readonly index: number;
  readonly images: number;
  readonly elapsedMs: number;
}

/** The current image as a JPEG (quality jobs, every `saveEvery` iterations). */
export interface PreviewMessage {
  readonly type: 'preview';
  readonly iteration: number;
  readonly jpeg: Uint8Array;
}

/** The result is written. */
export interface DoneMessage {
  readonly type: 'done';
  readonly width: number;
  readonly height: number;
  readonly elapsedMs: number;
  readonly loss?: number;
  /** Stopped and kept: the result is the latest preview of the run. */
  readonly unfinished?: boolean;
  /** Stopped and kept at an earlier, smaller scale: the size it was painted at (the file is enlarged to `width`×`height`). */
  readonly painted?: { readonly width: number; readonly height: number };
}

/** The job failed with a message for people (never a stack). */
export interface FailedMessage {
  readonly type: 'failed';
  readonly code: string;
  readonly message: string;
  /** The request field the failure is about (from the error's option), when there is one. */
  readonly field?: string;
}

/** The job stopped because it was asked to. */
export interface CancelledMessage {
  readonly type: 'cancelled';
}

export type ProgressMessage = LoadMessage | IterationMessage | TileMessage | PreviewMessage | ImageMessage;
export type FinalMessage = DoneMessage | FailedMessage | CancelledMessage;
export type WorkerMessage = ProgressMessage | FinalMessage;
