/**
 * The fast (preset) engine as a job's worker runs it: fetch the preset (from the cache, a mirror or
 * the network), decode and resize the content, run the engine's `stylizeFast` (tiled for large
 * images), keep the content's colours when asked, mix with the content at `strength`, write.
 */
import { transferLuminance } from '../../engine/color.js';
import { PainterlyError } from '../../engine/errors.js';
import type { FastStyleEvent } from '../../engine/fast/events.js';
import { blendStrength } from '../../engine/fast/strength.js';
import { stylizeFast } from '../../engine/fast/stylize-fast.js';
import { fitLongSide } from '../../engine/image.js';
import { readFastStyleCheckpoint } from '../../node/fast-checkpoint.js';
import { readImage, resizeImage, writeImage } from '../../node/image-io.js';
import { ensureModel } from '../../node/model-store/index.js';
import { createOrtRuntime } from '../../node/ort-runtime.js';
import type { DoneMessage, FastWorkerJob, ProgressMessage } from '../jobs/protocol.js';

/**
 * Runs fast job `job` to its written result. Cancels between stages and tiles through `signal`.
 *
 * @example
 * await runFastJob(job, (message) => parentPort.postMessage(message), controller.signal);
 */
export async function runFastJob(job: FastWorkerJob, post: (message: ProgressMessage) => void, signal: AbortSignal): Promise<DoneMessage> {
  const startedMs = performance.now();
  const modelDir = await ensureModel(job.preset, { signal });
  throwIfAborted(signal);
  const checkpoint = await readFastStyleCheckpoint(modelDir);
  const content = await readImage(job.contentPath, { maxPixels: job.maxPixels });
  const { width, height } = fitLongSide(content.rgb.width, content.rgb.height, job.size);
  const working = await resizeImage(content, width, height);
  throwIfAborted(signal);
  post({ type: 'load', weights: `preset ${job.preset}`, pretrained: true, width, height });
  const onProgress = (event: FastStyleEvent): void => {
    if (event.type === 'tile') post({ type: 'tile', index: event.index, count: event.count, elapsedMs: event.elapsedMs });
  };
  const stylized = await stylizeFast(createOrtRuntime({ threads: job.threads }), checkpoint, working.rgb, { signal, onProgress });
  const coloured = job.originalColors ? transferLuminance(stylized, working.rgb) : stylized;
  const rgb = blendStrength(coloured, working.rgb, job.strength);
  throwIfAborted(signal);
  await writeImage(job.outputPath, working.alpha ? { rgb, alpha: working.alpha } : { rgb });
  return { type: 'done', width, height, elapsedMs: performance.now() - startedMs };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PainterlyError('ABORTED', 'The stylization was cancelled.');
}
