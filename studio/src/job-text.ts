/**
 * How a job is named and described in the page: after what it was made from (the server's
 * `title`, "golden-gate × starry-night"), with the settings in words.
 */
import { formatDuration, presetTitle } from './dom';
import type { JobView } from './types';

/**
 * A job's name: the server's share-ready title, or (from a server without titles) its settings.
 *
 * @example
 * workTitle(job) // → 'golden-gate × starry-night'
 */
export function workTitle(job: JobView): string {
  if (job.title) return job.title;
  const settings = job.settings;
  if (settings.mode === 'fast') return `Fast · ${presetTitle(settings.preset)}`;
  return `Quality · ${settings.styles.length} style${settings.styles.length === 1 ? '' : 's'} · ${settings.iterations} iterations`;
}

/**
 * The mode and its main setting, in a few words.
 *
 * @example
 * modeText(job) // → 'Fast · Wave' or 'Quality · 500 iterations'
 */
export function modeText(job: JobView): string {
  const settings = job.settings;
  return settings.mode === 'fast' ? `Fast · ${presetTitle(settings.preset)}` : `Quality · ${settings.iterations} iterations`;
}

/** Which weights a job uses, in words. */
export function weightsText(weights: { name: string; pretrained: boolean }): string {
  if (weights.name.startsWith('preset ')) return `Weights: pretrained preset ${presetTitle(weights.name.slice(7))}`;
  return weights.pretrained ? `Weights: ${weights.name} (pretrained)` : `Weights: ${weights.name} — untrained, lower quality`;
}

/**
 * A result's size in words, with `unit` after each size: a stop-and-keep result from an earlier,
 * smaller scale says the size it was painted at, and that its file is enlarged.
 *
 * @example
 * sizeText({ width: 320, height: 213 }) // → '320×213'
 * sizeText({ width: 320, height: 213, painted: { width: 128, height: 85 } }, ' px') // → 'painted at 128×85 px, enlarged to 320×213 px'
 */
export function sizeText(result: NonNullable<JobView['result']>, unit = ''): string {
  const size = `${result.width}×${result.height}${unit}`;
  return result.painted ? `painted at ${result.painted.width}×${result.painted.height}${unit}, enlarged to ${size}` : size;
}

/** A finished item's size, time and date, joined by " · ". */
export function detailsText(job: JobView): string {
  return [
    job.result ? sizeText(job.result) : '',
    job.elapsedMs !== undefined ? formatDuration(job.elapsedMs) : '',
    new Date(job.createdAt).toLocaleString(),
  ].filter(Boolean).join(' · ');
}

/** One status word per job status, for announcements. */
export const STATUS_WORDS: Readonly<Record<string, string>> = {
  queued: 'waiting in the queue',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};
