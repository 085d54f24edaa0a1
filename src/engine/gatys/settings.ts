import type { OptimizerName } from '../optimizers/types.js';
import type { LayerSelection } from './layer-selection.js';
import type { CostWeights, StyleLossKind } from './types.js';

/** How the generated image starts (see initial-image.ts). */
export type InitKind = 'noise' | 'random' | 'gray' | 'content' | 'image';

/**
 * Everything a Gatys run needs besides images and weights, already validated and whole
 * (validation happens once, at the edge: see src/options).
 */
export interface GatysSettings {
  readonly iterations: number;
  readonly costWeights: CostWeights;
  readonly selection: LayerSelection;
  /** How a style layer's cost compares features (types.ts). */
  readonly styleLoss: StyleLossKind;
  /**
   * Balance the style layers: at the start of each scale, each layer's weight is set so that its part
   * of the style gradient has L1 norm λ_l (style-balance.ts); β then scales the whole style pull.
   */
  readonly styleBalance: boolean;
  readonly init: InitKind;
  /** For `noise`: the share of noise, 0–1 (0.6 by default). */
  readonly noiseRatio: number;
  readonly seed: number;
  readonly optimizer: OptimizerName;
  /** Step size; undefined takes the optimizer's default (Adam 2.0 on the 0–255 scale, L-BFGS 1, SGD 1). */
  readonly learningRate?: number;
  /** Emit a snapshot event every N iterations (0: never). */
  readonly snapshotEvery: number;
  /**
   * Return (and report at the end) an exponential moving average of each scale's iterates instead of
   * the last iterate; the next scale starts from the averaged image. On for multi-scale runs.
   */
  readonly averageIterates: boolean;
  /**
   * Memory budget of the run in bytes: scales whose whole-image graph would not fit are evaluated in
   * tiles sized to fit (see scale-evaluator.ts). Undefined: no limit, always the whole image.
   */
  readonly maxMemoryBytes?: number;
  /** Hand a resumable checkpoint to `hooks.onCheckpoint` every N iterations (0: only when cancelled). */
  readonly checkpointEvery: number;
}
