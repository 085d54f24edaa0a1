/**
 * Whether an interrupted quality job can continue: its worker job (`job.json`) and its checkpoint are
 * there, whole (checksum, header) and belong to this very run (same options and images).
 */
import fs from 'node:fs/promises';
import { isPainterlyError } from '../../engine/errors.js';
import { readCheckpoint, runFingerprint } from '../../node/checkpoint-file.js';
import { HttpError } from '../http-errors.js';
import type { QualityWorkerJob, WorkerJob } from './protocol.js';

/** The advice every refusal ends with: the page offers "start over" (reopen). */
const START_OVER = 'Start over instead: reopen the job and run it again.';

/**
 * The worker job that resumes from `checkpointPath`, or a 400 saying why it cannot:
 * CHECKPOINT_MISSING (no checkpoint yet, or the job's record is gone), CHECKPOINT_INVALID (damaged, or another run's).
 *
 * @example
 * const job = await checkResumable('/data/gallery/<id>/job.json', '/data/gallery/<id>/result.png.checkpoint');
 */
export async function checkResumable(jobPath: string, checkpointPath: string): Promise<QualityWorkerJob> {
  const job = await fs.readFile(jobPath, 'utf8').then((text) => JSON.parse(text) as WorkerJob, () => undefined);
  if (!job || job.kind !== 'quality') throw new HttpError(400, 'CHECKPOINT_MISSING', `This job has no record of its run to continue. ${START_OVER}`);
  const exists = await fs.stat(checkpointPath).then((stats) => stats.isFile(), () => false);
  if (!exists) throw new HttpError(400, 'CHECKPOINT_MISSING', `This job has no checkpoint to continue from: it stopped before its first checkpoint was written. ${START_OVER}`);
  try {
    await readCheckpoint(checkpointPath, await runFingerprint(job.options));
  } catch (error) {
    const reason = !isPainterlyError(error) ? 'its photo or painting is no longer there' : error.code === 'INVALID_OPTION' ? 'it belongs to another run (its photo or painting changed)' : 'it is damaged';
    throw new HttpError(400, 'CHECKPOINT_INVALID', `This job's checkpoint cannot be used: ${reason}. ${START_OVER}`);
  }
  return { ...job, options: { ...job.options, resume: true } };
}
