// TEMPORARY stub until the flow branch lands.
import type { FlowField } from './types.js';
export function consistencyWeights(backward: FlowField, _forward: FlowField): Float32Array {
  return new Float32Array(backward.width * backward.height).fill(1);
}
