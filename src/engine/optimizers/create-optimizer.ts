/**
 * The one way to get an optimizer by name, e.g. from stylization options or a checkpoint.
 */
import { invalidOption } from '../errors.js';
import { type AdamOptions, AdamOptimizer } from './adam.js';
import { type LbfgsOptions, LbfgsOptimizer } from './lbfgs.js';
import { type SgdOptions, SgdOptimizer } from './sgd.js';
import type { Optimizer, OptimizerName } from './types.js';

/** Options for any optimizer; each reads its own fields and ignores the rest. */
export type CreateOptimizerOptions = AdamOptions & LbfgsOptions & SgdOptions;

/** Every optimizer name, in the order the CLI lists them. */
export const OPTIMIZER_NAMES = Object.freeze(['adam', 'lbfgs', 'sgd'] as const satisfies readonly OptimizerName[]);

/**
 * Creates the optimizer `name` over `size` values (e.g. width·height·3 pixels).
 * Omitted options take each optimizer's defaults (lr: Adam 2, L-BFGS 1, SGD 1).
 *
 * @example
 * const optimizer = createOptimizer('lbfgs', pixels.length, { learningRate: 1, clampMin: 0, clampMax: 255 });
 * optimizer.step(pixels, gradient, loss);
 */
export function createOptimizer(name: OptimizerName, size: number, options: CreateOptimizerOptions = {}): Optimizer {
  if (!(Number.isInteger(size) && size >= 1)) throw invalidOption('an integer at least 1', 'size', size);
  switch (name) {
    case 'adam':
      return new AdamOptimizer(size, options);
    case 'lbfgs':
      return new LbfgsOptimizer(size, options);
    case 'sgd':
      return new SgdOptimizer(size, options);
    default:
      throw invalidOption(`one of ${OPTIMIZER_NAMES.join(', ')}`, 'optimizer', name satisfies never);
  }
}
