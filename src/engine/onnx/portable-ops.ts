import type { GraphBuilder } from './graph-builder.js';

/**
 * Ops every execution provider runs. ONNX Runtime's WebGPU provider has no kernel for `Sum`
 * (variadic) or `SpaceToDepth`, none for `Sign`, and none for a Transpose of booleans; a graph with
 * them is split, and those nodes run on the CPU with a copy of their tensors each way. The engine writes them with ops that every
 * provider has instead — the same arithmetic, so the CPU's results do not change
 * (`test/webgpu-provider.test.ts` checks the placement with CPU fallback disabled).
 */

/**
 * Σ values as a chain of `Add`, left to right (the order `Sum` adds in).
 *
 * @example
 * emitSum(graph, [a, b, c]) // → Add(Add(a, b), c)
 */
export function emitSum(graph: GraphBuilder, values: readonly string[]): string {
  if (values.length === 0) throw new Error('emitSum: nothing to add');
  return values.slice(1).reduce((sum, value) => graph.op('Add', [sum, value]), values[0]);
}

/**
 * `SpaceToDepth` of a [1, C, H, W] tensor (H and W multiples of `block`) written as the ONNX
 * definition spells it: reshape to [1, C, H/b, b, W/b, b], transpose to [1, b, b, C, H/b, W/b],
 * reshape to [1, b²·C, H/b, W/b]. Output channel (i·b + j)·C + c holds x[c, y·b + i, x·b + j].
 *
 * @example
 * emitSpaceToDepth(graph, x, [3, 8, 6], 2) // → a [1, 12, 4, 3] value
 */
export function emitSpaceToDepth(graph: GraphBuilder, input: string, dims: readonly [number, number, number], block: number): string {
  const [channels, height, width] = dims;
  if (height % block !== 0 || width % block !== 0) throw new Error(`emitSpaceToDepth: ${height}×${width} is not a multiple of ${block}`);
  const [rows, columns] = [height / block, width / block];
  const split = graph.op('Reshape', [input, graph.constInt64([1, channels, rows, block, columns, block])]);
  const moved = graph.op('Transpose', [split], { perm: { ints: [0, 3, 5, 1, 2, 4] } });
  return graph.op('Reshape', [moved, graph.constInt64([1, block * block * channels, rows, columns])]);
}

/**
 * [x > 0] as a float tensor, Ceil(Clip(x, 0, 1)): 0 for x ≤ 0, 1 for x > 0 (exact for finite x).
 * Not `Greater` (or `Equal`) and a `Where`/`Cast`: WebGPU has no Transpose for the boolean tensor
 * between them, and ORT's NHWC layout pass puts Transposes there in the Winograd graphs, which
 * then run on the CPU.
 *
 * @example emitPositiveMask(graph, activation) // → 1 where the activation is positive, else 0
 */
export function emitPositiveMask(graph: GraphBuilder, x: string): string {
  return graph.op('Ceil', [graph.op('Clip', [x, graph.constFloat(0), graph.constFloat(1)])]);
}

/**
 * The gradient through a ReLU, g·[a > 0], from its output a ≥ 0 (`emitPositiveMask`, not g·sign(a)).
 *
 * @example
 * emitReluBackward(graph, gradient, activation)
 */
export function emitReluBackward(graph: GraphBuilder, gradient: string, activation: string): string {
  return graph.op('Mul', [gradient, emitPositiveMask(graph, activation)]);
}

/**
 * Input channels of a direct `Conv` as emitted: C, or C rounded up to a multiple of 4 for C > 4.
 * onnxruntime-node 1.30's WebGPU `Conv` computes wrong results, with no error, for some channel
 * counts that are not multiples of 4 (seen here for C = 6, 9, 15, 18 into 4–12 outputs on
 * SwiftShader; 3, 5, 7, 10, 11 and every multiple of 4 were right). Zero channels added to the
 * input and the kernel leave the sum unchanged; real networks (3, 16, 32, 64, … channels) never
 * need them.
 *
 * @example alignedInChannels(6) // → 8
 * @example alignedInChannels(64) // → 64
 */
export function alignedInChannels(channels: number): number {
  return channels > 4 && channels % 4 !== 0 ? Math.ceil(channels / 4) * 4 : channels;
}

/**
 * `input` [1, C, H, W] with zero channels appended up to `channels` (`Pad` on axis 1); itself when C = channels.
 *
 * @example emitZeroChannels(graph, x, 6, 8) // → Pad(x, [0,0,0,0, 0,2,0,0])
 */
export function emitZeroChannels(graph: GraphBuilder, input: string, inChannels: number, channels: number): string {
  if (channels === inChannels) return input;
  return graph.op('Pad', [input, graph.constInt64([0, 0, 0, 0, 0, channels - inChannels, 0, 0])]);
}
