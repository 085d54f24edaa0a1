/**
 * The one error type of Painterly. Every failure a user can cause or fix carries a stable `code`,
 * a message that says what went wrong and how to fix it, and — when one option is at fault — that
 * option's name (`option`, the options-schema key such as `learningRate`). Messages name options in
 * neutral words ("the learning rate"), never as CLI flags: the studio shows them too; an option set
 * to a value, offered as a fix, is written `` `key=value` `` (`` `weights=random` ``). Each edge
 * renders `option` its own way: the CLI as the flag (`--learning-rate`), the server as the request
 * field (`{ error: { field } }`), so the studio can show the message next to that field.
 *
 * @example
 * throw new PainterlyError('ENGINE_FAILED', 'The loss became NaN. Lower the learning rate.', { option: 'learningRate' });
 */
export type PainterlyErrorCode =
  | 'INVALID_OPTION'
  | 'IMAGE_NOT_FOUND'
  | 'IMAGE_DECODE_FAILED'
  | 'IMAGE_TOO_LARGE'
  | 'OUTPUT_NOT_WRITABLE'
  | 'WEIGHTS_NOT_FOUND'
  | 'WEIGHTS_INVALID'
  | 'MODEL_UNKNOWN'
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'CHECKPOINT_INVALID'
  | 'ABORTED'
  | 'ENGINE_FAILED'
  | 'DEVICE_UNAVAILABLE'
  | 'VIDEO_INVALID'
  | 'VIDEO_DAMAGED'
  | 'FFMPEG_MISSING'
  | 'ENCODE_FAILED';

/**
 * The name of an option as the options schemas spell it (camelCase: `learningRate`, `maxMemory`,
 * `styles`); the CLI turns it into a flag, the server into a request field.
 */
export type OptionName = string;

/** What a PainterlyError may carry besides its code and message. */
export interface PainterlyErrorDetails {
  readonly cause?: unknown;
  /** The option the error is about, when one is (its fix is a change of that option). */
  readonly option?: OptionName;
}

export class PainterlyError extends Error {
  readonly code: PainterlyErrorCode;
  readonly option?: OptionName;

  constructor(code: PainterlyErrorCode, message: string, details: PainterlyErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PainterlyError';
    this.code = code;
    if (details.option !== undefined) this.option = details.option;
  }
}

/** Whether `error` is a PainterlyError (works across module copies, by name and code). */
export function isPainterlyError(error: unknown): error is PainterlyError {
  return error instanceof Error && error.name === 'PainterlyError' && typeof (error as PainterlyError).code === 'string';
}

/**
 * The one way to word a bad option, after sharp's: "Expected ⟨what⟩ for ⟨option⟩ but received
 * ⟨value⟩", with `option` (its schema key) kept on the error for the CLI and the server to render.
 *
 * @example
 * invalidOption('a number from 0 to 1', 'strength', 2) // → PainterlyError INVALID_OPTION, option 'strength'
 */
export function invalidOption(expected: string, option: OptionName, received: unknown): PainterlyError {
  return new PainterlyError('INVALID_OPTION', expectedMessage(expected, option, received), { option });
}

/**
 * The same wording for a bad value that is no option (an argument of an engine function, such as
 * the RGB data of an image): INVALID_OPTION without `option`.
 *
 * @example
 * invalidValue('12 values (3 × 2 × 2)', 'RGB image data', '11 values')
 */
export function invalidValue(expected: string, name: string, received: unknown): PainterlyError {
  return new PainterlyError('INVALID_OPTION', expectedMessage(expected, name, received));
}

function expectedMessage(expected: string, name: string, received: unknown): string {
  const shown = typeof received === 'string' ? JSON.stringify(received) : String(received);
  return `Expected ${expected} for ${name} but received ${shown}.`;
}

/**
 * Throws ABORTED with `message` when `signal` has fired: the one check every engine and use case
 * runs between its steps (iterations, tiles, segments). `option` names the option that continues
 * the run, when one does (`resume`).
 *
 * @example
 * throwIfAborted(signal, 'The stylization was cancelled.');
 */
export function throwIfAborted(signal: AbortSignal | undefined, message = 'The stylization was cancelled.', option?: OptionName): void {
  if (signal?.aborted) throw new PainterlyError('ABORTED', message, { option });
}
