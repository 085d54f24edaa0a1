/**
 * "What the network sees" runs of a hosted deployment, as the API node handles them: the request
 * validated with the studio's own `resolveVisualizeRequest` (same schema, same messages), the images it
 * names (the caller's finished results, uploads, or both) listed from the database, the run held to
 * the caller's hourly quota (shared with paintings), written to `visualizations` and queued on the
 * `visualize` queue. Every read and change is by (id, owner): another user's id is a 404.
 */
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { chooseNetwork } from '../../options/network-choice.js';
import type { DeviceName } from '../../options/device.js';
import type { VisualizationView } from '../api-types.js';
import { HttpError, notFound } from '../http-errors.js';
import { isId, newId } from '../ids.js';
import type { VisualizeWorkerJob } from '../jobs/protocol.js';
import { MAX_VISUALIZE_IMAGES } from '../routes/visualize.js';
import { resolveVisualizeRequest } from '../visualize/resolve-visualize-request.js';
import type { VisualizeSource } from '../visualize/visualize-request.js';
import { resultKey, uploadKey, visualizationGridKey, visualizationUnitsKey } from './object-keys.js';
import { VISUALIZE_JOB_OPTIONS, type VisualizeQueueData } from './queues.js';
import { checkHourlyQuota } from './quota.js';
import type { ObjectStorage } from './storage.js';
import type { HostedVisualizationUnits, VisualizationImage, VisualizationRequestColumn, VisualizationRow } from './visualization-types.js';

/** What the API node's visualize runs need. */
export interface HostedVisualizationsDeps {
  readonly database: pg.Pool;
  readonly storage: ObjectStorage;
  readonly queue: Queue<VisualizeQueueData>;
  /** The node's `--weights` (what `default` means), `--threads` and `--device`. */
  readonly options: { readonly weights: string; readonly threads?: number; readonly device?: DeviceName };
  /** Jobs a user may start per hour (a user's own `jobs_per_hour` overrides it); paintings count too. */
  readonly jobsPerHour: number;
}

/**
 * The API node's visualize runs.
 *
 * @example
 * const view = await visualizations.submit(caller.userId, { layer: 'conv2', units: '0-3', weights: 'darknet-tiny', images: 'photos', size: 64 });
 */
export class HostedVisualizations {
  constructor(private readonly deps: HostedVisualizationsDeps) {}

