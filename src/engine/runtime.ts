/**
 * The engine's view of a graph runtime. The engine builds ONNX models and runs them through this
 * interface; the Node edge implements it with onnxruntime-node, a browser with onnxruntime-web.
 */

/** A float32 tensor: data and shape. */
export interface TensorValue {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** One loaded model. */
export interface GraphSession {
  /** Runs the model; returns every graph output by name. */
  run(feeds: Readonly<Record<string, TensorValue>>): Promise<Record<string, TensorValue>>;
  /** Frees the native session and its buffers. Safe to call twice. */
  release(): Promise<void>;
}

/** Creates sessions from serialised ONNX models. */
export interface GraphRuntime {
  /** The execution provider that runs the sessions, e.g. `cpu` or `webgpu` (the load event reports it). */
  readonly provider: string;
  createSession(model: Uint8Array): Promise<GraphSession>;
}

/** What an ONNX Runtime output tensor offers (onnxruntime-node's and onnxruntime-web's alike). */
interface OrtOutputTensor {
  readonly dims: readonly number[];
  /** The values, copied out of the provider (GPU buffer or WASM heap) when they live there. */
  getData(): Promise<unknown>;
  dispose(): void;
}

/** What an ONNX Runtime session offers, with `Tensor` its package's input tensor class. */
interface OrtSessionLike<Tensor> {
  run(feeds: Record<string, Tensor>): Promise<Record<string, OrtOutputTensor>>;
  release(): Promise<void>;
}

/**
 * A `GraphSession` over an ONNX Runtime session of either package (Node or web): float32 feeds in,
 * every output read out and disposed; `makeTensor` builds the package's input tensors.
 *
 * @example new OrtGraphSession(await ort.InferenceSession.create(model), (data, dims) => new ort.Tensor('float32', data, dims))
 */
export class OrtGraphSession<Tensor> implements GraphSession {
  private released = false;

  constructor(
    private readonly session: OrtSessionLike<Tensor>,
    private readonly makeTensor: (data: Float32Array, dims: readonly number[]) => Tensor,
  ) {}

  async run(feeds: Readonly<Record<string, TensorValue>>): Promise<Record<string, TensorValue>> {
    if (this.released) throw new Error('the graph session was released');
    const inputs: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(feeds)) inputs[name] = this.makeTensor(value.data, value.dims);
    const results = await this.session.run(inputs);
    const out: Record<string, TensorValue> = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { data: (await tensor.getData()) as Float32Array, dims: tensor.dims };
      tensor.dispose();
    }
    return out;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
