import {
  DEFAULT_DEVICE,
  DEVICE_NAMES
} from "./chunk-YB37QKVG.js";

// dist/src/cli/shared-options.js
var OUTPUT_MODE_OPTIONS = [
  { flag: "json", field: "json", kind: "boolean", group: "Output", description: "Print progress and the result as JSON, one event per line on stdout, instead of a progress bar." },
  { flag: "quiet", field: "quiet", kind: "boolean", short: "q", group: "Output", description: "Print nothing but errors." },
  { flag: "help", field: "help", kind: "boolean", short: "h", group: "Output", description: "Show this help." }
];
var THREADS_OPTION = {
  flag: "threads",
  field: "threads",
  kind: "number",
  placeholder: "N",
  group: "Engine",
  description: "CPU threads ONNX Runtime uses.",
  defaultText: "every core"
};
var DEVICE_OPTION = {
  flag: "device",
  field: "device",
  kind: "string",
  placeholder: DEVICE_NAMES.join("|"),
  group: "Engine",
  description: "Where ONNX Runtime runs the graphs. webgpu: any Vulkan GPU (NVIDIA, AMD, Intel) through its WebGPU provider, no CUDA download; cuda: needs ONNX Runtime's CUDA provider libraries, which onnxruntime-node does not ship; auto: CUDA, then WebGPU, then the CPU, with a one-line note when it falls back. The load event (--json) says which ran.",
  defaultText: DEFAULT_DEVICE
};

export {
  OUTPUT_MODE_OPTIONS,
  THREADS_OPTION,
  DEVICE_OPTION
};
