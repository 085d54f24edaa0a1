/**
 * The quality (Gatys) engine as a job's worker runs it: `stylizeValidated` with progress turned into
 * worker messages, a JPEG preview every `saveEvery` iterations, the strength mix, and the result
 * written atomically.
 */
import { blendStrength } from '../../engine/fast/strength.js';
import { fitLongSide, type DecodedImage, type RgbImage } from '../../engine/image.js';
import { readImage, resizeImage, writeImage } from '../../node/image-io.js';
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
  const mix = contentMixer(job);
  let lastLoss: number | undefined;
  let previews = Promise.resolve();
  const onProgress = (event: StylizeEvent): void => {
    if (event.type === 'load') post({ type: 'load', weights: event.weights, pretrained: event.pretrained, width: event.width, height: event.height });
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
        .then(async () => post({ type: 'preview', iteration, jpeg: await encodePreview({ ...image, rgb: await mix(image.rgb) }) }))
        .catch(() => undefined);
    }
  };
  const result = await stylizeValidated(job.options, { onProgress, signal });
  await previews;
  const rgb = await mix(result.rgb);
  await writeImage(job.outputPath, { ...result, rgb });
  return { type: 'done', width: rgb.width, height: rgb.height, elapsedMs: performance.now() - startedMs, ...(lastLoss === undefined ? {} : { loss: lastLoss }) };
}

/** Mixes images of the output size with the content at `job.strength`; the content is decoded on first use. */
function contentMixer(job: QualityWorkerJob): (stylized: RgbImage) => Promise<RgbImage> {
  if (job.strength >= 1) return async (stylized) => stylized;
  let content: Promise<RgbImage> | undefined;
  return async (stylized) => {
    content ??= readImage(job.options.content, { maxPixels: job.options.maxPixels }).then(async (decoded) => {
      const size = fitLongSide(decoded.rgb.width, decoded.rgb.height, job.options.size);
      return (await resizeImage(decoded, size.width, size.height)).rgb;
    });
    return blendStrength(stylized, await content, job.strength);
  };
}
