/**
 * The studio API, typed. Every failure becomes an `ApiError` carrying the server's message and, when
 * the server names one, the request field at fault (so the page shows it next to that field).
 */
import { reportConnectionBack, reportConnectionLost } from './connection';
import type { JobRequest, JobView, QueueCounts, StudioAccount, StudioConfig, UploadInfo, VisualizationView, VisualizeRequest } from './types';

/** A failed request: the server's message, code and field (and, for a 429, the seconds its `Retry-After` asks to wait). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field?: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A hosted deployment's session: the CSRF token every state-changing request sends (`setCsrfToken`). */
let csrfToken: string | undefined;

/**
 * Sends `token` as `X-CSRF-Token` with every request that changes something (a hosted deployment's
 * cookie session needs it; the local studio has none).
 *
 * @example
 * if (config.csrfToken) setCsrfToken(config.csrfToken);
 */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** `init` with the CSRF header when it changes something and the page has a token. */
function withCsrf(init: RequestInit): RequestInit {
  const method = (init.method ?? 'GET').toUpperCase();
  if (csrfToken === undefined || method === 'GET' || method === 'HEAD') return init;
  const headers = new Headers(init.headers);
  headers.set('X-CSRF-Token', csrfToken);
  return { ...init, headers };
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, withCsrf(init));
  } catch {
    reportConnectionLost();
    throw new ApiError('The studio server cannot be reached. Is `painterly serve` still running?', 0, 'NETWORK');
  }
  reportConnectionBack();
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { message?: string; code?: string; field?: string } } | undefined)?.error;
    const retryAfterS = Number(response.headers.get('Retry-After') ?? Number.NaN);
    throw new ApiError(error?.message ?? `The server answered ${response.status}.`, response.status, error?.code ?? 'HTTP', error?.field, Number.isFinite(retryAfterS) ? retryAfterS : undefined);
  }
  return body as T;
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** The studio's configuration: presets, samples, weights, limits. */
export const getConfig = (): Promise<StudioConfig> => request('/api/config');

/** Uploads one image file (its bytes are the body; the server sniffs what it is). */
export const uploadImage = (file: Blob, name: string): Promise<UploadInfo> =>
  request(`/api/uploads?name=${encodeURIComponent(name)}`, { method: 'POST', body: file });

/** The record of an upload. */
export const getUpload = (id: string): Promise<UploadInfo> => request(`/api/uploads/${encodeURIComponent(id)}`);

/** Submits a job. */
export const submitJob = (settings: JobRequest): Promise<JobView> => request('/api/jobs', json(settings));

/** The active jobs and the queue's counts. */
export const getJobs = (): Promise<{ jobs: JobView[]; counts: QueueCounts }> => request('/api/jobs');

/** Cancels a job; with `keep`, its current image becomes a gallery item marked unfinished ("stop and keep"). */
export const cancelJob = (id: string, keep = false): Promise<JobView> =>
  request(`/api/jobs/${encodeURIComponent(id)}/cancel`, keep ? json({ keep: true }) : { method: 'POST' });

/** Resumes an interrupted quality job from its checkpoint; fails with `CHECKPOINT_MISSING` / `CHECKPOINT_INVALID`. */
export const resumeJob = (id: string): Promise<JobView> => request(`/api/jobs/${encodeURIComponent(id)}/resume`, { method: 'POST' });

/** How long the job `settings` describe would take, by the server's estimator. */
export const estimateJob = (settings: JobRequest): Promise<{ etaMs: number }> => request('/api/estimate', json(settings));

/** One job, as the server has it now. */
export const getJob = (id: string): Promise<JobView> => request(`/api/jobs/${encodeURIComponent(id)}`);

/**
 * A gallery item's download: PNG or JPEG, the original size or a smaller long side; the file is
 * named `name` (the distinct name the gallery shows, "golden-gate × wave (2)"), else the work's title.
 *
 * @example
 * downloadUrl(id, 'jpeg', 1024, 'golden-gate × wave (2)') // → '/api/gallery/<id>/download?format=jpeg&longSidePx=1024&name=golden-gate%20%C3%97%20wave%20(2)'
 */
export const downloadUrl = (id: string, format: 'png' | 'jpeg', longSidePx?: number, name?: string): string =>
  `/api/gallery/${encodeURIComponent(id)}/download?format=${format}${longSidePx ? `&longSidePx=${longSidePx}` : ''}${name ? `&name=${encodeURIComponent(name)}` : ''}`;

/** A small picture painted by preset `name` (404 while the preset is not downloaded). */
export const presetSampleUrl = (name: string): string => `/api/presets/${encodeURIComponent(name)}/sample`;

/** Every gallery item, newest first. */
export const getGallery = (): Promise<{ items: JobView[] }> => request('/api/gallery');

/** Deletes a gallery item. */
export const deleteItem = (id: string): Promise<void> => request(`/api/gallery/${encodeURIComponent(id)}`, { method: 'DELETE' });

/** The thumbnail URL of an upload. */
export const uploadThumbnailUrl = (id: string): string => `/api/uploads/${encodeURIComponent(id)}/thumbnail`;

/** The thumbnail URL of a sample painting. */
export const sampleThumbnailUrl = (name: string): string => `/api/samples/${encodeURIComponent(name)}/thumbnail`;

/** Hosted: signs in with an e-mail address and password (the server sets the session cookie). */
export const signIn = (credentials: { email: string; password: string }): Promise<StudioAccount> => request('/api/sessions', json(credentials));

/** Hosted: creates an account; a signed-in guest's account becomes it, paintings and all. */
export const signUp = (credentials: { email: string; password: string }): Promise<StudioAccount> => request('/api/accounts', json(credentials));

/** Hosted: a guest account in a session cookie, for painting without an e-mail address. */
export const continueAsGuest = (): Promise<StudioAccount> => request('/api/sessions/guest', { method: 'POST' });

/** Hosted: uses an e-mailed verification token; resolves with the address it verified (410 `TOKEN_USED` / `TOKEN_EXPIRED`, 400 unknown). */
export const verifyEmail = (token: string): Promise<{ verified: string }> => request('/api/accounts/verify', json({ token }));

/** Hosted, signed in: sends new verification e-mails to the account's unverified addresses. */
export const resendVerification = (): Promise<{ sent: string[] }> => request('/api/accounts/verify/resend', { method: 'POST' });

/** Hosted: asks for a password-reset e-mail; the answer is the same whether or not an account uses the address. */
export const requestPasswordReset = (email: string): Promise<unknown> => request('/api/password-resets', json({ email }));

/** Hosted: sets a new password with an e-mailed reset token (every session of the account ends). */
export const confirmPasswordReset = (token: string, password: string): Promise<void> => request('/api/password-resets/confirm', json({ token, password }));

/** Hosted: ends this browser's session. */
export const signOut = (): Promise<void> => request('/api/sessions/current', { method: 'DELETE' });

/** Starts a "What the network sees" run. */
export const startVisualization = (body: VisualizeRequest): Promise<VisualizationView> => request('/api/visualize', json(body));

/** One "What the network sees" run. */
export const getVisualization = (id: string): Promise<VisualizationView> => request(`/api/visualize/${encodeURIComponent(id)}`);

/** Cancels a "What the network sees" run. */
export const cancelVisualization = (id: string): Promise<VisualizationView> => request(`/api/visualize/${encodeURIComponent(id)}/cancel`, { method: 'POST' });

/**
 * The words to show for any failure: the server's message for an `ApiError`, an `Error`'s message,
 * otherwise the value as text (never "[object Object]").
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
