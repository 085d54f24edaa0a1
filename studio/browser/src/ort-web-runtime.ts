/**
 * The engine's GraphRuntime on onnxruntime-web, for the in-browser page: WebGPU when the browser
 * has a usable adapter, else WASM (multi-threaded when the page is cross-origin isolated).
 *
 * Why `onnxruntime-web/webgpu` and never the default `onnxruntime-web` import: the default build
 * computes the engine's Winograd graphs wrong without any error (ConvTranspose with end-only
 * padding); the WebGPU build is right on both of its providers (webgpu and its wasm fallback).
 */
import * as ort from 'onnxruntime-web/webgpu';
import { OrtGraphSession, type GraphRuntime, type GraphSession } from '../../../src/engine/runtime.js';
import type { WebDevice, WebDeviceChoice } from './devices.js';


/** Options of `createWebRuntime`. */
export interface WebRuntimeOptions {
  readonly device: WebDeviceChoice;
  /** WASM threads; more than 1 only where `crossOriginIsolated` (SharedArrayBuffer). */
  readonly threads: number;
}

/** A runtime and the provider it runs on; `notice` says why `auto` fell back, when it did. */
export interface WebRuntime {
  readonly runtime: GraphRuntime;
  readonly device: WebDevice;
  readonly threads: number;
  readonly notice?: string;
}

/**
 * Configures onnxruntime-web once and picks the provider: `webgpu` needs `navigator.gpu` and an
 * adapter (else an error naming the fix), `auto` falls back to `wasm` with a one-line notice.
 *
 * @example
 * const { runtime, device } = await createWebRuntime({ device: 'auto', threads: 2 });
 */
export async function createWebRuntime(options: WebRuntimeOptions): Promise<WebRuntime> {
  const threads = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated ? Math.max(1, options.threads) : 1;
  ort.env.wasm.numThreads = threads;
  // The page already runs this in a worker: no second proxy worker.
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  if (options.device === 'wasm') return { runtime: ortWebRuntime('wasm'), device: 'wasm', threads };
  const problem = await webGpuProblem();
  if (!problem) return { runtime: ortWebRuntime('webgpu'), device: 'webgpu', threads };
  if (options.device === 'webgpu') throw new Error(`WebGPU is not available here (${problem}). Choose the WASM device, or open the page in a browser with WebGPU enabled.`);
  return { runtime: ortWebRuntime('wasm'), device: 'wasm', threads, notice: `WebGPU is not available (${problem}); painting on the CPU (WASM, ${threads} thread${threads === 1 ? '' : 's'}).` };
}

/** Why WebGPU cannot run here, or `undefined` when an adapter answers. */
async function webGpuProblem(): Promise<string | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no navigator.gpu';
  try {
    return (await gpu.requestAdapter()) ? undefined : 'no GPU adapter';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function ortWebRuntime(device: WebDevice): GraphRuntime {
  return {
    provider: device,
    async createSession(model: Uint8Array): Promise<GraphSession> {
      const session = await ort.InferenceSession.create(model, { executionProviders: [device], graphOptimizationLevel: 'all' });
      return new OrtGraphSession(session, (data, dims) => new ort.Tensor('float32', data, dims));
    },
  };
}
