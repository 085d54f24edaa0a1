/**
 * The OpenAPI 3.1 description of a hosted deployment's API (`GET /api/openapi.json`). The job
 * request's schema is generated from the one zod schema the API validates with (`jobRequestSchema`),
 * so the description cannot drift from what is accepted.
 */
import { z } from 'zod';
import { jobRequestSchema } from '../jobs/job-request.js';
import { visualizeRequestSchema } from '../visualize/visualize-request.js';
import { credentialsSchema } from './hosted-options.js';
import { CSRF_HEADER, SESSION_COOKIE } from './sessions.js';

const error = { description: 'An error: `{ error: { code, message, field? } }`', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const job = { description: 'The job, as its owner sees it', content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } } };
const visualization = { description: 'The visualize run, as its owner sees it (the local studio\'s VisualizationView)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Visualization' } } } };
const account = { description: 'The account', content: { 'application/json': { schema: { $ref: '#/components/schemas/Account' } } } };
const credentials = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Credentials' } } } };
const tooMany = { ...error, description: 'Too many attempts (abuse limits, per client address and account): Retry-After says when to try again' };
const noSmtp = { ...error, description: 'The deployment sends no e-mails (its API nodes run without --smtp)' };
const tokenGone = { ...error, description: 'The token was used already (a token works once) or has expired: ask for a new e-mail' };
const png = { description: 'A PNG image', content: { 'image/png': {} } };
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
/** An API key, or the session cookie of a sign-in (whose changes need the X-CSRF-Token header as well). */
const keyed = { security: [{ apiKey: [] }, { session: [] }] };
const open = { security: [] };

/**
 * The document, built once.
 *
 * @example
 * app.get('/api/openapi.json', (c) => c.json(openApiDocument(version)));
 */
