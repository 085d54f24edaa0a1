/**
 * SwiftShader, the software Vulkan driver in Debian's chromium package: with it ONNX Runtime's
 * WebGPU provider (Dawn on Vulkan) runs on a machine without a GPU, so the GPU code path is tested
 * in CI. Its times are not GPU times (it is a CPU renderer). `.ci/run` installs chromium; under
 * CI a missing driver fails the WebGPU suites instead of skipping them (`required-tools.ts`).
 */
import { existsSync } from 'node:fs';
import { skipUnlessInstalled } from './required-tools.js';

/** The Vulkan ICD manifest of Debian's chromium (next to libvk_swiftshader.so). */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Points the Vulkan loader of this process at SwiftShader only (before the first WebGPU session:
 * Dawn reads the drivers once). `VK_DRIVER_FILES` is the loader's current name, `VK_ICD_FILENAMES` the older one.
 *
 * @example useSwiftShader(); const runtime = createOrtRuntime({ provider: 'webgpu' });
 */
export function useSwiftShader(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  env.VK_DRIVER_FILES = SWIFTSHADER_ICD;
  env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  return env;
}

/** The environment of a child process that should see SwiftShader as its only Vulkan device. */
export function swiftShaderEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return useSwiftShader({ ...base });
}

/** The `skip` value of the WebGPU suites: false with SwiftShader there; under CI its absence throws. */
export const swiftShaderSkip = (): string | false => skipUnlessInstalled(existsSync(SWIFTSHADER_ICD) && existsSync('/usr/lib/chromium/libvk_swiftshader.so'), 'chromium', 'WebGPU provider tests (SwiftShader, its software Vulkan)');
