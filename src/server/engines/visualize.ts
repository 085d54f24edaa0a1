/**
 * The unit visualizer as a job's worker runs it ("What the network sees"): loads the network's weights,
 * runs `visualizeFolder` over the run's image folder with one progress message per image, and draws
 * the labelled grid with `writePatchGrid` (written atomically), and, when the job asks, the per-unit
 * data as JSON next to it (`VisualizeUnitsFile`).
 */
import { basename } from 'node:path';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { writePatchGrid } from '../../node/patch-grid.js';
import { resolveNetworkWeights } from '../../node/resolve-weights.js';
import { networkEntryOf } from '../../options/network-choice.js';
import { visualizeFolder, type VisualizeResult } from '../../node/visualize.js';
import type { DoneMessage, ProgressMessage, VisualizeUnitsFile, VisualizeWorkerJob } from '../jobs/protocol.js';

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
  if (job.unitsPath !== undefined) await writeFileAtomic(job.unitsPath, new TextEncoder().encode(JSON.stringify(unitsFileOf(result))));
  return { type: 'done', width: grid.widthPx, height: grid.heightPx, elapsedMs: performance.now() - startedMs };
}

/**
 * The per-unit data of `result`, with each record's image named by its file name (the run's folder is flat).
 *
 * @example
 * unitsFileOf(result).units[0] // → { unit: 0, maxActivation: 3.2, records: [{ image: '0000.jpg', x: 4, y: 7, activation: 3.2, box }, …] }
 */
export function unitsFileOf(result: VisualizeResult): VisualizeUnitsFile {
  return {
    layer: result.layer,
    sizePx: result.sizePx,
    units: result.units.map((unit) => ({ unit: unit.unit, maxActivation: unit.records[0]?.activation ?? 0, records: unit.records.map((record) => ({ ...record, image: basename(record.image) })) })),
  };
}
