import { z } from 'zod';

/**
 * Where ONNX Runtime runs the graphs: `cpu`; `webgpu` (onnxruntime-node's WebGPU provider, Dawn on
 * Vulkan: any Vulkan GPU, no CUDA download); `cuda` (needs ONNX Runtime's CUDA provider libraries,
 * which onnxruntime-node does not ship); `auto` (CUDA, then WebGPU, then the CPU, with a notice when
 * it falls back). See `src/node/ort-runtime.ts` and README "Painting on a GPU".
 */
export const DEVICE_NAMES = ['cpu', 'webgpu', 'cuda', 'auto'] as const;

/** A `device` option value. */
export type DeviceName = (typeof DEVICE_NAMES)[number];

/**
 * The default device. The CPU: `auto` would also take a software Vulkan driver (SwiftShader)
 * where one is the only Vulkan device, which is slower than ONNX Runtime's CPU provider.
 */
export const DEFAULT_DEVICE: DeviceName = 'cpu';

/** The `device` field of every schema that runs the engine; its default lives here once. */
export const deviceSchema = z.enum(DEVICE_NAMES).default(DEFAULT_DEVICE);
