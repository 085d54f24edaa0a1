/**
 * The quality (Gatys) engine as a job's worker runs it: `stylize` (which applies strength and
 * original colours to the result and to every snapshot) with progress turned into worker messages, a
 * JPEG preview every `saveEvery` iterations, its resumable checkpoint kept in the job's folder until
 * the result is written atomically. Stopped with `keep`, the latest snapshot becomes an unfinished result
 * (enlarged to the output size; when it was painted at an earlier, smaller scale, that size is reported too).
 */
import { writeWorkerNotice } from './notice.js';
import type { DecodedImage } from '../../engine/image.js';
import { segmentsOfSchedule } from '../../engine/progress/remaining-time.js';
import { removeCheckpoint } from '../../node/checkpoint-file.js';
import { writeImage } from '../../node/image-io.js';
import { stylize, type StylizeEvent } from '../../node/stylize.js';
import type { DoneMessage, ProgressMessage, QualityWorkerJob } from '../jobs/protocol.js';
import { encodePreview } from './finish.js';

/**
 * Runs quality job `job` to its written result; `signal` cancels between iterations (the engine then
 * writes its checkpoint). When `keep()` says so at that moment, the latest snapshot is written instead
 * and the job ends `done`, `unfinished`.
 *
 * @example
 * await runQualityJob(job, (message) => parentPort.postMessage(message), controller.signal, () => keepRequested);
 */
export async function runQualityJob(job: QualityWorkerJob, post: (message: ProgressMessage) => void, signal: AbortSignal, keep: () => boolean = () => false): Promise<DoneMessage> {
  const startedMs = performance.now();
  let lastLoss: number | undefined;
  let latest: DecodedImage | undefined;
  /** The scale being painted, and the one the latest snapshot was painted at. */
  let scale: { width: number; height: number } | undefined;
  let latestScale: { width: number; height: number } | undefined;
  let previews = Promise.resolve();
  const onProgress = (event: StylizeEvent): void => {
    if (event.type === 'load') {
      const weights = event.pretrained ? event.network : `${event.network} (${event.weights})`;
      post({ type: 'load', weights, pretrained: event.pretrained, width: event.width, height: event.height, segments: segmentsOfSchedule(event.schedule) });
    }
    if (event.type === 'iteration') {
      lastLoss = event.loss;
      post({ type: 'iteration', iteration: event.iteration, iterations: event.iterations, loss: event.loss, elapsedMs: event.elapsedMs });
    }
    if (event.type === 'done') lastLoss = event.loss;
    if (event.type === 'scale') scale = { width: event.width, height: event.height };
    if (event.type === 'snapshot') {
      const { iteration } = event;
      const image: DecodedImage = { rgb: event.image, alpha: event.alpha };
      latest = image;
      latestScale = scale;
      // One preview at a time; a slow encoder never holds up the optimization.
      previews = previews
        .then(async () => post({ type: 'preview', iteration, jpeg: await encodePreview(image) }))
        .catch(() => undefined);
    }
  };
  let result: DecodedImage;
  try {
    result = await stylize(job.options, { onProgress, signal, onNotice: writeWorkerNotice });
  } catch (error) {
    if (!signal.aborted || !keep() || !latest) throw error;
    await previews;
    await writeImage(job.outputPath, latest);
    if (job.options.checkpoint) await removeCheckpoint(job.options.checkpoint);
    const { width, height } = latest.rgb;
    const painted = latestScale && latestScale.width * latestScale.height < width * height ? { painted: latestScale } : {};
    return { type: 'done', width, height, elapsedMs: performance.now() - startedMs, unfinished: true, ...painted, ...(lastLoss === undefined ? {} : { loss: lastLoss }) };
  }
  await previews;
  await writeImage(job.outputPath, result);
  if (job.options.checkpoint) await removeCheckpoint(job.options.checkpoint);
  return { type: 'done', width: result.rgb.width, height: result.rgb.height, elapsedMs: performance.now() - startedMs, ...(lastLoss === undefined ? {} : { loss: lastLoss }) };
}
