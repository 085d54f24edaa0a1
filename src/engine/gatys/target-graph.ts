import { GraphBuilder } from '../onnx/graph-builder.js';
import { emitNetworkForward } from '../network/forward.js';
import type { Pooling } from '../network/types.js';
import type { NetworkWeights } from '../network/types.js';
import type { ConvolutionAlgorithm } from '../network/winograd.js';
import { emitGram } from './loss-heads.js';
import { traceOf } from './loss-graph.js';

/** A forward-only graph that reads targets off an image: activations and/or Gram matrices. */
export interface TargetGraph {
  readonly model: Uint8Array;
  /** Output name → [layer, kind, dims, number of spatial positions nH·nW]. */
  readonly outputs: ReadonlyArray<{ name: string; layer: string; kind: 'activation' | 'gram' | 'mean'; dims: readonly number[]; positions: number }>;
}

/**
 * Builds the graph that computes content activations (for `activationLayers`), Gram matrices
 * (for `gramLayers`) and feature means over the positions (for `meanLayers`, [C]) of one RGB
 * [1,3,H,W] image named `image`.
 *
 * @example buildTargetGraph({ height: 300, width: 400, weights, pooling: 'avg', activationLayers: [], gramLayers: ['conv1_1'] })
 */
export function buildTargetGraph(spec: {
  readonly height: number;
  readonly width: number;
  readonly weights: NetworkWeights;
  readonly pooling: Pooling;
  readonly activationLayers: readonly string[];
  readonly gramLayers: readonly string[];
  readonly meanLayers?: readonly string[];
  /** Default `auto`; the same choice as the loss graph's, so a content target matches its activations exactly. */
  readonly convolution?: ConvolutionAlgorithm;
}): TargetGraph {
  const graph = new GraphBuilder('painterly_targets');
  const image = graph.input('image', [1, 3, spec.height, spec.width]);
  const traces = emitNetworkForward(graph, image, spec.height, spec.width, {
    weights: spec.weights,
    pooling: spec.pooling,
    neededLayers: [...spec.activationLayers, ...spec.gramLayers, ...(spec.meanLayers ?? [])],
    convolution: spec.convolution,
  });
  const outputs: Array<TargetGraph['outputs'][number]> = [];
  for (const layer of spec.activationLayers) {
    const trace = traceOf(traces, layer);
    const dims = [1, ...trace.dims];
    outputs.push({ name: graph.output(trace.activation, `activation_${layer}`, dims), layer, kind: 'activation', dims, positions: trace.dims[1] * trace.dims[2] });
  }
  for (const layer of spec.gramLayers) {
    const trace = traceOf(traces, layer);
    const dims = [trace.dims[0], trace.dims[0]];
    const { gram } = emitGram(graph, trace.activation, trace.dims);
    outputs.push({ name: graph.output(gram, `gram_${layer}`, dims), layer, kind: 'gram', dims, positions: trace.dims[1] * trace.dims[2] });
  }
  for (const layer of spec.meanLayers ?? []) {
    const trace = traceOf(traces, layer);
    const [channels, height, width] = trace.dims;
    const mean = graph.op('ReduceMean', [trace.activation, graph.constInt64([0, 2, 3])], { keepdims: { int: 0 } });
    outputs.push({ name: graph.output(mean, `mean_${layer}`, [channels]), layer, kind: 'mean', dims: [channels], positions: height * width });
  }
  return { model: graph.toModel(), outputs };
}
