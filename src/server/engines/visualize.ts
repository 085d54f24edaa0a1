/**
 * The unit visualizer as a job's worker runs it ("What the network sees"): loads the network's weights,
 * runs `visualizeFolder` over the run's image folder with one progress message per image, and draws
 * the labelled grid with `writePatchGrid` (written atomically).
 */
import { writePatchGrid } from '../../node/patch-grid.js';
import { resolveNetworkWeights } from '../../node/resolve-weights.js';
import { networkEntryOf } from '../../options/network-choice.js';
import { visualizeFolder } from '../../node/visualize.js';
import type { DoneMessage, ProgressMessage, VisualizeWorkerJob } from '../jobs/protocol.js';

/**
 * Runs visualize job `job` to its written grid; `signal` cancels between images.
 *
 * @example
 * await runVisualizeJob(job, (message) => parentPort.postMessage(message), controller.signal);
 */
export async function runVisualizeJob(job: VisualizeWorkerJob, post: (message: ProgressMessage) => void, signal: AbortSignal): Promise<DoneMessage> {
  const startedMs = performance.now();
  const choice = job.network;
  const weights = await resolveNetworkWeights(choice, job.layer);
  const result = await visualizeFolder(
    { images: job.images, layer: job.layer, units: job.units, topUnits: job.topUnits, sizePx: job.sizePx, weights, pooling: networkEntryOf(choice).defaults.pooling, threads: job.threads, device: job.device },
    {
      signal,
      onProgress: (event) => {
        if (event.type === 'start') post({ type: 'load', weights: event.weights, pretrained: event.pretrained, network: event.network, width: event.sizePx, height: event.sizePx });
        if (event.type === 'image') post({ type: 'image', index: event.index, images: event.images, elapsedMs: event.elapsedMs });
      },
    },
  );
  if (signal.aborted) throw new Error('cancelled');
  const grid = await writePatchGrid(job.outputPath, result);
  return { type: 'done', width: grid.widthPx, height: grid.heightPx, elapsedMs: performance.now() - startedMs };
}
