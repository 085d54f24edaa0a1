/**
 * Ids of uploads, jobs and gallery items: random v4 UUIDs (122 random bits, unguessable). Every id
 * that arrives in a URL or a request body is checked against `ID_PATTERN` before it touches a path,
 * so no id can walk out of its folder.
 */
import { randomUUID } from 'node:crypto';

/** A lower-case v4 UUID, e.g. `3f2b…-4…`; nothing else is ever accepted as an id. */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A fresh, unguessable id.
 *
 * @example
 * newId() // → '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'
 */
export function newId(): string {
  return randomUUID();
}

/**
 * Whether `value` is an id Painterly could have made (and is therefore safe as a file name).
 *
 * @example
 * isId('../../etc/passwd') // → false
 */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
