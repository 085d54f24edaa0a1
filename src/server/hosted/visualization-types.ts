/**
 * Visualize runs of a hosted deployment (types only): their row in `visualizations`, the images a run
 * reads, and the per-unit data a finished run keeps (`GET /api/visualize/:id/units`).
 */
import type { VisualizationView, WeightsChoice } from '../api-types.js';
import type { VisualizeUnitsFile, VisualizeWorkerJob } from '../jobs/protocol.js';
import type { VisualizeSource } from '../visualize/visualize-request.js';

/** One image a run reads: a finished painting's result or an upload, its object key, and its file name in the run's folder. */
export interface VisualizationImage {
  readonly kind: 'result' | 'upload';
  /** The job id (a result) or upload id. */
  readonly id: string;
  readonly key: string;
  /** `0000.png`, `0001.jpeg`, …: newest first. */
  readonly file: string;
}

/** What the request asked for, as the view shows it. */
export interface VisualizationRequestColumn {
  readonly layer: string;
  /** The units as written (`0-7`). */
  readonly units?: string;
  readonly topUnits?: number;
  readonly source: VisualizeSource;
  readonly size: number;
  readonly weights: WeightsChoice;
}

/** A row of `visualizations`. */
export interface VisualizationRow {
  id: string;
  user_id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  request: VisualizationRequestColumn;
  /** The worker job without its folder paths (each worker fills in its own). */
  worker_job: Omit<VisualizeWorkerJob, 'images' | 'outputPath'>;
  images: VisualizationImage[];
  /** What the worker loaded: `name`, `pretrained`, `network`. */
  weights: Omit<VisualizationView['weights'], 'requested'> | null;
  progress: VisualizationView['progress'] | null;
  worker: string | null;
  runs: number;
  cancel_requested: boolean;
  result: { width: number; height: number } | null;
  error: { code: string; message: string } | null;
  elapsed_ms: number | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * The per-unit data of a finished run: per unit its nine strongest records, strongest first
 * (`painterly visualize --json`'s), each naming its image by kind and id.
 */
export interface HostedVisualizationUnits {
  readonly layer: string;
  readonly sizePx: number;
  readonly units: readonly {
    readonly unit: number;
    readonly maxActivation: number;
    readonly records: readonly (Omit<VisualizeUnitsFile['units'][number]['records'][number], 'image'> & { readonly image: { readonly kind: 'result' | 'upload'; readonly id: string } })[];
  }[];
}
