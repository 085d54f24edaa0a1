/**
 * Request validation with the project's error wording: "Expected ⟨what⟩ for ⟨field⟩ but received
 * ⟨value⟩", as a 400 that also names the offending field so the page can show it in place.
 */
import type { z } from 'zod';
import { isPainterlyError } from '../engine/errors.js';
import { parseOptions, type FieldNamer } from '../options/parse-options.js';
import { HttpError } from './http-errors.js';

/** JSON field names are shown as they are sent. */
export const jsonFieldName: FieldNamer = (field) => field;

/**
 * Validates `input` with `schema`; on failure throws HttpError 400 INVALID_OPTION whose `field` is
 * the first problem's top-level field (named by `nameOf`).
 *
 * @example
 * const request = validateRequest(jobRequestSchema, await c.req.json());
 */
export function validateRequest<Schema extends z.ZodType>(schema: Schema, input: unknown, nameOf: FieldNamer = jsonFieldName): z.output<Schema> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected a JSON object for the request body but received ${Array.isArray(input) ? 'an array' : String(input)}.`);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const field = String(result.error.issues[0]?.path[0] ?? '');
  try {
    parseOptions(schema, input as Record<string, unknown>, nameOf);
  } catch (error) {
    if (isPainterlyError(error)) throw new HttpError(400, 'INVALID_OPTION', error.message, field ? nameOf(field) : undefined);
    throw error;
  }
  throw new HttpError(400, 'INVALID_OPTION', 'The request is not valid.');
}
