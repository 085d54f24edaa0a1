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
  readonly outputs: ReadonlyArray<{ name: string; layer: string; kind: 'activation' | 'gram' | 'mean' | 'covariance'; dims: readonly number[]; positions: number }>;
}

/**
 * Builds the graph that computes content activations (for `activationLayers`), Gram matrices
 * (for `gramLayers`) and the features' mean [C] and covariance [C,C] over the positions (for
 * `meanLayers`) of one RGB [1,3,H,W] image named `image`.
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
    // The mean over positions [C] and the covariance about it [C,C] (÷ N): centred before the product,
    // so float32 keeps the small eigenvalues that E[ffᵀ] − μμᵀ would lose to cancellation.
    const trace = traceOf(traces, layer);
    const [channels, height, width] = trace.dims;
    const positions = height * width;
    const features = graph.op('Reshape', [trace.activation, graph.constInt64([channels, positions])]);
    const mean = graph.op('ReduceMean', [features], { axes: { ints: [1] }, keepdims: { int: 1 } });
    const centred = graph.op('Sub', [features, mean]);
    const covariance = graph.op('Gemm', [centred, centred], { transB: { int: 1 }, alpha: { float: 1 / positions } });
    outputs.push({ name: graph.output(graph.op('Reshape', [mean, graph.constInt64([channels])]), `mean_${layer}`, [channels]), layer, kind: 'mean', dims: [channels], positions });
    outputs.push({ name: graph.output(covariance, `covariance_${layer}`, [channels, channels]), layer, kind: 'covariance', dims: [channels, channels], positions });
  }
  return { model: graph.toModel(), outputs };
}