  /** Validates (400), checks the weights (409) and images (409), the quota (429 with Retry-After), stores and queues run `body` of `userId`. */
  async submit(userId: string, body: unknown): Promise<VisualizationView> {
    const { database, queue, options } = this.deps;
    const request = await resolveVisualizeRequest(
      body,
      options.weights,
      'The pretrained VGG19 weights are not downloaded on this deployment. An operator runs `painterly models download vgg19` (80 MB, once) on its machines; meanwhile choose darknet-tiny, or the random weights (untrained: they show what a random network responds to).',
    );
    const weights = request.effectiveWeights;
    const images = await this.imagesOf(userId, request.images);
    if (images.length === 0) throw new HttpError(409, 'CONFLICT', emptyMessage(request.images), 'images');
    const id = newId();
    const workerJob: Omit<VisualizeWorkerJob, 'images' | 'outputPath'> = {
      kind: 'visualize',
      layer: request.layer,
      ...(request.units === undefined ? {} : { units: request.units }),
      ...(request.topUnits === undefined ? {} : { topUnits: request.topUnits }),
      sizePx: request.size,
      network: chooseNetwork(undefined, weights),
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.device === undefined ? {} : { device: options.device }),
    };
    const requestColumn: VisualizationRequestColumn = {
      layer: request.layer,
      ...(request.unitsText === undefined ? {} : { units: request.unitsText }),
      ...(request.topUnits === undefined ? {} : { topUnits: request.topUnits }),
      source: request.images,
      size: request.size,
      weights: request.weights,
    };
    const client = await database.connect();
    try {
      await client.query('BEGIN');
      await checkHourlyQuota(client, userId, this.deps.jobsPerHour);
      await client.query('INSERT INTO visualizations (id, user_id, status, request, worker_job, images) VALUES ($1, $2, $3, $4, $5, $6)', [id, userId, 'queued', JSON.stringify(requestColumn), JSON.stringify(workerJob), JSON.stringify(images)]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    try {
      await queue.add('visualize', { visualizationId: id }, { ...VISUALIZE_JOB_OPTIONS, jobId: id });
    } catch (error) {
      // Not queued (Redis away): no run either, so nothing waits forever and the quota is not spent.
      await database.query('DELETE FROM visualizations WHERE id = $1', [id]).catch(() => undefined);
      throw error;
    }
    return this.view(userId, id);
  }

  /** Run `id` of `userId`; 404 when they have no such run. */
  async view(userId: string, id: string): Promise<VisualizationView> {
    return visualizationViewOf(await this.row(userId, id));
  }

  /** The runs of `userId`, newest first (at most 200). */
  async list(userId: string): Promise<VisualizationView[]> {
    const { rows } = await this.deps.database.query<VisualizationRow>('SELECT * FROM visualizations WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200', [userId]);
    return rows.map(visualizationViewOf);
  }

  /** Stops run `id`: a waiting run leaves its queue at once, a running one stops at its worker's next image. 409 when it already ended. */
  async cancel(userId: string, id: string): Promise<VisualizationView> {
    const row = await this.row(userId, id);
    if (row.status !== 'queued' && row.status !== 'running') throw new HttpError(409, 'CONFLICT', `This visualization already ended (${row.status}); there is nothing to cancel.`);
    await this.deps.database.query('UPDATE visualizations SET cancel_requested = true WHERE id = $1', [id]);
    // A waiting run is removed here; an active (locked) one refuses removal and its worker stops it.
    const removed = await this.deps.queue.remove(id).catch(() => 0);
    if (removed) await this.deps.database.query(`UPDATE visualizations SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status = 'queued'`, [id]);
    return this.view(userId, id);
  }

  /** The grid PNG of run `id`; 409 until it is done. */
  async grid(userId: string, id: string): Promise<Uint8Array> {
    return this.stored(userId, id, visualizationGridKey(id));
  }

  /** The per-unit data of run `id`; 409 until it is done. */
  async units(userId: string, id: string): Promise<HostedVisualizationUnits> {
    const bytes = await this.stored(userId, id, visualizationUnitsKey(id));
    return JSON.parse(new TextDecoder().decode(bytes)) as HostedVisualizationUnits;
  }

  private async stored(userId: string, id: string, key: string): Promise<Uint8Array> {
    const row = await this.row(userId, id);
    if (row.status !== 'done') throw new HttpError(409, 'CONFLICT', `This visualization has no grid: it is ${row.status}.`);
    const bytes = await this.deps.storage.get(key);
    if (!bytes) throw new HttpError(404, 'NOT_FOUND', 'This visualization’s result is missing from storage (deleted?). Run it again.');
    return bytes;
  }

  private async row(userId: string, id: string): Promise<VisualizationRow> {
    if (!isId(id)) throw notFound('visualization', id);
    const { rows } = await this.deps.database.query<VisualizationRow>('SELECT * FROM visualizations WHERE id = $1 AND user_id = $2', [id, userId]);
    if (!rows[0]) throw notFound('visualization', id);
    return rows[0];
  }

  /**
   * The images `source` names, newest first, at most `MAX_VISUALIZE_IMAGES`: the caller's finished
   * results (`results`), their uploads (`photos`), or both, each with the object key it is read from.
   */
  private async imagesOf(userId: string, source: VisualizeSource): Promise<VisualizationImage[]> {
    const parts: string[] = [];
    if (source !== 'photos') parts.push(`SELECT 'result' AS kind, job_id::text AS id, 'png' AS format, created_at FROM gallery_items WHERE user_id = $1`);
    if (source !== 'results') parts.push(`SELECT 'upload' AS kind, id::text AS id, info->>'format' AS format, created_at FROM uploads WHERE user_id = $1`);
    const { rows } = await this.deps.database.query<{ kind: 'result' | 'upload'; id: string; format: string }>(`${parts.join(' UNION ALL ')} ORDER BY created_at DESC, id LIMIT $2`, [userId, MAX_VISUALIZE_IMAGES]);
    return rows.map((row, index) => ({
      kind: row.kind,
      id: row.id,
      key: row.kind === 'result' ? resultKey(row.id) : uploadKey(row.id),
      file: `${String(index).padStart(4, '0')}.${row.format.toLowerCase()}`,
    }));
  }
}

function emptyMessage(source: VisualizeSource): string {
  if (source === 'photos') return 'No photos to look at yet: upload one first (POST /api/uploads).';
  if (source === 'results') return 'No finished paintings to look at yet: paint something first, or look at your uploaded photos (images: photos).';
  return 'No images to look at yet: upload a photo (POST /api/uploads) or paint something first.';
}

/**
 * The owner's view of a row: the local studio's `VisualizationView`, field for field.
 *
 * @example
 * visualizationViewOf(row) // → { id, status: 'done', layer: 'conv2', units: '0-3', source: 'photos', size: 64, images: 3, weights: { requested: 'darknet-tiny', … }, result: { width, height, imageUrl } }
 */
export function visualizationViewOf(row: VisualizationRow): VisualizationView {
  const { request } = row;
  return {
    id: row.id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    layer: request.layer,
    ...(request.units === undefined ? {} : { units: request.units }),
    ...(request.topUnits === undefined ? {} : { topUnits: request.topUnits }),
    source: request.source,
    size: request.size,
    images: row.images.length,
    weights: { requested: request.weights, ...(row.weights ?? {}) },
    ...(row.progress && row.status === 'running' ? { progress: row.progress } : {}),
    ...(row.result ? { result: { ...row.result, imageUrl: `/api/visualize/${row.id}/image` } } : {}),
    ...(row.elapsed_ms === null ? {} : { elapsedMs: row.elapsed_ms }),
    ...(row.error ? { error: row.error } : {}),
  };
}
