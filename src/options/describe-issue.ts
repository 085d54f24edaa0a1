/** What a zod issue expected, in words: one wording for the CLI, the library and the server. */
import type { z } from 'zod';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  nan: 'a number',
};

/**
 * What a zod issue expected, in words.
 *
 * @example
 * describeIssue({ code: 'invalid_type', expected: 'object', … }) // → 'an object'
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
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
      return TYPE_WORDS[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_union': {
      // zod's own messages start "Invalid …"; a union with its own `error` words what it takes.
      if (issue.message && !issue.message.startsWith('Invalid')) return issue.message;
      const options = (issue as { options?: readonly unknown[] }).options;
      return Array.isArray(options) && options.length > 0 ? `one of ${options.map((value) => String(value)).join(', ')}` : 'one of the accepted forms';
    }
    case 'invalid_format':
      return issue.format === 'regex' ? 'a value in the accepted format' : `a value in the format ${issue.format}`;
    case 'unrecognized_keys':
      return `no field ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

