import type { z } from 'zod';
import { PainterlyError } from '../engine/errors.js';

/** How a field is called where the user typed it, e.g. `styleWeight` → `--style-weight`. */
export type FieldNamer = (field: string) => string;

/** CLI flag spelling of a camelCase field. */
export const flagName: FieldNamer = (field) => `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/**
 * Validates `input` against `schema` and returns the whole, defaulted value; otherwise throws one
 * PainterlyError('INVALID_OPTION') worded "Expected ⟨what⟩ for ⟨name⟩ but received ⟨value⟩" for the
 * first problem (all problems are listed when there are several).
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
  throw new PainterlyError('INVALID_OPTION', lines.join('\n'));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return Number(issue.minimum) === 1 ? 'at least one value' : `at least ${issue.minimum} values`;
      if (issue.origin === 'string') return Number(issue.minimum) === 1 ? 'a non-empty text' : `at least ${issue.minimum} characters`;
      return `a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `at most ${issue.maximum} values`;
      if (issue.origin === 'string') return `at most ${issue.maximum} characters`;
      return `a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_format':
      return `a value in the format ${issue.format}`;
    case 'custom':
      return issue.message;
    case 'invalid_union':
      // zod's default is "Invalid input"; a union with its own `error` words what it takes.
      return issue.message === 'Invalid input' ? 'a valid value' : issue.message;
    default:
      return issue.message;
  }
}

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? 'nothing' : value.map((item) => showValue(item)).join(',');
  return String(value);
}
