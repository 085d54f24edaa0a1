/**
 * The studio page's API on a hosted API node, beside the hosted API: the page's configuration (who
 * is signed in, whether "What the network sees" runs here), the caller's uploads as pictures, the
 * sample paintings' thumbnails, and clear answers where the local studio's routes do not apply.
 * Every id is looked up with its owner (another user's id is a 404). The page itself is served by
 * `studioPageResponse`; the gallery by `gallery-routes.ts`.
 *
 * GET  /config                     (no credentials needed) the studio's configuration + accounts: true, account, csrfToken, visualize, passwordLength
 * GET  /uploads/:id                the caller's upload record
 * GET  /uploads/:id/image          its bytes, with their sniffed type
 * GET  /uploads/:id/thumbnail      a JPEG thumbnail (long side 320 px)
 * GET  /samples/:name/thumbnail    a sample painting's thumbnail
 * GET  /presets/:name/sample       404: an API node paints nothing (the page shows the preset's swatch)
 * POST /estimate                   404: workers of unknown speed run the jobs (the page hides its estimate)
 * POST /jobs/:id/resume            409: a hosted job resumes from its checkpoint by itself
 */
import { Hono, type Context } from 'hono';
import type pg from 'pg';
import type { StudioAccount, StudioConfig } from '../api-types.js';
import { HttpError } from '../http-errors.js';
import type { SampleLibrary } from '../samples.js';
import type { ServerOptions } from '../server-options.js';
import { studioConfig } from '../studio-config.js';
import { encodeUploadThumbnail, IMAGE_TYPES } from '../uploads.js';
import type { HostedJobs } from './hosted-jobs.js';
import type { HostedUploadLimits } from './hosted-uploads.js';
import { PASSWORD_LENGTH } from './hosted-options.js';
import { authenticateRequest, sessionTokenOf, type HostedEnv } from './request-auth.js';
import { csrfTokenOf } from './sessions.js';
import { accountOf } from './user-accounts.js';
import { HOSTED_VISUALIZE_AVAILABLE } from './visualize-routes.js';


/** What the studio routes need of the API node. */
export interface HostedStudioDeps {
  readonly database: pg.Pool;
  readonly jobs: HostedJobs;
  readonly options: ServerOptions;
  readonly samples: SampleLibrary;
  readonly uploadLimits: HostedUploadLimits;
}

/** Uploads and samples never change under their URL. */
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * `GET /config`, to mount at `/api` before the catch-all authentication: anyone may read it; it says
 * who the caller is when the request carries valid credentials.
 *
 * @example
 * app.route('/api', createStudioConfigRoute(deps));
 */
export function createStudioConfigRoute(deps: HostedStudioDeps): Hono<HostedEnv> {
  const routes = new Hono<HostedEnv>();
  routes.get('/config', async (c) => {
    const account = await accountOfRequest(c, deps.database);
    const token = account ? sessionTokenOf(c) : undefined;
    const config: StudioConfig = {
      ...(await studioConfig({ options: deps.options, samples: deps.samples, uploadLimits: deps.uploadLimits })),
      accounts: true,
      account,
      ...(token === undefined ? {} : { csrfToken: csrfTokenOf(token) }),
      visualize: HOSTED_VISUALIZE_AVAILABLE,
      passwordLength: PASSWORD_LENGTH,
    };
    c.header('Cache-Control', 'private, no-store');
    return c.json(config);
  });
  return routes;
}

/**
 * The other studio routes, to mount at `/api` after the authentication (the caller is set).
 *
 * @example
 * app.route('/api', createStudioRoutes(deps));
 */
export function createStudioRoutes(deps: HostedStudioDeps): Hono<HostedEnv> {
  const { jobs, samples } = deps;
  const routes = new Hono<HostedEnv>();
  routes.get('/uploads/:id', async (c) => c.json(await jobs.uploads(c.get('caller')).info(c.req.param('id'))));
  routes.get('/uploads/:id/image', async (c) => {
    const { info, bytes } = await jobs.uploads(c.get('caller')).bytes(c.req.param('id'));
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': IMAGE_TYPES[info.format] ?? 'application/octet-stream', 'Cache-Control': IMMUTABLE });
  });
  routes.get('/uploads/:id/thumbnail', async (c) => {
    const { bytes } = await jobs.uploads(c.get('caller')).bytes(c.req.param('id'));
    return c.body(new Uint8Array(await encodeUploadThumbnail(bytes, deps.uploadLimits.maxPixels)), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': IMMUTABLE });
  });
  routes.get('/samples/:name/thumbnail', async (c) => {
    const body = await samples.thumbnail(c.req.param('name'));
    return c.body(new Uint8Array(body), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=3600' });
  });
  routes.get('/presets/:name/sample', () => {
    throw new HttpError(404, 'NOT_FOUND', 'A hosted deployment has no preset sample pictures: its API node paints nothing itself. Paint with the preset to see what it does.');
  });
  routes.post('/estimate', () => {
    throw new HttpError(404, 'NOT_FOUND', 'A hosted deployment does not estimate run times before a job starts: worker nodes of different speeds run its jobs. A running job shows its progress.');
  });
  routes.post('/jobs/:id/resume', async (c) => {
    const job = await jobs.view(c.get('caller'), c.req.param('id'));
    throw new HttpError(409, 'CONFLICT', `A hosted job is never left interrupted: when its worker stops, another worker continues it from its latest checkpoint by itself (this one is ${job.status}). Start it again to paint it once more.`);
  });
  return routes;
}

/**
 * 409 when cancel request `c` asks to stop and keep (`{ "keep": true }`, the studio's "Stop and
 * keep"): a hosted worker keeps no unfinished image. Any other body cancels as before.
 *
 * @example
 * app.post('/api/jobs/:id/cancel', async (c) => { await refuseStopAndKeep(c); … });
 */
export async function refuseStopAndKeep(c: Context): Promise<void> {
  const text = await c.req.text().catch(() => '');
  let keep: unknown;
  try {
    keep = text.trim() === '' ? undefined : (JSON.parse(text) as { keep?: unknown } | null)?.keep;
  } catch {
    keep = undefined;
  }
  if (keep === true) throw new HttpError(409, 'CONFLICT', 'Stop and keep is not available on a hosted deployment: its workers keep no unfinished image. Cancel stops the job without a result.', 'keep');
}

/** The account of the credentials request `c` carries, or null without valid ones (an expired cookie is no error here). */
async function accountOfRequest(c: Context, database: pg.Pool): Promise<StudioAccount | null> {
  if (c.req.header('authorization') === undefined && sessionTokenOf(c) === undefined) return null;
  const caller = await authenticateRequest(c, database).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 401) return undefined;
    throw error;
  });
  if (!caller) return null;
  const { userId, kind, role, accountEmail, emailVerified } = await accountOf(database, caller.userId);
  return { userId, kind, role, ...(accountEmail === undefined ? {} : { accountEmail }), ...(emailVerified === undefined ? {} : { emailVerified }) };
}
