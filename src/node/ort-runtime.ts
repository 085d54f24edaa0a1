import { availableParallelism } from 'node:os';
import type * as Ort from 'onnxruntime-node';
import { PainterlyError } from '../engine/errors.js';
import { GraphBuilder } from '../engine/onnx/graph-builder.js';
import { OrtGraphSession, type GraphRuntime, type GraphSession } from '../engine/runtime.js';
import type { DeviceName } from '../options/device.js';

let ortModule: Promise<typeof Ort> | undefined;

/** onnxruntime-node, loaded at the first session (a command that fails on its options never loads it). */
function loadOrt(): Promise<typeof Ort> {
  ortModule ??= import('onnxruntime-node');
  return ortModule;
}

/** An execution provider this adapter can create sessions on. */
export type ProviderName = Exclude<DeviceName, 'auto'>;

/** The providers `auto` tries, in order; the CPU last, always there. */
export const AUTO_PROVIDER_ORDER: readonly ProviderName[] = ['cuda', 'webgpu', 'cpu'];

/** Options of the ONNX Runtime adapter. */
export interface OrtRuntimeOptions {
  /** Intra-op threads of the CPU provider (and of CPU work under a GPU one); default: every core of the machine. */
  readonly threads?: number;
  /** The execution provider; default `cpu`. */
  readonly provider?: ProviderName;
  /**
   * ORT session config entries on top of the adapter's, e.g. `{ 'session.disable_cpu_ep_fallback': '1' }`
   * (tests: fail when a node would run on the CPU under a GPU provider).
   */
  readonly sessionConfig?: Readonly<Record<string, string>>;
}

/**
 * The engine's GraphRuntime on onnxruntime-node, on one execution provider. Creating a session on a
 * provider that cannot start throws a PainterlyError (`DEVICE_UNAVAILABLE`) naming the fix.
 * `openOrtRuntime` picks the provider for a `device` option (`auto` included).
 *
 * @example
 * const runtime = createOrtRuntime({ threads: 2 });
 * const session = await runtime.createSession(graph.model); // runtime.provider === 'cpu'
 */
export function createOrtRuntime(options: OrtRuntimeOptions = {}): GraphRuntime & { readonly provider: ProviderName } {
  const threads = options.threads ?? availableParallelism();
  const provider = options.provider ?? 'cpu';
  return {
    provider,
    async createSession(model: Uint8Array): Promise<GraphSession> {
      const ort = await loadOrt();
      let session: Ort.InferenceSession;
      try {
        session = await ort.InferenceSession.create(model, {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          // The memory pattern pre-plans one block for all of a run's intermediates; without it the
          // arena reuses freed buffers as the run goes. Measured here on the Gatys step graph at
          // 512×512 px: peak RSS 1.6 → 1.0 GB (direct convolutions), 2.5 → 1.6 GB (Winograd), same speed.
          enableMemPattern: false,
          // `extra` is flattened into dotted config keys; ours are dotted already. Intra-op threads wait
          // without spinning: measured on the 2-core machine (VGG19, 256 px, 30 iterations, quiet), the same
          // wall time (18.6–18.9 s against 18.5–19.5 s) for 30.2 CPU s instead of 31.6–33.1; with two runs
          // at once (the studio's lanes, the test suite) a spinning thread burns the core the other needs.
          extra: { 'session.intra_op.allow_spinning': '0', ...options.sessionConfig },
        });
      } catch (error) {
        throw provider === 'cpu' ? error : providerError(provider, error);
      }
      return new OrtGraphSession(session, (data, dims) => new ort.Tensor('float32', data, dims));
    },
  };
}

/** Options of `openOrtRuntime`. */
export interface OpenRuntimeOptions {
  readonly device: DeviceName;
  readonly threads?: number;
  /** Told, in one line, when `auto` falls back to the CPU and why. */
  readonly onNotice?: (message: string) => void;
}

/**
 * A runtime for a `device` option. `cpu`, `webgpu` and `cuda` use that provider (a GPU one that
 * cannot start throws `DEVICE_UNAVAILABLE` at the first session); `auto` starts each of
 * `AUTO_PROVIDER_ORDER` on a one-node graph and keeps the first that works, and if a later graph
 * fails on it, runs that graph and the rest on the CPU — each fallback told through `onNotice`.
 * `provider` says which provider runs the sessions (the one created last).
 *
 * @example
 * const runtime = await openOrtRuntime({ device: 'auto', onNotice: (line) => console.error(line) });
 * runtime.provider // → 'webgpu' on a machine with a Vulkan GPU, else 'cpu'
 */
