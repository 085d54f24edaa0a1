/**
 * The quality (Gatys) engine as a job's worker runs it: `stylizeValidated` (which applies strength and
 * original colours to the result and to every snapshot) with progress turned into worker messages, a
 * JPEG preview every `saveEvery` iterations, and the result written atomically.
 */
import type { DecodedImage } from '../../engine/image.js';
import { writeImage } from '../../node/image-io.js';
import { stylizeValidated, type StylizeEvent } from '../../node/stylize.js';
import type { DoneMessage, ProgressMessage, QualityWorkerJob } from '../jobs/protocol.js';
import { encodePreview } from './finish.js';

/**
 * Runs quality job `job` to its written result; `signal` cancels between iterations.
 *
 * @example
 * await runQualityJob(job, (message) => parentPort.postMessage(message), controller.signal);
 */
export async function runQualityJob(job: QualityWorkerJob, post: (message: ProgressMessage) => void, signal: AbortSignal): Promise<DoneMessage> {
  const startedMs = performance.now();
  let lastLoss: number | undefined;
  let previews = Promise.resolve();
  const onProgress = (event: StylizeEvent): void => {
    if (event.type === 'load') post({ type: 'load', weights: event.pretrained ? event.network : `${event.network} (${event.weights})`, pretrained: event.pretrained, width: event.width, height: event.height });
    if (event.type === 'iteration') {
      lastLoss = event.loss;
      post({ type: 'iteration', iteration: event.iteration, iterations: event.iterations, loss: event.loss, elapsedMs: event.elapsedMs });
    }
    if (event.type === 'done') lastLoss = event.loss;
    if (event.type === 'snapshot') {
      const { iteration } = event;
      const image: DecodedImage = { rgb: event.image, alpha: event.alpha };
      // One preview at a time; a slow encoder never holds up the optimization.
      previews = previews
        .then(async () => post({ type: 'preview', iteration, jpeg: await encodePreview(image) }))
        .catch(() => undefined);
    }
  };
  const result = await stylizeValidated(job.options, { onProgress, signal });
  await previews;
  await writeImage(job.outputPath, result);
  return { type: 'done', width: result.rgb.width, height: result.rgb.height, elapsedMs: performance.now() - startedMs, ...(lastLoss === undefined ? {} : { loss: lastLoss }) };
}
