/**
 * The fast (preset) engine as a job's worker runs it: fetch the preset (from the cache, a mirror or
 * the network), decode and resize the content, one pass through the preset network, finish, write.
 *
 * `stylizeFastImage` is a small adapter over the engine's `buildFastStyleGraph`: one whole-image
 * graph per job. When the engine's own `stylizeFast` (tiled, for large images) lands in
 * `src/engine/fast/`, swap the call in `runFastJob` for it; the signature is the same.
 */
import { transferLuminance } from '../../engine/color.js';
import { PainterlyError } from '../../engine/errors.js';
import type { FastStyleCheckpoint } from '../../engine/fast/checkpoint.js';
import { buildFastStyleGraph } from '../../engine/fast/network-graph.js';
import { fitLongSide, type RgbImage } from '../../engine/image.js';
import type { GraphRuntime } from '../../engine/runtime.js';
import { readFastStyleCheckpoint } from '../../node/fast-checkpoint.js';
import { readImage, resizeImage, writeImage } from '../../node/image-io.js';
import { ensureModel } from '../../node/model-store/index.js';
import { createOrtRuntime } from '../../node/ort-runtime.js';
import type { DoneMessage, FastWorkerJob, ProgressMessage } from '../jobs/protocol.js';
import { mixWithContent } from './finish.js';

/** Hooks of a fast stylization (the same shape as the engine's). */
export interface FastHooks {
  readonly signal?: AbortSignal;
}

/**
 * Runs fast job `job` to its written result. Cancels between stages through `signal`.
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
  const stylized = await stylizeFastImage(createOrtRuntime({ threads: job.threads }), checkpoint, working.rgb, { signal });
  const coloured = job.originalColors ? transferLuminance(stylized, working.rgb) : stylized;
  const rgb = mixWithContent(coloured, working.rgb, job.strength);
  throwIfAborted(signal);
  await writeImage(job.outputPath, working.alpha ? { rgb, alpha: working.alpha } : { rgb });
  return { type: 'done', width, height, elapsedMs: performance.now() - startedMs };
}

/**
 * Stylizes `image` with a preset network in one pass; the session is released whatever happens.
 *
 * @example
 * const stylized = await stylizeFastImage(createOrtRuntime(), checkpoint, image, { signal });
 */
export async function stylizeFastImage(runtime: GraphRuntime, checkpoint: FastStyleCheckpoint, image: RgbImage, hooks: FastHooks = {}): Promise<RgbImage> {
  const graph = buildFastStyleGraph(checkpoint, { height: image.height, width: image.width });
  const session = await runtime.createSession(graph.model);
  try {
    throwIfAborted(hooks.signal);
    const outputs = await session.run({ [graph.inputName]: { data: image.data, dims: graph.dims } });
    return { width: image.width, height: image.height, data: outputs[graph.outputName].data };
  } finally {
    await session.release();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PainterlyError('ABORTED', 'The stylization was cancelled.');
}
