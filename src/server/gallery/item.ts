/**
 * One gallery item: a job and, once it finished, its result. Stored as `settings.json` next to
 * `result.png` in the item's own folder; `itemSchema` checks what is read back from disk.
 */
import { z } from 'zod';
import type { JobSettings } from '../jobs/job-request.js';

/** Where a job is. `interrupted`: the server stopped while the job was queued or running. */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a job never leaves. */
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** The file name of a finished item's image. */
export const RESULT_FILE = 'result.png';
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
  result: z.object({ width: z.number().int(), height: z.number().int() }).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  elapsedMs: z.number().optional(),
  loss: z.number().optional(),
});

/**
 * A gallery item.
 *
 * @example
 * { id, mode: 'fast', status: 'done', settings: { mode: 'fast', preset: 'udnie', … }, result: { width: 512, height: 384 } }
 */
export type GalleryItem = z.output<typeof itemSchema>;
