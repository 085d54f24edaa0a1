// TEMPORARY stub until the flow branch lands.
import type { FlowEstimator } from '../../engine/video/types.js';
export async function createOpencvFlowEstimator(_options: { maxSidePx?: number } = {}): Promise<FlowEstimator> {
  return {
    async estimate(current) {
      const n = current.width * current.height;
      return { width: current.width, height: current.height, dx: new Float32Array(n), dy: new Float32Array(n) };
    },
    dispose() {},
  };
}