export async function openOrtRuntime(options: OpenRuntimeOptions): Promise<GraphRuntime & { readonly provider: ProviderName }> {
  const { device, threads } = options;
  if (device !== 'auto') return createOrtRuntime({ provider: device, threads });
  const reasons: string[] = [];
  let chosen = createOrtRuntime({ provider: 'cpu', threads });
  for (const provider of AUTO_PROVIDER_ORDER) {
    const candidate = createOrtRuntime({ provider, threads });
    if (provider === 'cpu' || (await startsOn(candidate, reasons))) {
      chosen = candidate;
      break;
    }
  }
  if (chosen.provider === 'cpu') options.onNotice?.(`device auto: running on the CPU (${reasons.join('; ')}).`);
  let current = chosen;
  return {
    get provider() {
      return current.provider;
    },
    async createSession(model: Uint8Array): Promise<GraphSession> {
      if (current.provider === 'cpu') return current.createSession(model);
      try {
        return await current.createSession(model);
      } catch (error) {
        options.onNotice?.(`device auto: ${current.provider} failed on a graph, running on the CPU from here (${firstLine(error)}).`);
        current = createOrtRuntime({ provider: 'cpu', threads });
        return current.createSession(model);
      }
    },
  };
}

/** Whether `runtime`'s provider runs a one-node graph; why not goes to `reasons`. */
async function startsOn(runtime: GraphRuntime & { readonly provider: ProviderName }, reasons: string[]): Promise<boolean> {
  try {
    const session = await runtime.createSession(PROBE_MODEL);
    try {
      await session.run({ x: { data: new Float32Array([-1, 2]), dims: [2] } });
    } finally {
      await session.release();
    }
    return true;
  } catch (error) {
    // createSession words its own error; the reason is ONNX Runtime's, kept as the cause.
    reasons.push(`${runtime.provider}: ${shortReason(runtime.provider, error instanceof Error && error.cause ? error.cause : error)}`);
    return false;
  }
}

/** y = Relu(x) over a float[2]: a graph every provider runs, to see whether it starts. */
const PROBE_MODEL = probeModel();

function probeModel(): Uint8Array {
  const graph = new GraphBuilder('device_probe');
  graph.output(graph.op('Relu', [graph.input('x', [2])]), 'y', [2]);
  return graph.toModel();
}

/** ONNX Runtime's words for a provider that cannot start at all (no adapter, no library). */
const CANNOT_START = /No supported adapters|Failed to get a WebGPU adapter|Failed to load shared library|libonnxruntime_providers/;

function providerError(provider: Exclude<ProviderName, 'cpu'>, error: unknown): PainterlyError {
  const reason = shortReason(provider, error);
  const message = CANNOT_START.test(firstLine(error))
    ? `The ${provider} device could not start: ${reason}. ${DEVICE_FIXES[provider]}`
    : `The ${provider} device could not run a graph: ${reason}. Run with device cpu, or auto (which moves to the CPU when a graph fails).`;
  return new PainterlyError('DEVICE_UNAVAILABLE', message, { cause: error });
}

const DEVICE_FIXES: Readonly<Record<Exclude<ProviderName, 'cpu'>, string>> = {
  webgpu:
    'It runs on a Vulkan GPU: install the Vulkan driver of your GPU (NVIDIA, AMD or Intel; check with `vulkaninfo --summary`), or run with device cpu, or auto to fall back to the CPU.',
  cuda:
    "onnxruntime-node does not ship its CUDA provider (it downloads it at install when ONNXRUNTIME_NODE_INSTALL_CUDA is set, and needs CUDA 12 and cuDNN 9). Use device webgpu instead (any Vulkan GPU, no CUDA download), or auto.",
};

function shortReason(provider: ProviderName, error: unknown): string {
  const line = firstLine(error);
  if (provider === 'cuda' && /Failed to load shared library|libonnxruntime_providers/.test(line)) return 'the CUDA provider library is not installed';
  if (provider === 'webgpu' && /No supported adapters|Failed to get a WebGPU adapter/.test(line)) return 'no WebGPU adapter (no usable Vulkan GPU or driver)';
  return line;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').replace(/^\/onnxruntime_src\/\S+ /, '').slice(0, 300);
}
