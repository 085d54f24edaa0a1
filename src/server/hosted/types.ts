/**
 * The JSON a hosted deployment's API sends about jobs (types only). Progress is the same typed
 * `ProgressMessage` a job's worker process sends in the local studio (`jobs/protocol.ts`), forwarded
 * as is (a preview's JPEG is stored instead and served at `/api/jobs/:id/preview`).
 */
import type { JobSettings } from '../api-types.js';
import type { ProgressMessage } from '../jobs/protocol.js';

/** Where a hosted job is. */
export type HostedJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The latest progress message of a running job; a preview is announced by its iteration only. */
export type HostedProgress = Exclude<ProgressMessage, { type: 'preview' }> | { readonly type: 'preview'; readonly iteration: number };

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
  /** The latest progress message (while it runs). */
  readonly progress?: HostedProgress;
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
