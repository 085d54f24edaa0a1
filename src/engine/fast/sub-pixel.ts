/**
 * The last layer (9×9 conv, 32 → 3 channels) rewritten for speed as SpaceToDepth(2) → 5×5 conv
 * (128 → 12 channels) → DepthToSpace(2); same result. ONNX Runtime's blocked (NCHWc) CPU convs pad
 * output channels to a block of 16, so 3 channels at full resolution waste 80 % of the work (a
 * quarter of the whole network's time at 512 px); 12 channels at half resolution do not.
 * Measured on 2 cores at 512 px: −13 % CPU time for the trained graph, −15 % for the fixed-statistics
 * graph. (The same trick for the transposed convs — a 2×2 conv to 4·out channels → DepthToSpace —
 * measured 5–8 % slower, so they stay ConvTranspose.) Pure TypeScript.
 *
 * Derivation, per axis: y[2q + a] = Σₜ x[2q + a + t − 4]·w[t] (SAME, pad 4). Writing a + t − 4 = 2d + b
 * with b ∈ {0,1}: x[2q + a + t − 4] = X_b[q + d], phase b of x, with d ∈ [−2, 2]. So output phase a
 * is a 5×5 conv (pad 2) of the input phases with tap t = 2d + b − a + 4.
 */
import type { FastLayerSpec } from './architecture.js';

/** The block size of the rewrite. */
export const SUB_PIXEL_BLOCK = 2;

/** Whether `spec` on an input of `height × width` can use the rewrite (stride-1 9×9 conv, wide input, even sizes). */
export function canUseSubPixel(spec: FastLayerSpec, height: number, width: number): boolean {
  return spec.kind === 'conv' && spec.stride === 1 && spec.kernelSize === 9 && spec.inChannels >= 16 && height % 2 === 0 && width % 2 === 0;
}

/** Kernel size of the rewritten conv: taps d ∈ [−2, 2]. */
export function subPixelKernelSize(spec: FastLayerSpec): number {
  return 2 * Math.floor(spec.kernelSize / 2 / SUB_PIXEL_BLOCK) + 1;
}

/**
 * The rewritten ONNX Conv weight [4·out, 4·in, 5, 5] from a TF filter [9,9,in,out], multiplying output
 * channel c by `gain[c]` when given. Channel order follows ONNX SpaceToDepth and DepthToSpace (DCR):
 * channel = (phaseY·2 + phaseX)·C + c.
 *
 * @example
 * const weight = subPixelKernel(spec, layer.filter); // 12 × 128 × 5 × 5 for the last layer
 */
export function subPixelKernel(spec: FastLayerSpec, filter: Float32Array, gain?: Float32Array): Float32Array {
  const { kernelSize: k, inChannels, outChannels } = spec;
  const half = Math.floor(k / 2);
  const size = subPixelKernelSize(spec);
  const radius = Math.floor(size / 2);
  const blocks = SUB_PIXEL_BLOCK * SUB_PIXEL_BLOCK;
  const out = new Float32Array(blocks * outChannels * blocks * inChannels * size * size);
  for (let phaseOut = 0; phaseOut < blocks; phaseOut++) {
    for (let phaseIn = 0; phaseIn < blocks; phaseIn++) {
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const ty = SUB_PIXEL_BLOCK * dy + Math.floor(phaseIn / 2) - Math.floor(phaseOut / 2) + half;
          const tx = SUB_PIXEL_BLOCK * dx + (phaseIn % 2) - (phaseOut % 2) + half;
          if (ty < 0 || ty >= k || tx < 0 || tx >= k) continue;
          for (let ci = 0; ci < inChannels; ci++) {
            for (let co = 0; co < outChannels; co++) {
              const o = phaseOut * outChannels + co;
              const i = phaseIn * inChannels + ci;
              const value = filter[((ty * k + tx) * inChannels + ci) * outChannels + co];
              out[((o * blocks * inChannels + i) * size + dy + radius) * size + dx + radius] = gain ? value * gain[co] : value;
            }
          }
        }
      }
    }
  }
  return out;
}

/** A per-channel vector repeated for each of the 4 phases (for biases of the rewritten conv). */
export function repeatPerPhase(values: Float32Array): Float32Array {
  const blocks = SUB_PIXEL_BLOCK * SUB_PIXEL_BLOCK;
  const out = new Float32Array(blocks * values.length);
  for (let phase = 0; phase < blocks; phase++) out.set(values, phase * values.length);
  return out;
}
