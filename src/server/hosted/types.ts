/**
 * The JSON a hosted deployment's API sends about jobs (types only). Progress is the same typed
 * `ProgressMessage` a job's worker process sends in the local studio (`jobs/protocol.ts`), forwarded
 * as is (a preview's JPEG is stored instead and served at `/api/jobs/:id/preview`).
 */
import type { JobProgress, JobSettings, JobSources, JobStage } from '../api-types.js';
import type { ProgressMessage } from '../jobs/protocol.js';

/** Where a hosted job is. */
export type HostedJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The latest progress message of a running job; a preview is announced by its iteration only. */
export type HostedProgress = Exclude<ProgressMessage, { type: 'preview' }> | { readonly type: 'preview'; readonly iteration: number };

/**
 * A hosted job's progress as its view shows it: the latest message, and, once steps are counted
 * (an iteration, a tile, a preview of a quality job), the studio's `JobProgress` fields beside it.
 */
export type HostedViewProgress = HostedProgress & Partial<JobProgress>;

/** A hosted job as its owner sees it. */
export interface HostedJobView {
  readonly id: string;
  readonly mode: 'fast' | 'quality';
  readonly status: HostedJobStatus;
  readonly title: string;
  readonly settings: JobSettings;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** The latest progress message (while it runs), with the studio's `unit`/`iteration`/`iterations` once steps are counted. */
  readonly progress?: HostedViewProgress;
  /** The worker (host:pid) running it, or that ran it last. */
  readonly worker?: string;
  /** How many times a worker started it (more than 1: it was recovered from a dead worker). */
  readonly runs: number;
  /** The iteration of its latest checkpoint in object storage (quality jobs). */
  readonly checkpointIteration?: number;
  /** The iteration the latest run resumed from (a recovered quality job). */
  readonly resumedFromIteration?: number;
  readonly result?: { readonly width: number; readonly height: number; readonly url: string };
  readonly error?: { readonly code: string; readonly message: string };
  // What the studio page reads besides (the studio's `JobView`, `studio-view.ts`):
  readonly updatedAt: string;
  readonly sources: JobSources;
  readonly stage?: JobStage;
  /** How long its runs took (while it runs: so far). */
  readonly elapsedMs?: number;
  readonly preview?: { readonly iteration: number; readonly url: string };
  /** The result PNG and its card image (a JPEG, long side 480 px), once done. */
  readonly imageUrl?: string;
  readonly thumbnailUrl?: string;
}

/** A row of `jobs`. */
export interface JobRow {
  id: string;
  user_id: string;
  mode: 'fast' | 'quality';
  lane: 'fast' | 'quality';
  status: HostedJobView['status'];
  title: string;
  settings: HostedJobView['settings'];
  progress: HostedJobView['progress'] | null;
  worker: string | null;
  runs: number;
  checkpoint_iteration: number | null;
  resumed_from_iteration: number | null;
  result: { width: number; height: number } | null;
  error: { code: string; message: string } | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}
