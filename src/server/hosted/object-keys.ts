/**
 * Where a hosted deployment keeps each object in its bucket. One place, so the API node, the workers
 * and "delete my data" agree.
 */

/** The object key of upload `id` (its bytes as sent). */
export function uploadKey(id: string): string {
  return `uploads/${id}`;
}

/** The object key of job `id`'s result (PNG). */
export function resultKey(id: string): string {
  return `results/${id}.png`;
}

/** The object key of job `id`'s latest preview (JPEG). */
export function previewKey(id: string): string {
  return `previews/${id}.jpg`;
}

/** The object key of quality job `id`'s checkpoint. */
export function checkpointKey(id: string): string {
  return `checkpoints/${id}`;
}

/**
 * Where quality job `id`'s next checkpoint is uploaded before a server-side copy puts it at
 * `checkpointKey`: a worker killed mid-upload leaves the last whole checkpoint in place, also on a
 * store that writes a PUT straight into the object (s3rver does: a cut upload left an empty one).
 */
export function checkpointUploadKey(id: string): string {
  return `checkpoints/${id}.upload`;
}

/** The object key of visualize run `id`'s grid (PNG). */
export function visualizationGridKey(id: string): string {
  return `visualizations/${id}/grid.png`;
}

/** The object key of visualize run `id`'s per-unit data (JSON). */
export function visualizationUnitsKey(id: string): string {
  return `visualizations/${id}/units.json`;
}
