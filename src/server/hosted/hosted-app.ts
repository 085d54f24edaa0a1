/**
 * The HTTP API of a hosted deployment's API node (Hono). Every route but health, readiness, metrics,
 * sign-up, sign-in (a guest's too), e-mail verification, password reset, the studio's page and
 * configuration, and share links needs `Authorization: Bearer pk_…` or the session cookie of a
 * sign-in (`request-auth.ts`: a cookie-authenticated change needs `X-CSRF-Token` too); every id is
 * looked up with its owner, so another user's id answers 404. Requests are validated once here (the
 * studio's schemas, via `resolveJob`).
 *
 * POST   /api/guests              → 201 { userId, key }            a guest account and its first key
 * POST   /api/accounts { email, password } → 201 account        sign-up (with a guest's key: that guest upgrades)
 * POST   /api/sessions { email, password } → account + csrfToken, Set-Cookie painterly_session   sign-in
 * DELETE /api/sessions/current     → 204                          sign-out (the cookie's session ends)
 * GET    /api/me                   → account (+ csrfToken, emailVerified, notificationEmailVerified)
 * POST   /api/accounts/verify { token }, POST /api/accounts/verify/resend   e-mail verification
 * POST   /api/password-resets { email } → 202 always; POST /api/password-resets/confirm { token, password }
 * PUT    /api/me/password { currentPassword, newPassword }   (recovery-routes.ts; limits: abuse-limits.ts)
 * GET    /admin/queues             the queues (bull-board, read-only): admins only (403 otherwise)
 * GET    /api/keys                → { keys }                       POST /api/keys → 201 a new key; DELETE /api/keys/:id revokes
 * POST   /api/uploads?name=FILE   body: image bytes → 201 upload info
 * POST   /api/jobs                body: a job request → 201 job view (429 + Retry-After over the quota)
 * GET    /api/jobs, /api/jobs/:id, /api/jobs/:id/result (PNG), /api/jobs/:id/preview (JPEG)
 * GET    /api/jobs/:id/events      server-sent events: status, load, iteration, tile, preview, final status
 * POST   /api/jobs/:id/cancel
 * POST   /api/jobs/:id/shares      → 201 { id, url: /api/shared/<token> };  DELETE /api/jobs/:id/shares/:linkId revokes
 * GET    /api/shared/:token, /api/shared/:token/result   (no key) the shared job's title and result; 404 once revoked
 * PUT    /api/me/email { email }  an address for an e-mail when a job ends (null: none), verified by e-mail
 * DELETE /api/me                   → { deleted: { jobs, uploads, objects } }   delete my data: account, keys, uploads, jobs, results
 * POST   /api/webhooks { url }    → 201 { id, url, secret };      DELETE /api/webhooks/:id
 * POST   /api/visualize, GET /api/visualize[/:id[/image|/units]], POST /api/visualize/:id/cancel   "What the network sees" (visualize-routes.ts)
 * GET    /api/openapi.json          this API as OpenAPI 3.1 (the job request's schema generated from the zod schema)
 * GET    /api/health (alive), /api/ready (Redis, PostgreSQL and storage answer; else 503), /api/metrics (Prometheus)
 * GET    /, /assets/…              the studio page (the local studio's built page), signed in by cookie: `studio-routes.ts`,
 *                                  `gallery-routes.ts` and `guest-sessions.ts` give it its API (`/api/config`, `/api/gallery`, …)
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { errorResponse, HttpError } from '../http-errors.js';
import { UPLOAD_TRANSFER_LIMITS, UploadReceiver } from '../upload-body.js';
import { deleteCookie } from 'hono/cookie';
import { createAccountRoutes } from './account-routes.js';
import { createGuest, createKey, listKeys, revokeKey } from './accounts.js';
import { ADMIN_QUEUES_PATH } from './admin-board.js';
import { jsonBody } from './json-body.js';
import { SESSION_COOKIE } from './sessions.js';
import { authenticateRequest, sessionTokenOf, type HostedEnv } from './request-auth.js';
import { studioPageResponse } from '../studio-page.js';
import type { StudioAsset } from '../studio-assets.js';
import { createGalleryRoutes } from './gallery-routes.js';
import { createGuestSessionRoutes } from './guest-sessions.js';
import { createStudioConfigRoute, createStudioRoutes, refuseStopAndKeep, type HostedStudioDeps } from './studio-routes.js';
import { jobCounts } from './job-counts.js';
import { QuotaExceeded, type HostedJobs } from './hosted-jobs.js';
import { hostedJobEventStream } from './job-events.js';
import { openApiDocument } from './openapi.js';
import type { ObjectStorage } from './storage.js';
import type { RecoveryServices } from './recovery-routes.js';
import type { DeletedCounts } from './delete-account.js';
import { createWebhook, deleteWebhook } from './webhooks.js';
import type { HostedVisualizations } from './hosted-visualizations.js';
import { createVisualizeRoutes } from './visualize-routes.js';

/** What the API node's routes work with. */
export interface HostedServices {
  readonly database: pg.Pool;
  readonly storage: ObjectStorage;
  readonly jobs: HostedJobs;
  /** "What the network sees" runs (visualize-routes.ts). */
  readonly visualizations: HostedVisualizations;
  readonly metrics: Registry;
  /** Deletes a user and all their data ("delete my data"). */
  readonly deleteAccount: (userId: string) => Promise<DeletedCounts>;
  /** Resolves when Redis answers. */
  readonly pingRedis: () => Promise<void>;
  readonly maxUploadBytes: number;
  /** Painterly's version, for the OpenAPI description. */
  readonly version: string;
  /** The admin queue view (`createAdminBoard`), served at /admin/queues to admins. */
  readonly adminBoard?: Hono;
  /** `--admin-email`: the account signed up with it is an admin. */
  readonly adminEmail?: string;
  /** `--cookie-secure`: the session cookie is `Secure` on every request, not only on HTTPS ones. */
  readonly cookieSecure: boolean;
  /** Sign-in and recovery limits (Redis), the node's mailer (`--smtp`), `--trust-proxy`. */
  readonly recovery: RecoveryServices;
  readonly log: (error: unknown) => void;
  /** The studio page (served at `/`) and what its configuration is made from. */
  readonly studio: Omit<HostedStudioDeps, 'database' | 'jobs'> & { readonly assets: ReadonlyMap<string, StudioAsset> };
}

