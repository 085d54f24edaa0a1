/**
 * One gallery item: a job and, once it finished, its result. Stored as `settings.json` next to
 * `result.png` in the item's own folder; `itemSchema` checks what is read back from disk.
 */
import { z } from 'zod';
import type { JobSettings, JobStatus, JobSources } from '../api-types.js';

/** Where a job is. `interrupted`: the server stopped while the quality job ran (it resumes from its checkpoint), or its job could not be queued again. */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const satisfies readonly JobStatus[];
export type { JobStatus };

/** Statuses a job never leaves. */
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** The file name of a finished item's image. */
export const RESULT_FILE = 'result.png';
/** The file name of an item's cached card image (made on first request). */
export const THUMBNAIL_FILE = 'thumbnail.jpg';
/** The file name of an item's job as it crosses to the worker (validated options and paths), kept to re-queue or resume it. */
export const JOB_FILE = 'job.json';
/** The file name of an item's record. */
export const SETTINGS_FILE = 'settings.json';

/** What `settings.json` holds. */
export const itemSchema = z.object({
  id: z.string(),
  mode: z.enum(['fast', 'quality']),
  status: z.enum(JOB_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The job's settings, enough to reopen and re-run it. */
  settings: z.custom<JobSettings>((value) => value !== null && typeof value === 'object' && !Array.isArray(value)),
  /** The network weights the job used, e.g. `{ name: 'random', pretrained: false }` or the preset. */
  weights: z.object({ name: z.string(), pretrained: z.boolean() }).optional(),
  /** `painted`: a stop-and-keep result from an earlier, smaller scale was painted at this size (the file is enlarged). */
  result: z.object({ width: z.number().int(), height: z.number().int(), painted: z.object({ width: z.number().int(), height: z.number().int() }).optional() }).optional(),
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).optional(),
  /**
   * How long the job ran in all, ms (`RunClock`): across the runs a resumed quality job continues,
   * without the time the server was down. Of a running job, as last written (every few seconds).
   */
  elapsedMs: z.number().optional(),
  loss: z.number().optional(),
  /** Share-ready name and what the job is made from (absent on items of older versions: derived from the settings). */
  title: z.string().optional(),
  sources: z.custom<JobSources>((value) => value !== null && typeof value === 'object').optional(),
  /** Order of submission: waiting jobs are queued again in this order after a restart. */
  seq: z.number().int().optional(),
  /** When the job's latest run started (a resume starts a run). */
  startedAt: z.string().optional(),
  /** A "stop and keep" result. */
  unfinished: z.boolean().optional(),
  /** Interrupted by a stop of the server: resumed from its checkpoint when the server starts again. */
  resumeOnStart: z.boolean().optional(),
});

/**
 * A gallery item.
 *
 * @example
 * { id, mode: 'fast', status: 'done', settings: { mode: 'fast', preset: 'udnie', … }, result: { width: 512, height: 384 } }
 */
export type GalleryItem = z.output<typeof itemSchema>;
