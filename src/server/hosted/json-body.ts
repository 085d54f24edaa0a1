import type { Context } from 'hono';
import { HttpError } from '../http-errors.js';

/**
 * The JSON body of request `c`; 400 naming the fix when it is not JSON.
 *
 * @example const body = await jsonBody(c);
 */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'Expected a JSON body (Content-Type: application/json).');
  }
}
