/**
 * Builds the in-browser page (`studio/browser`) into `studio/dist-browser`: a static site that
 * paints on the visitor's machine with onnxruntime-web (WebGPU, WASM fallback). Run from the
 * repository root: `vite build --config studio/vite.browser.config.ts`.
 *
 * onnxruntime-web's WASM runtime (`ort-wasm-simd-threaded.asyncify.wasm`, the one file the
 * `onnxruntime-web/webgpu` bundle loads) is referenced as `new URL(…, import.meta.url)`, so Vite
 * emits it into `assets/` with a content hash and rewrites the reference: no copy step is needed.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./browser/', import.meta.url)),
  base: './',
  publicDir: 'public',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist-browser/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
