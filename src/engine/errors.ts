/**
 * The one error type of Painterly. Every failure a user can cause or fix carries a stable `code`
 * and a message that says what went wrong and how to fix it. The CLI prints the message without
 * a stack trace; the server maps it to a 4xx.
 *
 * @example
 * throw new PainterlyError('INVALID_OPTION', 'Expected a number between 1 and 10000 for --size but received "abc".');
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

export class PainterlyError extends Error {
  readonly code: PainterlyErrorCode;

  constructor(code: PainterlyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PainterlyError';
    this.code = code;
  }
}

/** Whether `error` is a PainterlyError (works across module copies, by name and code). */
export function isPainterlyError(error: unknown): error is PainterlyError {
  return error instanceof Error && error.name === 'PainterlyError' && typeof (error as PainterlyError).code === 'string';
}

/**
 * The one way to word a bad parameter, after sharp's: "Expected ⟨what⟩ for ⟨name⟩ but received ⟨value⟩".
 *
 * @example
 * invalidOption('a positive integer', '--iterations', '-3') // → PainterlyError INVALID_OPTION
 */
export function invalidOption(expected: string, name: string, received: unknown): PainterlyError {
  const shown = typeof received === 'string' ? JSON.stringify(received) : String(received);
  return new PainterlyError('INVALID_OPTION', `Expected ${expected} for ${name} but received ${shown}.`);
}
