/**
 * One visualize run on a hosted worker, in a folder of its own: the images it names downloaded from
 * object storage, the run made by the studio's job runner (`runInWorker`: one child process, the same
 * `runVisualizeJob` engine as the local studio), its progress and loaded weights written to its row,
 * a cancel request (a flag in the row) obeyed, and the grid and per-unit data stored under the run's
 * keys. A run whose owner deleted their data meanwhile leaves nothing behind.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VisualizationView } from '../api-types.js';
import type { NetworkChoice } from '../../options/network-choice.js';
import type { FinalMessage, ProgressMessage, VisualizeUnitsFile, VisualizeWorkerJob } from '../jobs/protocol.js';
import { runInWorker } from '../jobs/worker-host.js';
import { visualizationGridKey, visualizationUnitsKey } from './object-keys.js';
import type { HostedVisualizationUnits, VisualizationImage, VisualizationRow } from './visualization-types.js';
import type { RunContext } from './worker-context.js';

/** How often a running visualization's worker looks for a cancel request. */
const CANCEL_POLL_MS = 300;

const GRID_FILE = 'grid.png';
const UNITS_FILE = 'units.json';

/**
 * Runs visualize run `id` (a `visualize` queue job) to its end, in a temporary folder; a storage or
 * database failure fails the run with a message. A draining node lets a started run finish (runs are short).
 *
 * @example
 * new Worker(QUEUE_NAMES.visualize, (job) => runVisualizeQueueJob(job.data.visualizationId, context), { connection, ...WORKER_LOCKS });
 */
