/**
 * Checks that a value read back from a checkpoint file is a whole `RunCheckpoint`: every field of the
 * right type and range, every array of the size the image implies, every value finite. The file's
 * checksum catches damage; this catches files written by something else (or an older, unchecked format).
 */
import type { RunCheckpoint } from './checkpoint.js';

/**
 * The first problem with `value` as a RunCheckpoint, in words, or undefined when it is one.
 *
 * @example
 * findCheckpointProblem({ scale: 0, step: -1, … }) // → 'step is -1, expected a whole number ≥ 0'
 */
export function findCheckpointProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'the run state is not an object';
  for (const field of ['scale', 'step', 'iteration'] as const) {
    const problem = wholeNumber(value[field], field, 0);
    if (problem) return problem;
  }
  for (const field of ['width', 'height'] as const) {
    const problem = wholeNumber(value[field], field, 1);
    if (problem) return problem;
  }
  if ((value.step as number) > (value.iteration as number)) return `step ${value.step} is beyond iteration ${value.iteration}`;
  if (typeof value.elapsedMs !== 'number' || !Number.isFinite(value.elapsedMs) || value.elapsedMs < 0) return `elapsedMs is ${String(value.elapsedMs)}, expected a time ≥ 0`;
  const size = 3 * (value.width as number) * (value.height as number);
  const pixels = floatArray(value.pixels, 'pixels', size);
  if (pixels) return pixels;
  if (value.optimizer !== undefined) {
    const problem = optimizerProblem(value.optimizer, size);
    if (problem) return problem;
  }
  if (value.styleFactors !== undefined) {
    const factors = value.styleFactors;
    if (!Array.isArray(factors) || factors.some((factor) => typeof factor !== 'number' || !Number.isFinite(factor) || factor < 0)) {
      return 'styleFactors is not a list of finite numbers ≥ 0';
    }
  }
  if (value.average !== undefined) {
    if (!isRecord(value.average)) return 'average is not an object';
    return floatArray(value.average.sum, 'average.sum', size) ?? wholeNumber(value.average.updates, 'average.updates', 0);
  }
  return undefined;
}

/** `findCheckpointProblem` as a type guard. */
export function isRunCheckpoint(value: unknown): value is RunCheckpoint {
  return findCheckpointProblem(value) === undefined;
}

function optimizerProblem(state: unknown, size: number): string | undefined {
  if (!isRecord(state)) return 'optimizer is not an object';
  if (state.size !== size) return `optimizer.size is ${String(state.size)}, expected ${size} (3 × width × height)`;
  const steps = wholeNumber(state.stepCount, 'optimizer.stepCount', 0);
  if (steps) return steps;
  switch (state.name) {
    case 'adam':
      return floatArray(state.firstMoment, 'optimizer.firstMoment', size) ?? floatArray(state.secondMoment, 'optimizer.secondMoment', size);
    case 'sgd':
      if (state.learningRate !== undefined && !(typeof state.learningRate === 'number' && Number.isFinite(state.learningRate) && state.learningRate > 0)) {
        return `optimizer.learningRate is ${String(state.learningRate)}, expected a number > 0`;
      }
      return undefined;
    default:
      // L-BFGS keeps no state in checkpoints (its history rebuilds within a few steps).
      return `optimizer.name is ${JSON.stringify(state.name)}, expected "adam" or "sgd"`;
  }
}

function wholeNumber(value: unknown, field: string, minimum: number): string | undefined {
  return Number.isSafeInteger(value) && (value as number) >= minimum ? undefined : `${field} is ${JSON.stringify(value) ?? 'missing'}, expected a whole number ≥ ${minimum}`;
}

function floatArray(value: unknown, field: string, length: number): string | undefined {
  if (!(value instanceof Float32Array)) return `${field} is missing`;
  if (value.length !== length) return `${field} holds ${value.length} values, expected ${length}`;
  for (let index = 0; index < value.length; index++) {
    if (!Number.isFinite(value[index])) return `${field} holds ${value[index]} at ${index}`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
