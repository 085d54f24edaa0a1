/**
 * The forward-only graph of the unit visualizer: an RGB image in, every unit of one layer out.
 */
import { findLayer } from '../network/layers.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import type { Pooling } from '../network/types.js';
import { emitNetworkForward, type ActivationDims } from '../network/forward.js';
import type { NetworkWeights } from '../network/types.js';

/** Name of the graph input: RGB [1,3,H,W] on the 0–255 scale. */
export const ACTIVATION_GRAPH_INPUT = 'image';
/** Name of the graph output: the layer's activation (after its nonlinearity), [1,C,h,w]. */
export const ACTIVATION_GRAPH_OUTPUT = 'activation';

/** What `buildActivationGraph` needs. */
export interface ActivationGraphSpec {
  readonly height: number;
  readonly width: number;
  readonly weights: NetworkWeights;
  readonly pooling: Pooling;
  /** The conv layer to read, e.g. `conv2_1` (VGG19) or `conv8` (Darknet Tiny). */
  readonly layer: string;
}

/** A serialised activation graph and the shape of its output. */
export interface ActivationGraph {
  readonly model: Uint8Array;
  /** [units, height, width] of the activation (batch of one). */
  readonly dims: ActivationDims;
}

/**
 * Builds the network's forward pass (its preprocessing inside) up to `layer`, with that layer's
 * activation as the only output.
 *
 * @example
 * const { model, dims } = buildActivationGraph({ height: 224, width: 224, weights, pooling: 'avg', layer: 'conv2_1' });
 * const session = await runtime.createSession(model);
 * const out = await session.run({ [ACTIVATION_GRAPH_INPUT]: { data: rgb.data, dims: [1, 3, 224, 224] } });
 * out[ACTIVATION_GRAPH_OUTPUT].data // dims[0] planes of dims[1]×dims[2] values
 */
export function buildActivationGraph(spec: ActivationGraphSpec): ActivationGraph {
  findLayer(spec.weights.network, spec.layer);
  const graph = new GraphBuilder('painterly_activation');
  const image = graph.input(ACTIVATION_GRAPH_INPUT, [1, 3, spec.height, spec.width]);
  const traces = emitNetworkForward(graph, image, spec.height, spec.width, {
    weights: spec.weights,
    pooling: spec.pooling,
    neededLayers: [spec.layer],
  });
  const trace = traces[traces.length - 1];
  graph.output(trace.activation, ACTIVATION_GRAPH_OUTPUT, [1, ...trace.dims]);
  return { model: graph.toModel(), dims: trace.dims };
}
