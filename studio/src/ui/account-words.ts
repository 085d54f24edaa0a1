/**
 * How the account forms word a failure: the server's message, except that a 429 says the wait in
 * words and the local time to try again (its `Retry-After` header has the seconds), not the API's
 * pointers to headers and routes.
 */
import { ApiError, messageOf } from '../api';

/**
 * A wait in words, rounded up.
 *
 * @example waitWords(40) // → '40 seconds'
 * @example waitWords(890) // → '15 minutes'
 * @example waitWords(3500) // → 'an hour'
 */
export function waitWords(seconds: number): string {
  if (seconds <= 1) return 'a second';
  if (seconds < 60) return `${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes === 1) return 'a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? 'an hour' : `${hours} hours`;
}

/**
 * The words for a failed account request; `instead` is added to a 429 (what to do meanwhile).
 *
 * @example
 * accountErrorText(new ApiError('Too many failed sign-ins for this address from your network. Try again in 15 min (…).', 429, 'TOO_MANY_ATTEMPTS', undefined, 890))
 * // → 'Too many failed sign-ins for this address from your network. Try again in 15 minutes, at 16:05.'
 */
export function accountErrorText(error: unknown, instead = ''): string {
  if (!(error instanceof ApiError) || error.status !== 429 || error.retryAfterS === undefined) return messageOf(error);
  const what = error.message.split(' Try again in ')[0] ?? '';
  const at = new Date(Date.now() + error.retryAfterS * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${what} Try again in ${waitWords(error.retryAfterS)}, at ${at}${instead}.`;
}
