import type { ScaleStep } from './scale-schedule.js';
import type { RgbImage } from '../image.js';
import type { WeightsFileInfo } from '../network/types.js';

/** Unweighted cost terms and the weighted total J = α·content + β·style + γ·tv. */
export interface CostFields {
  readonly loss: number;
  readonly content: number;
  readonly style: number;
  readonly tv: number;
  /** The temporal cost of a coherent video frame (`temporal-cost.ts`); absent elsewhere. */
  readonly temporal?: number;
}

/** Weights, model and images are loaded; `network` and `weights` say which network and weights the run uses. */
export interface LoadEvent {
  readonly type: 'load';
  /** The feature network's display name, e.g. `Darknet Tiny`. */
  readonly network: string;
  /** Where the weights came from, e.g. `tfjs:/…/model.json` or `random:0`. */
  readonly weights: string;
  readonly pretrained: boolean;
  /** For a VGG file: its detected format and the preprocessing chosen, and why. */
  readonly weightsFile?: WeightsFileInfo;
  readonly width: number;
  readonly height: number;
  /** The run's scales, smallest first (one entry for a single-scale run); the last is the output size. */
  readonly schedule: readonly ScaleStep[];
  /** The execution provider that runs the graphs, e.g. `cpu` or `webgpu` (see the runtime). */
  readonly provider: string;
  readonly elapsedMs: number;
}

/**
 * The cost terms at iteration k, evaluated at the image before the k-th update (iteration 0 is
 * the initial image). `content`, `style` and `tv` are unweighted; `loss` is the weighted J.
 */
export interface IterationEvent extends CostFields {
  readonly type: 'iteration';
  readonly iteration: number;
  readonly iterations: number;
  readonly elapsedMs: number;
}

/**
 * A scale of a multi-scale run begins (also sent once for a single-scale run): its size, its index
 * (0 = smallest) of `scales`, the steps it takes and the global iteration it starts at.
 */
export interface ScaleEvent {
  readonly type: 'scale';
  readonly scale: number;
  readonly scales: number;
  readonly width: number;
  readonly height: number;
  readonly iterations: number;
  readonly firstIteration: number;
  /** How the gradient is computed at this scale: the whole image in one graph, or tile by tile. */
  readonly tiles: number;
  readonly elapsedMs: number;
}

/** The current image, every `snapshotEvery` iterations (intermediate files, previews). */
export interface SnapshotEvent {
  readonly type: 'snapshot';
  readonly iteration: number;
  readonly image: RgbImage;
}

/** The run finished; `loss` is J at the final image. */
export interface DoneEvent extends CostFields {
  readonly type: 'done';
  readonly iterations: number;
  readonly elapsedMs: number;
}

/** Everything a Gatys run reports, as data: the CLI draws it, `--json` prints it, the server streams it. */
export type GatysEvent = LoadEvent | ScaleEvent | IterationEvent | SnapshotEvent | DoneEvent;

/** Receives progress events. */
export type ProgressListener = (event: GatysEvent) => void;
