/**
 * What the server and a job's worker thread say to each other. The worker gets one `WorkerJob` as
 * its `workerData` (paths already resolved and options already validated), may receive `cancel`, and
 * posts `WorkerMessage`s: progress while it runs, then exactly one of `done`, `failed`, `cancelled`.
 */
import type { StylizeOptions } from '../../options/stylize-schema.js';
import type { FastStylePresetName } from '../../node/model-store/index.js';

/** Finishing touches both modes apply to the result (and to previews). */
export interface FinishSettings {
  /** Keep the content's colours (luminance-only transfer). */
  readonly originalColors: boolean;
  /** 1 = the stylized image, 0 = the content; in between, a linear mix. */
  readonly strength: number;
}

/** A fast job, ready to run. */
export interface FastWorkerJob extends FinishSettings {
  readonly kind: 'fast';
  readonly preset: FastStylePresetName;
  readonly contentPath: string;
  /** Long side of the output in px. */
  readonly size: number;
  readonly maxPixels: number;
  readonly threads?: number;
  /** Where to write the result (PNG, atomically). */
  readonly outputPath: string;
}

/** A quality job, ready to run: `options` went through `stylizeOptionsSchema`. */
export interface QualityWorkerJob {
  readonly kind: 'quality';
  /** `originalColors` and `strength` are applied by the engine; `saveEvery` is the preview interval. */
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
  /** A `--weights` value: `vgg19`, `random[:SEED]` or a Keras .h5 path (the server's own option). */
  readonly weights: string;
  readonly threads?: number;
  /** Where to write the grid (PNG, atomically). */
  readonly outputPath: string;
}

export type WorkerJob = FastWorkerJob | QualityWorkerJob | VisualizeWorkerJob;

/** Server → worker. */
export interface CancelMessage {
  readonly type: 'cancel';
}

/** The network is loaded; which weights it uses. */
export interface LoadMessage {
  readonly type: 'load';
  readonly weights: string;
  readonly pretrained: boolean;
  readonly width: number;
  readonly height: number;
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
}

/** The job failed with a message for people (never a stack). */
export interface FailedMessage {
  readonly type: 'failed';
  readonly code: string;
  readonly message: string;
}

/** The job stopped because it was asked to. */
export interface CancelledMessage {
  readonly type: 'cancelled';
}

export type ProgressMessage = LoadMessage | IterationMessage | TileMessage | PreviewMessage | ImageMessage;
export type FinalMessage = DoneMessage | FailedMessage | CancelledMessage;
export type WorkerMessage = ProgressMessage | FinalMessage;
