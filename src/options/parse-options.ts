import type { z } from 'zod';
import { PainterlyError } from '../engine/errors.js';
import { describeIssue } from './describe-issue.js';

/** How a field is called where the user typed it, e.g. `styleWeight` → `--style-weight`. */
export type FieldNamer = (field: string) => string;

/** The field as the options object spells it (`styleWeight`): how the library names options to its callers. */
export const optionKey: FieldNamer = (field) => field;

/** CLI flag spelling of a camelCase field. */
export const flagName: FieldNamer = (field) => `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/**
 * Validates `input` against `schema` and returns the whole, defaulted value; otherwise throws one
 * PainterlyError('INVALID_OPTION') worded "Expected ⟨what⟩ for ⟨name⟩ but received ⟨value⟩" for the
 * first problem (all problems are listed when there are several), whose `option` is the first problem's field.
 *
 * @example parseOptions(stylizeOptionsSchema, { content: 'a.jpg', styles: ['b.jpg'] })
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  input: Record<string, unknown>,
  nameOf: FieldNamer = flagName,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'options');
    const received = issue.path.reduce<unknown>(
      (value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined),
      input,
    );
    return `Expected ${describeIssue(issue)} for ${nameOf(field)} but received ${showValue(received)}.`;
  });
  const first = result.error.issues[0]?.path[0];
  throw new PainterlyError('INVALID_OPTION', lines.join('\n'), first === undefined ? {} : { option: String(first) });
}

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? 'nothing' : value.map((item) => showValue(item)).join(',');
  return String(value);
}