/**
 * The API node's application.
 *
 * @example
 * serve({ fetch: createHostedApp(services).fetch, port: 8787 });
 */
export function createHostedApp(services: HostedServices): Hono<HostedEnv> {
  const { database, jobs } = services;
  const app = new Hono<HostedEnv>();
  app.onError((error, c) => sendError(c, error, services.log));
  app.notFound((c) => sendError(c, new HttpError(404, 'NOT_FOUND', `No such API route: ${c.req.method} ${c.req.path}.`), services.log));
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
  });
  const studio: HostedStudioDeps = { ...services.studio, database, jobs };

  app.get('/api/health', (c) => c.json({ ok: true, pid: process.pid }));
  app.get('/api/ready', async (c) => {
    const checks = await Promise.all([
      check('redis', services.pingRedis),
      check('database', async () => void (await database.query('SELECT 1'))),
      check('storage', () => services.storage.ping()),
    ]);
    const ready = checks.every((item) => item.ok);
    return c.json({ ready, checks: Object.fromEntries(checks.map((item) => [item.name, item.ok ? 'ok' : item.error])) }, ready ? 200 : 503);
  });
  const openApi = openApiDocument(services.version);
  app.get('/api/openapi.json', (c) => c.json(openApi));
  app.get('/api/metrics', async (c) => c.text(await services.metrics.metrics(), 200, { 'Content-Type': services.metrics.contentType }));
  app.post('/api/guests', async (c) => {
    const guest = await createGuest(database);
    return c.json({ userId: guest.userId, key: guest.key }, 201);
  });

  const authenticated: MiddlewareHandler<HostedEnv> = async (c, next) => {
    c.set('caller', await authenticateRequest(c, database));
    await next();
  };
  // Sign-up, sign-in, sign-out and GET /api/me (before the catch-all below: sign-up and sign-in need no credentials).
  app.route('/api', createAccountRoutes(services, authenticated));
  app.route('/api', createGuestSessionRoutes(services));
  app.route('/api', createStudioConfigRoute(studio));
  app.get('/api/shared/:token', async (c) => c.json(await jobs.shared(c.req.param('token'))));
  app.get('/api/shared/:token/result', async (c) => c.body(await imageBody(jobs.sharedResult(c.req.param('token'))), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, no-store' }));

  app.use('/api/*', authenticated);
  if (services.adminBoard) {
    app.use('/admin/*', authenticated, async (c, next) => {
      if (c.get('caller').role !== 'admin') throw new HttpError(403, 'FORBIDDEN', 'The queue view is for admins only. An operator makes an account an admin with `painterly serve … --admin-email ADDRESS`.');
      await next();
    });
    // The page's own links end in a slash, which Hono's routes (strict) would not find on a reload.
    app.get(`${ADMIN_QUEUES_PATH}/`, (c) => c.redirect(ADMIN_QUEUES_PATH));
    app.route(ADMIN_QUEUES_PATH, services.adminBoard);
  }
  app.get('/api/keys', async (c) => c.json({ keys: await listKeys(database, c.get('caller').userId) }));
  app.post('/api/keys', async (c) => c.json(await createKey(database, c.get('caller').userId), 201));
  app.delete('/api/keys/:id', async (c) => {
    await revokeKey(database, c.get('caller').userId, c.req.param('id'));
    return c.body(null, 204);
  });
  // The studio's receiver: bytes bounded as they arrive (413), uploads at once (429), slow senders cut off (408).
  const receiver = new UploadReceiver({ maxBytes: services.maxUploadBytes, ...UPLOAD_TRANSFER_LIMITS });
  app.post('/api/uploads', async (c) => {
    const bytes = await receiver.read(c.req.raw);
    return c.json(await jobs.uploads(c.get('caller')).save(bytes, c.req.query('name') ?? 'image'), 201);
  });
  app.route('/api', createVisualizeRoutes(services.visualizations));
  app.post('/api/jobs', async (c) => c.json(await jobs.submit(c.get('caller'), await jsonBody(c)), 201));
  app.get('/api/jobs', async (c) => {
    const list = await jobs.list(c.get('caller'));
    return c.json({ jobs: list, counts: jobCounts(list) });
  });
  app.get('/api/jobs/:id', async (c) => c.json(await jobs.view(c.get('caller'), c.req.param('id'))));
  app.get('/api/jobs/:id/events', async (c) => {
    await jobs.view(c.get('caller'), c.req.param('id'));
    return hostedJobEventStream(c, jobs, c.get('caller'), c.req.param('id'));
  });
  app.post('/api/jobs/:id/cancel', async (c) => {
    await jobs.view(c.get('caller'), c.req.param('id'));
    await refuseStopAndKeep(c);
    return c.json(await jobs.cancel(c.get('caller'), c.req.param('id')));
  });
  app.get('/api/jobs/:id/result', async (c) => c.body(await imageBody(jobs.image(c.get('caller'), c.req.param('id'), 'result')), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, no-store' }));
  app.get('/api/jobs/:id/preview', async (c) => c.body(await imageBody(jobs.image(c.get('caller'), c.req.param('id'), 'preview')), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' }));
  app.post('/api/jobs/:id/shares', async (c) => c.json(await jobs.share(c.get('caller'), c.req.param('id')), 201));
  app.delete('/api/jobs/:id/shares/:linkId', async (c) => {
    await jobs.unshare(c.get('caller'), c.req.param('id'), c.req.param('linkId'));
    return c.body(null, 204);
  });
  app.delete('/api/me', async (c) => {
    const deleted = await services.deleteAccount(c.get('caller').userId);
    if (sessionTokenOf(c) !== undefined) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ deleted });
  });
  app.post('/api/webhooks', async (c) => {
    const body = (await jsonBody(c)) as { url?: unknown } | null;
    return c.json(await createWebhook(database, c.get('caller').userId, body?.url), 201);
  });
  app.delete('/api/webhooks/:id', async (c) => {
    await deleteWebhook(database, c.get('caller').userId, c.req.param('id'));
    return c.body(null, 204);
  });
  app.route('/api', createStudioRoutes(studio));
  app.route('/api', createGalleryRoutes(jobs));
  app.get('*', (c) => studioPageResponse(c, services.studio.assets));
  return app;
}

async function imageBody(bytes: Promise<Uint8Array>): Promise<ArrayBuffer> {
  const view = await bytes;
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}

async function check(name: string, probe: () => Promise<void>): Promise<{ name: string; ok: boolean; error?: string }> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 3 s')), 3_000).unref())]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Errors as the studio words them; a lost Redis or PostgreSQL (pg and ioredis errors, by code and message) is a 503 (the client may retry), never a stack. */
function sendError(c: Context, error: unknown, log: (error: unknown) => void): Response {
  if (error instanceof QuotaExceeded) c.header('Retry-After', String(error.retryAfterS));
  if (isConnectionLoss(error)) {
    c.header('Retry-After', '5');
    return c.json({ error: { code: 'UNAVAILABLE', message: 'The service is briefly unavailable (its database or queue is not answering). Try again in a few seconds.' } }, 503);
  }
  const { status, body } = errorResponse(error, log);
  c.header('X-Content-Type-Options', 'nosniff');
  return c.json(body, status);
}

function isConnectionLoss(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', 'ETIMEDOUT'].includes(String(code)) ||
    /Connection is closed|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection terminated|Stream isn't writeable|enableOfflineQueue|Reached the max retries per request/i.test(String(message))
  );
}
