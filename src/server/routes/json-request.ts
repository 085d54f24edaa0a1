/**
 * The JSON bodies of the studio's requests (jobs, estimates, visualize runs), read the same way by the
 * local studio and a hosted API node: at most `MAX_JOB_REQUEST_BYTES` (413), a JSON content type (415),
 * a body that parses (400), each answer naming the request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError } from '../http-errors.js';

/** The largest job or visualize request body, in bytes: such a request is a few hundred bytes of JSON. */
export const MAX_JOB_REQUEST_BYTES = 64 * 1024;

/**
 * The size limit of a `what` request ("job request", "visualize request").
 *
 * @example app.post('/jobs', jsonRequestLimit('job request'), handler);
 */
export function jsonRequestLimit(what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: MAX_JOB_REQUEST_BYTES,
    onError: () => {
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `A ${what} is at most ${MAX_JOB_REQUEST_BYTES} bytes of JSON.`);
    },
  });
}

/**
 * The JSON body of a `what` request; 415 without a JSON content type, 400 when it does not parse.
 *
 * @example const body = await jsonRequestBody(c, 'visualize request');
 */
export async function jsonRequestBody(c: Context, what: string): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA', `Expected Content-Type: application/json for a ${what} but received ${JSON.stringify(type || 'none')}.`);
  }
  return c.req.json().catch(() => {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  });
}
