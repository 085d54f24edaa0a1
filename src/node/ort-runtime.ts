import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import type { GraphRuntime, GraphSession, TensorValue } from '../engine/runtime.js';

/** Options of the ONNX Runtime adapter. */
export interface OrtRuntimeOptions {
  /** Intra-op threads; default: every core of the machine. */
  readonly threads?: number;
}

/**
 * The engine's GraphRuntime on onnxruntime-node (CPU execution provider).
 *
 * @example
 * const runtime = createOrtRuntime({ threads: 2 });
 * const session = await runtime.createSession(graph.model);
 */
export function createOrtRuntime(options: OrtRuntimeOptions = {}): GraphRuntime {
  const threads = options.threads ?? availableParallelism();
  return {
    async createSession(model: Uint8Array): Promise<GraphSession> {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        // The memory pattern pre-plans one block for all of a run's intermediates; without it the
        // arena reuses freed buffers as the run goes. Measured here on the Gatys step graph at
        // 512×512 px: peak RSS 1.6 → 1.0 GB (direct convolutions), 2.5 → 1.6 GB (Winograd), same speed.
        enableMemPattern: false,
      });
      return new OrtGraphSession(session);
    },
  };
}

class OrtGraphSession implements GraphSession {
  private released = false;

  constructor(private readonly session: ort.InferenceSession) {}

  async run(feeds: Readonly<Record<string, TensorValue>>): Promise<Record<string, TensorValue>> {
    if (this.released) throw new Error('the graph session was released');
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, value] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', value.data, value.dims);
    const results = await this.session.run(ortFeeds);
    const out: Record<string, TensorValue> = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
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
