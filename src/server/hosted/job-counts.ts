/**
 * The caller's jobs at work, counted as the studio's status line shows them (`QueueCounts`):
 * running and waiting, per lane. A hosted deployment runs no "What the network sees" jobs.
 */
import type { QueueCounts } from '../api-types.js';
import type { HostedJobView } from './types.js';

/**
 * The counts of `jobs`.
 *
 * @example
 * jobCounts([{ mode: 'fast', status: 'running', … }]) // → { fast: { running: 1, waiting: 0 }, quality: { running: 0, waiting: 0 }, visualize: { running: 0, waiting: 0 } }
 */
export function jobCounts(jobs: readonly Pick<HostedJobView, 'mode' | 'status'>[]): QueueCounts {
  const count = (mode: HostedJobView['mode']) => ({
    running: jobs.filter((job) => job.mode === mode && job.status === 'running').length,
    waiting: jobs.filter((job) => job.mode === mode && job.status === 'queued').length,
  });
  return { fast: count('fast'), quality: count('quality'), visualize: { running: 0, waiting: 0 } };
}
