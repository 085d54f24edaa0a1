/**
 * Request validation with the project's error wording: "Expected ⟨what⟩ for ⟨field⟩ but received
 * ⟨value⟩", as a 400 that also names the offending field so the page can show it in place. Nested
 * fields are named by their path (`styles[1].source`), values are shown as the client sent them
 * (`{"id":3}`, never "[object Object]"), and a missing or unknown `mode` reads "one of fast, quality"
 * (never zod's "Invalid discriminator value").
 */
import type { z } from 'zod';
import { describeIssue } from '../options/describe-issue.js';
import type { FieldNamer } from '../options/parse-options.js';
import { HttpError } from './http-errors.js';

/** JSON field names are shown as they are sent. */
export const jsonFieldName: FieldNamer = (field) => field;

/** At most this many problems are listed in one message. */
const MAX_LINES = 5;

/**
 * Validates `input` with `schema`; on failure throws HttpError 400 INVALID_OPTION whose `field` is
 * the first problem's top-level field (named by `nameOf`), and whose message has one line per problem.
 *
 * @example
 * const request = validateRequest(jobRequestSchema, await c.req.json());
 */
export function validateRequest<Schema extends z.ZodType>(schema: Schema, input: unknown, nameOf: FieldNamer = jsonFieldName): z.output<Schema> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected a JSON object for the request body but received ${Array.isArray(input) ? 'an array' : showValue(input)}.`);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { issues } = result.error;
  const lines = issues.slice(0, MAX_LINES).map((issue) => `Expected ${describeIssue(issue)} for ${fieldPath(issue.path, nameOf)} but received ${showValue(valueAt(input, issue.path))}.`);
  if (issues.length > MAX_LINES) lines.push(`(and ${issues.length - MAX_LINES} more problems)`);
  const field = issues[0]?.path[0];
  throw new HttpError(400, 'INVALID_OPTION', lines.join('\n'), field === undefined ? undefined : nameOf(String(field)));
}

/**
 * A client's value, shown short and as sent: strings quoted, objects and lists as JSON (cut at 60 characters).
 *
 * @example
 * showValue({ id: 3 }) // → '{"id":3}'
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}


/** `['styles', 1, 'source']` → `styles[1].source`; the top-level field named by `nameOf`. */
function fieldPath(path: readonly PropertyKey[], nameOf: FieldNamer): string {
  if (path.length === 0) return 'the request body';
  const [first, ...rest] = path;
  return rest.reduce<string>((shown, key) => (typeof key === 'number' ? `${shown}[${key}]` : `${shown}.${String(key)}`), nameOf(String(first)));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
}