export function openApiDocument(version: string): Record<string, unknown> {
  const { $schema: _draft, ...jobRequest } = z.toJSONSchema(jobRequestSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _visualizeDraft, ...visualizeRequest } = z.toJSONSchema(visualizeRequestSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema: _credentialsDraft, ...credentialsJson } = z.toJSONSchema(credentialsSchema, { io: 'input' }) as Record<string, unknown>;
  const passwordJson = (credentialsJson.properties as Record<string, unknown>).password;
  const tokenBody = (more: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema: { type: 'object', required: ['token', ...Object.keys(more)], properties: { token: { type: 'string', description: 'The token of the e-mail (43 characters)' }, ...more } } } } });
  return {
    openapi: '3.1.0',
    info: { title: 'Painterly hosted API', version, description: 'Neural style transfer as a service: see docs/service.md.' },
    security: keyed.security,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key `pk_…` (POST /api/guests makes one).' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: `The session cookie set by sign-in (POST /api/sessions). A request that changes something (POST, PUT, PATCH, DELETE) must also send the header ${CSRF_HEADER} with the csrfToken of sign-in or GET /api/me, and no Origin of another site.` },
      },
      schemas: {
        JobRequest: jobRequest,
        VisualizeRequest: visualizeRequest,
        Visualization: {
          type: 'object',
          required: ['id', 'status', 'createdAt', 'layer', 'source', 'size', 'images', 'weights'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            status: { enum: ['queued', 'running', 'done', 'failed', 'cancelled'] },
            createdAt: { type: 'string', format: 'date-time' },
            layer: { type: 'string' },
            units: { type: 'string', description: 'The units asked for, as written (0-7)' },
            topUnits: { type: 'integer' },
            source: { enum: ['results', 'photos', 'both'], description: 'Your finished paintings, your uploads, or both' },
            size: { type: 'integer' },
            images: { type: 'integer', description: 'How many images the run looks at' },
            weights: { type: 'object', properties: { requested: { type: 'string' }, name: { type: 'string' }, pretrained: { type: 'boolean' }, network: { type: 'string' } } },
            progress: { type: 'object', properties: { image: { type: 'integer' }, images: { type: 'integer' }, elapsedMs: { type: 'integer' } } },
            result: { type: 'object', properties: { width: { type: 'integer' }, height: { type: 'integer' }, imageUrl: { type: 'string' } } },
            elapsedMs: { type: 'integer' },
            error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
          },
        },
        Credentials: credentialsJson,
        Account: {
          type: 'object',
          required: ['userId', 'kind', 'role'],
          properties: {
            userId: { type: 'string', format: 'uuid' },
            kind: { enum: ['guest', 'member'] },
            role: { enum: ['user', 'admin'] },
            accountEmail: { type: 'string', description: 'The sign-in address (members)' },
            email: { type: 'string', description: 'Where job e-mails go (only once verified)' },
            emailVerified: { type: 'boolean', description: 'Whether the sign-in address is verified (GET /api/me)' },
            notificationEmailVerified: { type: 'boolean', description: 'Whether the job e-mail address is verified (GET /api/me)' },
            csrfToken: { type: 'string', description: `Signed in by cookie: the ${CSRF_HEADER} value of this session` },
          },
        },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } } },
        Job: {
          type: 'object',
          required: ['id', 'mode', 'status', 'title', 'settings', 'createdAt', 'runs'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            mode: { enum: ['fast', 'quality'] },
            status: { enum: ['queued', 'running', 'done', 'failed', 'cancelled'] },
            title: { type: 'string' },
            settings: { type: 'object' },
            progress: { type: 'object', description: 'The latest progress message: load, iteration, tile or preview; once steps are counted also unit, iteration and iterations (the studio\'s JobProgress).' },
            worker: { type: 'string' },
            runs: { type: 'integer' },
            checkpointIteration: { type: 'integer' },
            resumedFromIteration: { type: 'integer' },
            result: { type: 'object', properties: { width: { type: 'integer' }, height: { type: 'integer' }, url: { type: 'string' } } },
            error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
            updatedAt: { type: 'string', format: 'date-time' },
            sources: { type: 'object', description: 'The photo and style(s) it is made from, with their pictures\' URLs (the studio\'s JobSources)' },
            stage: { enum: ['waiting', 'loading', 'optimizing', 'stylizing'], description: 'While it waits or runs' },
            elapsedMs: { type: 'integer' },
            preview: { type: 'object', properties: { iteration: { type: 'integer' }, url: { type: 'string' } } },
            imageUrl: { type: 'string', description: 'Once done: /api/gallery/{id}/image' },
            thumbnailUrl: { type: 'string', description: 'Once done: /api/gallery/{id}/thumbnail' },
          },
        },
      },
    },
    paths: {
      '/api/guests': { post: { ...open, summary: 'Make a guest account and its first API key', responses: { 201: { description: '{ userId, key: { id, prefix, key } }' } } } },
      '/api/accounts': { post: { security: [{}, { apiKey: [] }], summary: 'Sign up: a new account with an e-mail address and password (sent with a guest\'s key, or its session cookie and CSRF token: that guest becomes a member, keeping its keys and jobs)', requestBody: credentials, responses: { 201: account, 400: error, 409: { ...error, description: 'The address has an account already (sign in instead), or the caller has one' }, 429: tooMany } } },
      '/api/accounts/verify': { post: { ...open, summary: 'Verify an e-mail address with the token of its verification e-mail (sent on sign-up and by PUT /api/me/email when the node has --smtp; 24 h, once)', requestBody: tokenBody({}), responses: { 200: { description: '{ verified: address }' }, 400: error, 410: tokenGone } } },
      '/api/accounts/verify/resend': { post: { ...keyed, summary: 'Send a new verification e-mail to each address of yours not verified yet', responses: { 202: { description: '{ sent: [addresses] }' }, 409: { ...error, description: 'Nothing to verify' }, 429: tooMany, 503: noSmtp } } },
      '/api/password-resets': { post: { ...open, summary: 'Ask for a password reset e-mail (a token that works once, for 1 h). The same 202 whether or not the address has an account', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } } } } }, responses: { 202: { description: 'Accepted: an e-mail is on its way if the address has an account' }, 400: error, 429: tooMany, 503: noSmtp } } },
      '/api/password-resets/confirm': { post: { ...open, summary: 'Set a new password with the token of the reset e-mail (sign-up\'s password rules); every session of the account ends', requestBody: tokenBody({ password: passwordJson }), responses: { 204: { description: 'The password is set' }, 400: error, 410: tokenGone } } },
      '/api/me/password': { put: { ...keyed, summary: 'Change your password (the current one is checked like a sign-in); every other session ends', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string' }, newPassword: passwordJson } } } } }, responses: { 204: { description: 'Changed' }, 400: error, 403: { ...error, description: 'The current password is wrong, or the CSRF token is missing' }, 409: { ...error, description: 'A guest has no password' }, 429: tooMany } } },
      '/api/sessions': { post: { ...open, summary: `Sign in: sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Lax, 30 days) and answers the account with its csrfToken`, requestBody: credentials, responses: { 200: account, 400: error, 401: { ...error, description: 'Wrong e-mail address or password (the same answer for both)' }, 429: tooMany } } },
      '/api/sessions/current': { delete: { security: [{ session: [] }], summary: 'Sign out: ends the cookie\'s session', responses: { 204: { description: 'Signed out' }, 401: error, 403: error } } },
      '/api/me': {
        get: { ...keyed, summary: 'Your account (with the csrfToken when signed in by cookie)', responses: { 200: account, 401: error } },
        delete: { ...keyed, summary: 'Delete my data: account, keys, uploads, jobs, results, share links, webhooks', responses: { 200: { description: '{ deleted: { jobs, uploads, objects } }' } } },
      },
      '/admin/queues': { get: { ...keyed, summary: 'The queue view (bull-board, read-only), for admins (`painterly serve --admin-email ADDRESS`)', responses: { 200: { description: 'An HTML page', content: { 'text/html': {} } }, 401: error, 403: error } } },
      '/api/keys': { get: { ...keyed, summary: 'List your keys', responses: { 200: { description: '{ keys }' } } }, post: { ...keyed, summary: 'Make a key (shown once)', responses: { 201: { description: 'The key' } } } },
      '/api/keys/{id}': { delete: { ...keyed, summary: 'Revoke a key', parameters: [idParameter], responses: { 204: { description: 'Revoked' }, 404: error } } },
      '/api/uploads': { post: { ...keyed, summary: 'Upload an image', parameters: [{ name: 'name', in: 'query', schema: { type: 'string' } }], requestBody: { content: { 'application/octet-stream': {} } }, responses: { 201: { description: 'The upload record' }, 413: error, 415: error } } },
      '/api/jobs': {
        get: { ...keyed, summary: 'Your jobs, newest first, and how many of them run and wait per lane', responses: { 200: { description: '{ jobs, counts }' } } },
        post: { ...keyed, summary: 'Start a fast or quality job', requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/JobRequest' } } } }, responses: { 201: job, 400: error, 429: { ...error, description: 'Over the quota; Retry-After says when to try again' }, 503: error } },
      },
      '/api/jobs/{id}': { get: { ...keyed, summary: 'One of your jobs', parameters: [idParameter], responses: { 200: job, 404: error } } },
      '/api/jobs/{id}/events': { get: { ...keyed, summary: 'Server-sent events: status, load, iteration, tile, preview, final status', parameters: [idParameter], responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': {} } }, 404: error } } },
      '/api/jobs/{id}/result': { get: { ...keyed, summary: 'The result', parameters: [idParameter], responses: { 200: png, 404: error } } },
      '/api/jobs/{id}/preview': { get: { ...keyed, summary: 'The latest preview', parameters: [idParameter], responses: { 200: { description: 'A JPEG', content: { 'image/jpeg': {} } }, 404: error } } },
      '/api/jobs/{id}/cancel': { post: { ...keyed, summary: 'Stop a waiting or running job', parameters: [idParameter], responses: { 200: job, 404: error, 409: error } } },
      '/api/jobs/{id}/shares': { post: { ...keyed, summary: 'Make a share link', parameters: [idParameter], responses: { 201: { description: '{ id, jobId, url }' }, 404: error } } },
      '/api/jobs/{id}/shares/{linkId}': { delete: { ...keyed, summary: 'Revoke a share link', parameters: [idParameter, { ...idParameter, name: 'linkId' }], responses: { 204: { description: 'Revoked' }, 404: error } } },
      '/api/shared/{token}': { get: { ...open, summary: 'A shared job: title, status, result', parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: '{ title, status, result? }' }, 404: error } } },
      '/api/shared/{token}/result': { get: { ...open, summary: 'A shared job\'s result', parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: png, 404: error } } },
      '/api/visualize': {
        get: { ...keyed, summary: 'Your visualize runs ("What the network sees"), newest first', responses: { 200: { description: '{ runs }' } } },
        post: { ...keyed, summary: 'Start a visualize run: for units of one layer, the nine patches of your images that excite each most, as a grid', requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/VisualizeRequest' } } } }, responses: { 202: visualization, 400: error, 409: { ...error, description: 'No images to look at, or the weights are not on this deployment' }, 413: error, 415: error, 429: { ...error, description: 'Over the quota (paintings and visualize runs count together); Retry-After says when to try again' }, 503: error } },
      },
      '/api/visualize/{id}': { get: { ...keyed, summary: 'One of your visualize runs', parameters: [idParameter], responses: { 200: visualization, 404: error } } },
      '/api/visualize/{id}/image': { get: { ...keyed, summary: 'The grid of a finished run', parameters: [idParameter], responses: { 200: png, 404: error, 409: { ...error, description: 'Not done (yet)' } } } },
      '/api/visualize/{id}/units': { get: { ...keyed, summary: 'The per-unit data of a finished run: per unit its strongest records { image: { kind, id }, x, y, activation, box }', parameters: [idParameter], responses: { 200: { description: '{ layer, sizePx, units: [{ unit, maxActivation, records }] }' }, 404: error, 409: { ...error, description: 'Not done (yet)' } } } },
      '/api/visualize/{id}/cancel': { post: { ...keyed, summary: 'Stop a waiting or running visualize run', parameters: [idParameter], responses: { 200: visualization, 404: error, 409: error } } },
      '/api/webhooks': { post: { ...keyed, summary: 'Register a webhook (Standard Webhooks; the secret is shown once)', requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } } } }, responses: { 201: { description: '{ id, url, secret }' }, 400: error } } },
      '/api/webhooks/{id}': { delete: { ...keyed, summary: 'Remove a webhook', parameters: [idParameter], responses: { 204: { description: 'Removed' }, 404: error } } },
      '/api/me/email': { put: { ...keyed, summary: 'An address for an e-mail when a job ends (null: none); a new address gets a verification e-mail, and job e-mails go to it once verified', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { email: { type: ['string', 'null'] } } } } } }, responses: { 200: { description: '{ email, verified, verificationSent }' }, 400: error } } },
      '/api/sessions/guest': { post: { ...open, summary: `A guest account signed in by the ${SESSION_COOKIE} cookie (the studio page's guest; no key): answers the account with its csrfToken`, responses: { 201: account, 403: error } } },
      '/api/config': { get: { ...open, summary: 'The studio page\'s configuration: presets, samples, limits, defaults, and accounts: true, account (null when the request has no valid credentials), csrfToken (signed in by cookie), visualize', responses: { 200: { description: 'StudioConfig (src/server/api-types.ts)' } } } },
      '/api/uploads/{id}': { get: { ...keyed, summary: 'One of your uploads\' record', parameters: [idParameter], responses: { 200: { description: 'The upload record' }, 404: error } } },
      '/api/uploads/{id}/image': { get: { ...keyed, summary: 'One of your uploads as sent', parameters: [idParameter], responses: { 200: { description: 'The image' }, 404: error } } },
      '/api/uploads/{id}/thumbnail': { get: { ...keyed, summary: 'A JPEG thumbnail of an upload (long side 320 px)', parameters: [idParameter], responses: { 200: { description: 'A JPEG', content: { 'image/jpeg': {} } }, 404: error } } },
      '/api/gallery': { get: { ...keyed, summary: 'Your jobs as the studio\'s gallery, newest first', responses: { 200: { description: '{ items: Job[] }' } } } },
      '/api/gallery/{id}': { get: { ...keyed, summary: 'One gallery item', parameters: [idParameter], responses: { 200: job, 404: error } }, delete: { ...keyed, summary: 'Delete a job and its images (stopped first when active)', parameters: [idParameter], responses: { 204: { description: 'Deleted' }, 404: error } } },
      '/api/gallery/{id}/image': { get: { ...keyed, summary: 'The result (?download=1: as an attachment named after the job)', parameters: [idParameter], responses: { 200: png, 404: error } } },
      '/api/gallery/{id}/thumbnail': { get: { ...keyed, summary: 'The result\'s card image: a JPEG, long side 480 px', parameters: [idParameter], responses: { 200: { description: 'A JPEG', content: { 'image/jpeg': {} } }, 404: error } } },
      '/api/gallery/{id}/download': { get: { ...keyed, summary: 'The result as an attachment: ?format=png|jpeg&longSidePx=N&name=NAME', parameters: [idParameter], responses: { 200: { description: 'PNG or JPEG' }, 400: error, 404: error } } },
      '/api/health': { get: { ...open, summary: 'The process is alive', responses: { 200: { description: '{ ok: true }' } } } },
      '/api/ready': { get: { ...open, summary: 'Redis, PostgreSQL and storage answer', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready, with the failing checks' } } } },
      '/api/metrics': { get: { ...open, summary: 'Prometheus metrics', responses: { 200: { description: 'text/plain', content: { 'text/plain': {} } } } } },
      '/api/openapi.json': { get: { ...open, summary: 'This description', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
  };
}
