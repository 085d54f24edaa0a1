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
