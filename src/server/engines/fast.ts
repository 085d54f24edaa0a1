/**
 * The fast (preset) engine as a job's worker runs it: the library's `stylizeWithPreset`
 * (fetch the preset, decode and resize, tiled network run, strength, original colours, alpha) on the
 * options `resolveJob` validated, with its progress turned into worker messages, then the result written atomically.
 */
import { writeWorkerNotice } from './notice.js';
import { writeImage } from '../../node/image-io.js';
import { stylizeWithPreset, type PresetEvent } from '../../node/stylize-preset.js';
import type { DoneMessage, FastWorkerJob, ProgressMessage } from '../jobs/protocol.js';

/**
 * Runs fast job `job` to its written result. Cancels between stages and tiles through `signal`.
 *
 * @example
 * await runFastJob(job, (message) => parentPort.postMessage(message), controller.signal);
 */
export async function runFastJob(job: FastWorkerJob, post: (message: ProgressMessage) => void, signal: AbortSignal): Promise<DoneMessage> {
  const startedMs = performance.now();
  const onProgress = (event: PresetEvent): void => {
    if (event.type === 'load') post({ type: 'load', weights: `preset ${job.options.model}`, pretrained: true, width: event.width, height: event.height });
    if (event.type === 'tile') post({ type: 'tile', index: event.index, count: event.count, elapsedMs: event.elapsedMs });
  };
  const image = await stylizeWithPreset(job.options, { onProgress, signal, onNotice: writeWorkerNotice });
  await writeImage(job.outputPath, image);
  return { type: 'done', width: image.rgb.width, height: image.rgb.height, elapsedMs: performance.now() - startedMs };
}