export async function runVisualizeQueueJob(id: string, context: RunContext): Promise<void> {
  const { database } = context;
  const { rows } = await database.query<VisualizationRow>('SELECT * FROM visualizations WHERE id = $1', [id]);
  const row = rows[0];
  // Deleted, or already ended (a finished run is never made twice).
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
  if (row.cancel_requested) return finishVisualization(context, row, { type: 'cancelled' });
  const dir = await mkdtemp(join(tmpdir(), 'painterly-visualize-'));
  try {
    await runVisualization(row, dir, context);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    context.log(`visualization ${row.id}: ${detail}`);
    await finishVisualization(context, row, { type: 'failed', code: 'ENGINE_FAILED', message: `The visualization could not be run or stored (${detail}). Try again later.` }).catch(() => undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs visualization `row` in `dir` to its end and stores the outcome (done, failed or cancelled) in
 * its row; the grid and per-unit data go to object storage first.
 *
 * @example
 * await runVisualization(row, await mkdtemp(join(tmpdir(), 'painterly-visualize-')), context);
 */
export async function runVisualization(row: VisualizationRow, dir: string, context: RunContext): Promise<void> {
  const { database, storage } = context;
  const images = join(dir, 'images');
  await mkdir(images, { recursive: true });
  for (const image of row.images) {
    // An image deleted since the run was queued (its upload or painting) is left out; the engine fails the run if none is left.
    const bytes = await storage.get(image.key);
    if (bytes) await writeFile(join(images, image.file), bytes);
  }
  const threads = context.threads ?? row.worker_job.threads;
  const job: VisualizeWorkerJob = { ...row.worker_job, images, outputPath: join(dir, GRID_FILE), unitsPath: join(dir, UNITS_FILE), ...(threads === undefined ? {} : { threads }) };
  await database.query(`UPDATE visualizations SET status = 'running', worker = $2, runs = runs + 1, started_at = coalesce(started_at, now()), progress = NULL WHERE id = $1`, [row.id, context.name]);
  const startedMs = performance.now();
  const onProgress = (message: ProgressMessage): void => {
    if (message.type === 'load') {
      const weights: Omit<VisualizationView['weights'], 'requested'> = { name: shownWeightsName(message.weights, row.worker_job.network), pretrained: message.pretrained, ...(message.network ? { network: message.network } : {}) };
      void database.query('UPDATE visualizations SET weights = $2 WHERE id = $1', [row.id, JSON.stringify(weights)]).catch(() => undefined);
    } else if (message.type === 'image') {
      const progress: VisualizationView['progress'] = { image: message.index, images: message.images, elapsedMs: Math.round(performance.now() - startedMs) };
      void database.query(`UPDATE visualizations SET progress = $2 WHERE id = $1 AND status = 'running'`, [row.id, JSON.stringify(progress)]).catch(() => undefined);
    }
  };
  const run = runInWorker(job, onProgress);
  const cancelPoll = setInterval(() => {
    void database
      .query<{ cancel_requested: boolean }>('SELECT cancel_requested FROM visualizations WHERE id = $1', [row.id])
      .then(({ rows }) => {
        // No row: the owner deleted their data; a set flag: they cancelled.
        if (rows[0]?.cancel_requested !== false) run.cancel();
      })
      .catch(() => undefined);
  }, CANCEL_POLL_MS);
  let final: FinalMessage;
  try {
    final = await run.finished;
  } finally {
    clearInterval(cancelPoll);
  }
  await finishVisualization(context, row, final, dir);
}

/** Stores the outcome of run `row`: the grid and unit data (when done), then its row's final status (only while it is still active). */
export async function finishVisualization(context: RunContext, row: VisualizationRow, final: FinalMessage, dir?: string): Promise<void> {
  const { database, storage } = context;
  let status: 'done' | 'failed' | 'cancelled';
  let result: { width: number; height: number } | undefined;
  let error: { code: string; message: string } | undefined;
  let elapsedMs: number | undefined;
  if (final.type === 'done' && dir) {
    const units = JSON.parse(await readFile(join(dir, UNITS_FILE), 'utf8')) as VisualizeUnitsFile;
    await storage.put(visualizationGridKey(row.id), await readFile(join(dir, GRID_FILE)), 'image/png');
    await storage.put(visualizationUnitsKey(row.id), new TextEncoder().encode(JSON.stringify(hostedUnits(units, row.images))), 'application/json');
    result = { width: final.width, height: final.height };
    elapsedMs = Math.round(final.elapsedMs);
    status = 'done';
  } else if (final.type === 'failed') {
    status = 'failed';
    error = { code: final.code, message: final.message };
  } else {
    status = 'cancelled';
  }
  const { rowCount } = await database.query(
    `UPDATE visualizations SET status = $2, result = $3, error = $4, elapsed_ms = $5, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
    [row.id, status, result ? JSON.stringify(result) : null, error ? JSON.stringify(error) : null, elapsedMs ?? null],
  );
  if (rowCount) return;
  // The owner deleted their data meanwhile: delete what this run stored too.
  const { rows } = await database.query('SELECT 1 FROM visualizations WHERE id = $1', [row.id]);
  if (rows.length === 0) for (const key of [visualizationGridKey(row.id), visualizationUnitsKey(row.id)]) await storage.delete(key).catch(() => undefined);
}

/**
 * The per-unit data as the API answers it: each record's image file named by its kind and id.
 *
 * @example
 * hostedUnits({ layer, sizePx, units: [{ unit: 0, maxActivation: 2, records: [{ image: '0000.jpeg', … }] }] }, images)
 * // → { layer, sizePx, units: [{ unit: 0, maxActivation: 2, records: [{ image: { kind: 'upload', id: '…' }, … }] }] }
 */
export function hostedUnits(file: VisualizeUnitsFile, images: readonly VisualizationImage[]): HostedVisualizationUnits {
  const byFile = new Map(images.map((image) => [image.file, { kind: image.kind, id: image.id }]));
  return {
    layer: file.layer,
    sizePx: file.sizePx,
    units: file.units.map((unit) => ({
      unit: unit.unit,
      maxActivation: unit.maxActivation,
      records: unit.records.map((record) => {
        const image = byFile.get(record.image);
        if (!image) throw new Error(`the engine named an image this run did not download (${record.image})`);
        return { ...record, image };
      }),
    })),
  };
}

/**
 * The loaded weights' name as the run's owner sees it: the engine's, except that a store network
 * read from the worker's model cache (a file path on that machine) is named by its id.
 *
 * @example
 * shownWeightsName('tfjs:/home/w/.painterly/models/darknet/tiny/model.json', { kind: 'store', family: 'darknet-tiny' }) // → 'darknet-tiny'
 * shownWeightsName('random:0', { kind: 'random', family: 'vgg19', seed: 0 }) // → 'random:0'
 */
export function shownWeightsName(name: string, choice: NetworkChoice): string {
  return choice.kind === 'store' && /[\\/]/.test(name) ? choice.family : name;
}
