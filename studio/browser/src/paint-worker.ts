/**
 * The paint worker: runs one painting at a time off the page's main thread and forwards the engine's
 * progress events. The page cancels by ending the worker. Nothing here talks to a server except to
 * fetch model files.
 */
import { isPainterlyError } from '../../../src/engine/errors.js';
import type { DecodedImage } from '../../../src/engine/image.js';
import { rgbaPixels } from './image-pixels.js';
import type { FromWorker, PaintProgress, ToWorker } from './messages.js';
import { createWebRuntime } from './ort-web-runtime.js';
import { paintWithPreset, paintWithQuality } from './paint.js';

let running: AbortController | undefined;

const post = (message: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(message, transfer);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => void paint(event.data));

async function paint({ request, setup }: ToWorker): Promise<void> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const startedAt = performance.now();
  try {
    const web = await createWebRuntime({ device: setup.device, threads: setup.threads });
    post({ type: 'progress', event: { type: 'device', device: web.device, threads: web.threads, notice: web.notice } });
    const onProgress = (progress: PaintProgress): void => {
      if (controller.signal.aborted) return;
      post({ type: 'progress', event: progress }, progress.type === 'preview' ? [progress.frame.rgba.buffer] : []);
    };
    const context = { runtime: web.runtime, modelsUrl: setup.modelsUrl, signal: controller.signal, onProgress };
    const image: DecodedImage = request.mode === 'fast' ? await paintWithPreset(request, context) : await paintWithQuality(request, context);
    const rgba = rgbaPixels(image);
    post({ type: 'done', frame: { width: image.rgb.width, height: image.rgb.height, rgba }, device: web.device, elapsedMs: performance.now() - startedAt }, [rgba.buffer]);
  } catch (error) {
    const code = controller.signal.aborted ? 'ABORTED' : isPainterlyError(error) ? error.code : 'INTERNAL';
    const message = controller.signal.aborted ? 'Cancelled.' : error instanceof Error ? error.message : String(error);
    post({ type: 'failed', code, message });
  } finally {
    if (running === controller) running = undefined;
  }
}
