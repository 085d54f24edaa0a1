/** The devices the page offers (kept apart from the runtime so the page's bundle holds no ONNX Runtime). */

/** What the visitor may ask for: `auto` tries WebGPU, then WASM. */
export type WebDeviceChoice = 'auto' | 'webgpu' | 'wasm';
/** The provider a run used. */
export type WebDevice = 'webgpu' | 'wasm';
/** The choices, in the order the page lists them. */
export const WEB_DEVICE_CHOICES: readonly WebDeviceChoice[] = ['auto', 'webgpu', 'wasm'];
