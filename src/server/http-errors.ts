/**
 * How the server answers a failure: a JSON body `{ error: { code, message, field? } }` with a 4xx
 * status for anything the client can fix (PainterlyError codes keep their message), and a generic
 * 500 without details (never a stack trace) for the rest, which is logged instead.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isPainterlyError, type PainterlyErrorCode } from '../engine/errors.js';

/** Codes of errors the server itself raises, on top of PainterlyError's. */
export type HttpErrorCode = 'NOT_FOUND' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA' | 'CONFLICT' | 'BAD_REQUEST' | 'INTERNAL' | 'CHECKPOINT_MISSING' | 'TOO_MANY_UPLOADS' | 'UPLOAD_TOO_SLOW' | 'DATA_NOT_WRITABLE' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'QUOTA_EXCEEDED' | 'UNAVAILABLE' | 'TOO_MANY_ATTEMPTS' | 'TOKEN_USED' | 'TOKEN_EXPIRED';

/** The JSON body of every error response (declared with the API types). */
export type { ErrorBody } from './api-types.js';
import type { ErrorBody } from './api-types.js';

/**
 * An error with an HTTP status, a stable code, a message for people and optionally the request
 * field that caused it (so the page can show the message next to that field).
 *
 * @example
 * throw new HttpError(404, 'NOT_FOUND', 'No gallery item 1234….');
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: HttpErrorCode | PainterlyErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Status per PainterlyError code: what a client can fix is 4xx; server-side trouble is 5xx. */
const STATUS_BY_CODE: Readonly<Record<PainterlyErrorCode, ContentfulStatusCode>> = {
  INVALID_OPTION: 400,
  IMAGE_NOT_FOUND: 404,
  IMAGE_DECODE_FAILED: 415,
  IMAGE_TOO_LARGE: 413,
  OUTPUT_NOT_WRITABLE: 500,
  WEIGHTS_NOT_FOUND: 409,
  WEIGHTS_INVALID: 409,
  MODEL_UNKNOWN: 400,
  DOWNLOAD_FAILED: 502,
  CHECKSUM_MISMATCH: 502,
  CHECKPOINT_INVALID: 409,
  ABORTED: 409,
  ENGINE_FAILED: 500,
  DEVICE_UNAVAILABLE: 503,
  VIDEO_INVALID: 415,
  VIDEO_DAMAGED: 415,
  FFMPEG_MISSING: 500,
  ENCODE_FAILED: 500,
};

/**
 * The status and body for any thrown value. Unknown errors become a plain 500 and are passed to
 * `log` with their stack, which never reaches the client.
 *
 * @example
 * const { status, body } = errorResponse(error, console.error);
 */
export function errorResponse(error: unknown, log: (error: unknown) => void): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } } };
  }
  if (isPainterlyError(error)) {
    const field = requestField(error.option);
    return { status: STATUS_BY_CODE[error.code] ?? 500, body: { error: { code: error.code, message: error.message, ...(field ? { field } : {}) } } };
  }
  log(error);
  const storage = storageProblem(error);
  if (storage) return { status: storage.status, body: { error: { code: 'DATA_NOT_WRITABLE', message: storage.message } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error. The server log has the details.' } } };
}

/**
 * The request field a PainterlyError's option (a schema key) is shown next to. Job requests use the
 * schema's keys, except that style images and their blend weights are one list (`styles`) and the
 * network is chosen with `weights`.
 *
 * @example requestField('styleBlendWeights') // → 'styles'
 */
export function requestField(option: string | undefined): string | undefined {
  if (option === 'styleBlendWeights') return 'styles';
  if (option === 'network') return 'weights';
  return option;
}

/**
 * A 404 for an id or name that names nothing (or could not, such as `../x`).
 *
 * @example
 * throw notFound('gallery item', id);
 */
export function notFound(what: string, id: string): HttpError {
  const shown = id.length > 80 ? `${id.slice(0, 80)}…` : id;
  return new HttpError(404, 'NOT_FOUND', `No ${what} ${JSON.stringify(shown)}. It may have been deleted; reload the list.`);
}

/** What a failed write of the data folder means to the person running the studio, by errno. */
const STORAGE_PROBLEMS: Readonly<Record<string, { status: ContentfulStatusCode; what: string; fix: string }>> = {
  EROFS: { status: 503, what: 'is on a read-only file system', fix: 'Make it writable again (or restart the studio with --data on a writable folder), then try again.' },
  EACCES: { status: 503, what: 'cannot be written (no permission)', fix: 'Give the studio write permission there (or restart it with --data on a writable folder), then try again.' },
  EPERM: { status: 503, what: 'cannot be written (operation not permitted: read-only or immutable)', fix: 'Make it writable again (or restart the studio with --data on a writable folder), then try again.' },
  ENOSPC: { status: 507, what: 'is on a full disk', fix: 'Free some space, then try again.' },
  EDQUOT: { status: 507, what: 'is over its disk quota', fix: 'Free some space, then try again.' },
};

/**
 * A 503/507 in words for a file-system error of the data folder (read-only, no permission, disk
 * full), instead of a bare 500; undefined for anything else.
 *
 * @example storageProblem(Object.assign(new Error('x'), { code: 'EROFS', path: '/d/gallery/1' }))?.status // → 503
 */
export function storageProblem(error: unknown): { status: ContentfulStatusCode; message: string } | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  const problem = typeof code === 'string' ? STORAGE_PROBLEMS[code] : undefined;
  if (!problem) return undefined;
  const where = typeof path === 'string' ? ` (${path})` : '';
  return { status: problem.status, message: `The studio could not save this: its data folder${where} ${problem.what}. ${problem.fix}` };
}
