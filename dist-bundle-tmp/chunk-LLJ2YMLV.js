import {
  GraphBuilder
} from "./chunk-SMFVLVLN.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/node/ort-runtime.js
import { availableParallelism } from "node:os";

// dist/src/engine/runtime.js
var OrtGraphSession = class {
  session;
  makeTensor;
  released = false;
  constructor(session, makeTensor) {
    this.session = session;
    this.makeTensor = makeTensor;
  }
  async run(feeds) {
    if (this.released)
      throw new Error("the graph session was released");
    const inputs = {};
    for (const [name, value] of Object.entries(feeds))
      inputs[name] = this.makeTensor(value.data, value.dims);
    const results = await this.session.run(inputs);
    const out = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { data: await tensor.getData(), dims: tensor.dims };
      tensor.dispose();
    }
    return out;
  }
  async release() {
    if (this.released)
      return;
    this.released = true;
    await this.session.release();
  }
};

// dist/src/node/ort-runtime.js
var ortModule;
function loadOrt() {
  ortModule ??= import("onnxruntime-node");
  return ortModule;
}
var AUTO_PROVIDER_ORDER = ["cuda", "webgpu", "cpu"];
function createOrtRuntime(options = {}) {
  const threads = options.threads ?? availableParallelism();
  const provider = options.provider ?? "cpu";
  return {
    provider,
    async createSession(model) {
      const ort = await loadOrt();
      let session;
      try {
        session = await ort.InferenceSession.create(model, {
          executionProviders: [provider],
          graphOptimizationLevel: "all",
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          executionMode: "sequential",
          // The memory pattern pre-plans one block for all of a run's intermediates; without it the
          // arena reuses freed buffers as the run goes. Measured here on the Gatys step graph at
          // 512×512 px: peak RSS 1.6 → 1.0 GB (direct convolutions), 2.5 → 1.6 GB (Winograd), same speed.
          enableMemPattern: false,
          // `extra` is flattened into dotted config keys; ours are dotted already. Intra-op threads wait
          // without spinning: measured on the 2-core machine (VGG19, 256 px, 30 iterations, quiet), the same
          // wall time (18.6–18.9 s against 18.5–19.5 s) for 30.2 CPU s instead of 31.6–33.1; with two runs
          // at once (the studio's lanes, the test suite) a spinning thread burns the core the other needs.
          extra: { "session.intra_op.allow_spinning": "0", ...options.sessionConfig }
        });
      } catch (error) {
        throw provider === "cpu" ? error : providerError(provider, error);
      }
      return new OrtGraphSession(session, (data, dims) => new ort.Tensor("float32", data, dims));
    }
  };
}
async function openOrtRuntime(options) {
  const { device, threads } = options;
  if (device !== "auto")
    return createOrtRuntime({ provider: device, threads });
  const reasons = [];
  let chosen = createOrtRuntime({ provider: "cpu", threads });
  for (const provider of AUTO_PROVIDER_ORDER) {
    const candidate = createOrtRuntime({ provider, threads });
    if (provider === "cpu" || await startsOn(candidate, reasons)) {
      chosen = candidate;
      break;
    }
  }
  if (chosen.provider === "cpu")
    options.onNotice?.(`device auto: running on the CPU (${reasons.join("; ")}).`);
  let current = chosen;
  return {
    get provider() {
      return current.provider;
    },
    async createSession(model) {
      if (current.provider === "cpu")
        return current.createSession(model);
      try {
        return await current.createSession(model);
      } catch (error) {
        options.onNotice?.(`device auto: ${current.provider} failed on a graph, running on the CPU from here (${firstLine(error)}).`);
        current = createOrtRuntime({ provider: "cpu", threads });
        return current.createSession(model);
      }
    }
  };
}
async function startsOn(runtime, reasons) {
  try {
    const session = await runtime.createSession(PROBE_MODEL);
    try {
      await session.run({ x: { data: new Float32Array([-1, 2]), dims: [2] } });
    } finally {
      await session.release();
    }
    return true;
  } catch (error) {
    reasons.push(`${runtime.provider}: ${shortReason(runtime.provider, error instanceof Error && error.cause ? error.cause : error)}`);
    return false;
  }
}
var PROBE_MODEL = probeModel();
function probeModel() {
  const graph = new GraphBuilder("device_probe");
  graph.output(graph.op("Relu", [graph.input("x", [2])]), "y", [2]);
  return graph.toModel();
}
var CANNOT_START = /No supported adapters|Failed to get a WebGPU adapter|Failed to load shared library|libonnxruntime_providers/;
function providerError(provider, error) {
  const reason = shortReason(provider, error);
  const message = CANNOT_START.test(firstLine(error)) ? `The ${provider} device could not start: ${reason}. ${DEVICE_FIXES[provider]}` : `The ${provider} device could not run a graph: ${reason}. Run with device cpu, or auto (which moves to the CPU when a graph fails).`;
  return new PainterlyError("DEVICE_UNAVAILABLE", message, { cause: error });
}
var DEVICE_FIXES = {
  webgpu: "It runs on a Vulkan GPU: install the Vulkan driver of your GPU (NVIDIA, AMD or Intel; check with `vulkaninfo --summary`), or run with device cpu, or auto to fall back to the CPU.",
  cuda: "onnxruntime-node does not ship its CUDA provider (it downloads it at install when ONNXRUNTIME_NODE_INSTALL_CUDA is set, and needs CUDA 12 and cuDNN 9). Use device webgpu instead (any Vulkan GPU, no CUDA download), or auto."
};
function shortReason(provider, error) {
  const line = firstLine(error);
  if (provider === "cuda" && /Failed to load shared library|libonnxruntime_providers/.test(line))
    return "the CUDA provider library is not installed";
  if (provider === "webgpu" && /No supported adapters|Failed to get a WebGPU adapter/.test(line))
    return "no WebGPU adapter (no usable Vulkan GPU or driver)";
  return line;
}
function firstLine(error) {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? "").replace(/^\/onnxruntime_src\/\S+ /, "").slice(0, 300);
}

export {
  openOrtRuntime
};
