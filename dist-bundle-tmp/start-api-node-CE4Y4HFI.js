import {
  KEEP_ALIVE_MS,
  MAX_VISUALIZE_IMAGES,
  TITLE_SEPARATOR,
  UPLOAD_TRANSFER_LIMITS,
  UploadReceiver,
  attachmentHeader,
  downloadImage,
  encodeCardImage,
  fallbackSources,
  jobRequestSchema,
  jsonRequestBody,
  jsonRequestLimit,
  loadStudioAssets,
  parseDownloadName,
  parseDownloadQuery,
  resolveJob,
  resolveVisualizeRequest,
  studioConfig,
  studioPageResponse,
  visualizeRequestSchema
} from "./chunk-E6BPELNH.js";
import {
  PASSWORD_LENGTH,
  credentialsSchema
} from "./chunk-M7XC4JET.js";
import {
  SampleLibrary
} from "./chunk-AIOI3ZY6.js";
import {
  defaultDataDir
} from "./chunk-DCTALWFM.js";
import {
  HostedUploads,
  PAINTING_JOB_OPTIONS,
  QUEUE_NAMES,
  VISUALIZE_JOB_OPTIONS,
  checkpointKey,
  checkpointUploadKey,
  createObjectStorage,
  createWebhook,
  deleteWebhook,
  migrateAtStart,
  openDatabase,
  previewKey,
  redisConnection,
  resultKey,
  setEmail,
  uploadKey,
  visualizationGridKey,
  visualizationUnitsKey,
  waitForRedis
} from "./chunk-ROOGOE62.js";
import {
  HttpError,
  IMAGE_TYPES,
  encodeUploadThumbnail,
  errorResponse,
  isId,
  newId,
  notFound
} from "./chunk-Y7CRH5CI.js";
import "./chunk-AE3KFWGY.js";
import "./chunk-ZXF4SHAO.js";
import "./chunk-5I24BNVP.js";
import "./chunk-KVEV2N3B.js";
import "./chunk-LLJ2YMLV.js";
import "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-YGESDE6G.js";
import "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import {
  chooseNetwork
} from "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import "./chunk-ELBWPZQG.js";

// dist/src/server/hosted/start-api-node.js
import { serve } from "@hono/node-server";
import { Queue } from "bullmq";
import { join } from "node:path";

// dist/src/server/hosted/admin-board.js
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
var ADMIN_QUEUES_PATH = "/admin/queues";
function createAdminBoard(queues) {
  const serverAdapter = new HonoAdapter(serveStatic);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })), serverAdapter, options: { uiConfig: { boardTitle: "Painterly queues" } } });
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  return serverAdapter.registerPlugin();
}

// dist/src/server/hosted/delete-account.js
async function deleteAccount(database, storage, queues, userId) {
  await database.query(`UPDATE jobs SET cancel_requested = true WHERE user_id = $1 AND status IN ('queued', 'running')`, [userId]);
  await database.query(`UPDATE visualizations SET cancel_requested = true WHERE user_id = $1 AND status IN ('queued', 'running')`, [userId]);
  const jobs = (await database.query("SELECT id, status FROM jobs WHERE user_id = $1", [userId])).rows;
  for (const job2 of jobs.filter((item) => item.status === "queued"))
    for (const queue of queues.paintings)
      await queue.remove(job2.id).catch(() => 0);
  const runs = (await database.query("SELECT id, status FROM visualizations WHERE user_id = $1", [userId])).rows;
  for (const run of runs.filter((item) => item.status === "queued"))
    await queues.visualize.remove(run.id).catch(() => 0);
  const uploads = (await database.query("SELECT id FROM uploads WHERE user_id = $1", [userId])).rows;
  const keys = [
    ...uploads.map((upload) => uploadKey(upload.id)),
    ...jobs.flatMap((job2) => [resultKey(job2.id), previewKey(job2.id), checkpointKey(job2.id), checkpointUploadKey(job2.id)]),
    ...runs.flatMap((run) => [visualizationGridKey(run.id), visualizationUnitsKey(run.id)])
  ];
  for (const key of keys)
    await storage.delete(key);
  await database.query("DELETE FROM users WHERE id = $1", [userId]);
  return { jobs: jobs.length + runs.length, uploads: uploads.length, objects: keys.length };
}

// dist/src/server/hosted/hosted-app.js
import { Hono as Hono7 } from "hono";
import { deleteCookie as deleteCookie2 } from "hono/cookie";

// dist/src/server/hosted/account-routes.js
import { Hono as Hono3 } from "hono";
import { deleteCookie, setCookie as setCookie2 } from "hono/cookie";

// dist/src/server/hosted/guest-sessions.js
import { Hono } from "hono";
import { setCookie } from "hono/cookie";

// dist/src/server/hosted/accounts.js
import { createHash, randomBytes } from "node:crypto";
function hashKey(key) {
  return createHash("sha256").update(key, "utf8").digest();
}
async function createGuest(database) {
  const userId = await createGuestUser(database);
  return { userId, key: await createKey(database, userId) };
}
async function createGuestUser(database) {
  const userId = newId();
  await database.query(`INSERT INTO users (id, kind) VALUES ($1, 'guest')`, [userId]);
  return userId;
}
async function createKey(database, userId) {
  const id = newId();
  const key = `pk_${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, 10);
  const { rows } = await database.query("INSERT INTO api_keys (id, user_id, key_hash, prefix) VALUES ($1, $2, $3, $4) RETURNING created_at", [id, userId, hashKey(key), prefix]);
  return { id, prefix, createdAt: rows[0].created_at.toISOString(), key };
}
async function listKeys(database, userId) {
  const { rows } = await database.query("SELECT id, prefix, created_at, revoked_at FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC", [userId]);
  return rows.map((row) => ({ id: row.id, prefix: row.prefix, createdAt: row.created_at.toISOString(), ...row.revoked_at ? { revokedAt: row.revoked_at.toISOString() } : {} }));
}
async function revokeKey(database, userId, keyId) {
  const shown2 = JSON.stringify(keyId.slice(0, 80));
  if (!isId(keyId))
    throw new HttpError(404, "NOT_FOUND", `No API key ${shown2}.`);
  const { rowCount } = await database.query("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2", [keyId, userId]);
  if (!rowCount)
    throw new HttpError(404, "NOT_FOUND", `No API key ${JSON.stringify(keyId)}.`);
}
async function authenticate(database, authorization) {
  const key = /^Bearer\s+(pk_[A-Za-z0-9_-]{20,100})$/.exec(authorization ?? "")?.[1];
  if (!key)
    throw unauthorized("This API needs a key: send `Authorization: Bearer pk_\u2026` (POST /api/guests makes a guest account with a key).");
  const { rows } = await database.query("SELECT k.id, k.user_id, k.revoked_at, u.role FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = $1", [hashKey(key)]);
  const row = rows[0];
  if (!row)
    throw unauthorized("This API key is not known. Check it, or make a new one.");
  if (row.revoked_at)
    throw unauthorized("This API key was revoked. Use another key of the account, or make a new one.");
  return { userId: row.user_id, role: row.role, via: "key", keyId: row.id };
}
function unauthorized(message) {
  return new HttpError(401, "UNAUTHORIZED", message);
}

// dist/src/server/hosted/request-auth.js
import { getCookie } from "hono/cookie";

// dist/src/server/hosted/sessions.js
import { createHash as createHash2, createHmac, randomBytes as randomBytes2, timingSafeEqual } from "node:crypto";
var SESSION_COOKIE = "painterly_session";
var SESSION_LIFETIME_S = 30 * 24 * 3600;
var CSRF_HEADER = "X-CSRF-Token";
var TOKEN = /^[A-Za-z0-9_-]{43}$/;
async function createSession(database, userId) {
  const token = randomBytes2(32).toString("base64url");
  const { rows } = await database.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`, [hashToken(token), userId, SESSION_LIFETIME_S]);
  await database.query("DELETE FROM sessions WHERE expires_at < now()");
  return { token, csrfToken: csrfTokenOf(token), expiresAt: rows[0].expires_at };
}
async function sessionCaller(database, token) {
  const expired = new HttpError(401, "UNAUTHORIZED", "Your session has ended or expired. Sign in again (POST /api/sessions), or send an API key.");
  if (!TOKEN.test(token))
    throw expired;
  const { rows } = await database.query("SELECT s.user_id, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > now()", [hashToken(token)]);
  if (!rows[0])
    throw expired;
  return { userId: rows[0].user_id, role: rows[0].role, via: "session" };
}
async function endSession(database, token) {
  await database.query("DELETE FROM sessions WHERE token_hash = $1", [hashToken(token)]);
}
async function endSessionsOf(database, userId, keep) {
  await database.query("DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2", [userId, keep === void 0 ? null : hashToken(keep)]);
}
function csrfTokenOf(token) {
  return createHmac("sha256", token).update("painterly csrf token").digest("base64url");
}
function isCsrfTokenOf(token, sent) {
  if (sent === void 0)
    return false;
  const expected = Buffer.from(csrfTokenOf(token));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
function hashToken(token) {
  return createHash2("sha256").update(token, "utf8").digest();
}

// dist/src/server/hosted/request-auth.js
var SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;
async function authenticateRequest(c, database) {
  const authorization = c.req.header("authorization");
  if (authorization !== void 0)
    return authenticate(database, authorization);
  const token = getCookie(c, SESSION_COOKIE);
  if (token === void 0)
    throw new HttpError(401, "UNAUTHORIZED", "This API needs a key or a session: send `Authorization: Bearer pk_\u2026` (POST /api/guests makes a guest account with a key), or sign in (POST /api/sessions) and send its cookie.");
  const caller = await sessionCaller(database, token);
  if (!SAFE_METHOD.test(c.req.method)) {
    checkOrigin(c);
    if (!isCsrfTokenOf(token, c.req.header(CSRF_HEADER))) {
      throw new HttpError(403, "FORBIDDEN", `A request signed in by the session cookie that changes something needs the header ${CSRF_HEADER} with the session's CSRF token (from sign-in, POST /api/sessions, or GET /api/me). Send it, or use an API key (Authorization: Bearer pk_\u2026) instead.`);
    }
  }
  return caller;
}
function sessionTokenOf(c) {
  return c.req.header("authorization") === void 0 ? getCookie(c, SESSION_COOKIE) : void 0;
}
function checkOrigin(c) {
  const origin = c.req.header("origin");
  if (origin === void 0)
    return;
  const host = c.req.header("host");
  let originHost;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = void 0;
  }
  if (!host || originHost?.toLowerCase() !== host.toLowerCase()) {
    throw new HttpError(403, "FORBIDDEN", `This request came from another site (Origin ${JSON.stringify(origin.slice(0, 200))}, but this node is ${JSON.stringify(host ?? "")}). A signed-in browser may only change things from this node's own pages; programs should send an API key instead of a cookie.`);
  }
}
function cameOverHttps(c) {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto")?.split(",")[0].trim().toLowerCase() === "https";
}

// dist/src/server/hosted/user-accounts.js
import { randomBytes as randomBytes4 } from "node:crypto";

// dist/src/server/hosted/passwords.js
import { randomBytes as randomBytes3, scrypt, timingSafeEqual as timingSafeEqual2 } from "node:crypto";
var PASSWORD_HASH_PARAMETERS = { ln: 15, r: 8, p: 1 };
var SALT_BYTES = 16;
var KEY_BYTES = 64;
var MAX_MEMORY_BYTES = 256 * 1024 * 1024;
var PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;
async function hashPassword(password) {
  const { ln, r, p } = PASSWORD_HASH_PARAMETERS;
  const salt = randomBytes3(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, { N: 2 ** ln, r, p });
  return `$scrypt$ln=${ln},r=${r},p=${p}$${unpadded(salt)}$${unpadded(key)}`;
}
async function verifyPassword(password, hash) {
  const parts = PHC.exec(hash);
  if (!parts)
    return false;
  const [ln, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  if (ln < 1 || r < 1 || p < 1 || 128 * 2 ** ln * r > MAX_MEMORY_BYTES || expected.length < 16)
    return false;
  const key = await derive(password, salt, expected.length, { N: 2 ** ln, r, p });
  return timingSafeEqual2(key, expected);
}
function derive(password, salt, length, options) {
  const memory = 128 * options.N * options.r;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, { ...options, maxmem: 2 * memory }, (error2, key) => error2 ? reject(error2) : resolve(key));
  });
}
function unpadded(bytes) {
  return bytes.toString("base64").replace(/=+$/, "");
}

// dist/src/server/hosted/user-accounts.js
var WRONG_CREDENTIALS = "Wrong e-mail address or password. Check both, or sign up first (POST /api/accounts).";
async function signUp(database, body, options) {
  const { email, password } = readCredentials(body);
  const role = options.adminEmail !== void 0 && sameAddress(email, options.adminEmail) ? "admin" : void 0;
  const passwordHash = await hashPassword(password);
  try {
    if (options.upgrade) {
      const { rows: rows2 } = await database.query(`UPDATE users SET kind = 'member', account_email = $2, password_hash = $3, role = coalesce($4, role) WHERE id = $1 AND kind = 'guest' RETURNING *`, [options.upgrade.userId, email, passwordHash, role ?? null]);
      if (!rows2[0])
        throw new HttpError(409, "CONFLICT", "This account already has an e-mail address and password. Sign in with them (POST /api/sessions), or sign up without the key for another account.");
      return view(rows2[0]);
    }
    const { rows } = await database.query(`INSERT INTO users (id, kind, role, account_email, password_hash) VALUES ($1, 'member', $2, $3, $4) RETURNING *`, [newId(), role ?? "user", email, passwordHash]);
    return view(rows[0]);
  } catch (error2) {
    if (error2.code === "23505")
      throw new HttpError(409, "CONFLICT", `An account with the e-mail address ${JSON.stringify(email)} exists already. Sign in instead (POST /api/sessions), or sign up with another address.`, "email");
    throw error2;
  }
}
async function signIn(database, body) {
  const { email, password } = readSignIn(body);
  const { rows } = await database.query("SELECT * FROM users WHERE lower(account_email) = lower($1)", [email]);
  const row = rows[0];
  const matches = await verifyPassword(password, row?.password_hash ?? await dummyPasswordHash());
  if (!row || !matches)
    throw new HttpError(401, "UNAUTHORIZED", WRONG_CREDENTIALS);
  return view(row);
}
async function accountOf(database, userId) {
  const { rows } = await database.query("SELECT u.*, array(SELECT address FROM verified_emails v WHERE v.user_id = u.id) AS verified FROM users u WHERE u.id = $1", [userId]);
  const row = rows[0];
  if (!row)
    throw new HttpError(401, "UNAUTHORIZED", "This account does not exist any more.");
  const verified = (address) => row.verified.includes(address.toLowerCase());
  return {
    ...view(row),
    ...row.account_email ? { emailVerified: verified(row.account_email) } : {},
    ...row.email ? { notificationEmailVerified: verified(row.email) } : {}
  };
}
async function memberByAddress(database, address) {
  const { rows } = await database.query(`SELECT * FROM users WHERE lower(account_email) = lower($1) AND kind = 'member'`, [address]);
  const row = rows[0];
  return row?.account_email && row.password_hash ? { userId: row.id, accountEmail: row.account_email, passwordHash: row.password_hash } : void 0;
}
function readNewPassword(password, field) {
  const parsed = credentialsSchema.shape.password.safeParse(password);
  if (parsed.success)
    return parsed.data;
  const received = typeof password === "string" ? `${[...password].length} characters` : JSON.stringify(shown(password));
  throw invalid(field, `a password of ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters for ${field} but received ${received}`);
}
async function promoteAdmin(database, email) {
  const { rowCount } = await database.query(`UPDATE users SET role = 'admin' WHERE lower(account_email) = lower($1)`, [email]);
  return Boolean(rowCount);
}
var dummyHash;
function dummyPasswordHash() {
  dummyHash ??= hashPassword(randomBytes4(24).toString("base64url"));
  return dummyHash;
}
function readCredentials(body) {
  const parsed = credentialsSchema.safeParse(body);
  if (parsed.success)
    return parsed.data;
  const { email, password } = body ?? {};
  if (!parsed.error.issues.some((issue) => issue.path[0] === "password"))
    throw invalid("email", `an e-mail address for email but received ${JSON.stringify(shown(email))}`);
  readNewPassword(password, "password");
  throw invalid("password", "a password for password");
}
function readSignIn(body) {
  const { email, password } = body ?? {};
  if (typeof email !== "string" || email.length > 254)
    throw invalid("email", `an e-mail address for email but received ${JSON.stringify(shown(email))}`);
  if (typeof password !== "string" || password.length > PASSWORD_LENGTH.max)
    throw invalid("password", `a password of at most ${PASSWORD_LENGTH.max} characters for password`);
  return { email, password };
}
function invalid(field, expected) {
  return new HttpError(400, "INVALID_OPTION", `Expected ${expected}.`, field);
}
function shown(value) {
  return typeof value === "string" && value.length > 80 ? `${value.slice(0, 80)}\u2026` : value ?? null;
}
function sameAddress(a, b) {
  return a.toLowerCase() === b.toLowerCase();
}
function view(row) {
  return { userId: row.id, kind: row.kind, role: row.role, ...row.account_email ? { accountEmail: row.account_email } : {}, ...row.email ? { email: row.email } : {} };
}

// dist/src/server/hosted/guest-sessions.js
function createGuestSessionRoutes(options) {
  const { database } = options;
  const routes = new Hono();
  routes.post("/sessions/guest", async (c) => {
    checkOrigin(c);
    const previous = sessionTokenOf(c);
    if (previous !== void 0)
      await endSession(database, previous);
    const userId = await createGuestUser(database);
    const session = await createSession(database, userId);
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: SESSION_LIFETIME_S, secure: options.cookieSecure || cameOverHttps(c) });
    return c.json({ ...await accountOf(database, userId), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }, 201);
  });
  return routes;
}
async function sessionGuest(c, database) {
  const token = sessionTokenOf(c);
  if (token === void 0)
    return void 0;
  const caller = await sessionCaller(database, token).catch(() => void 0);
  if (!caller || (await accountOf(database, caller.userId)).kind !== "guest")
    return void 0;
  if (!isCsrfTokenOf(token, c.req.header(CSRF_HEADER))) {
    throw new HttpError(403, "FORBIDDEN", `Creating an account for the guest signed in by this session cookie needs the header ${CSRF_HEADER} with the session's CSRF token (from POST /api/sessions/guest or GET /api/me).`);
  }
  return caller;
}

// dist/src/server/hosted/json-body.js
async function jsonBody(c) {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, "BAD_REQUEST", "Expected a JSON body (Content-Type: application/json).");
  }
}

// dist/src/server/hosted/client-address.js
import { getConnInfo } from "@hono/node-server/conninfo";
import { isIP } from "node:net";
function clientAddress(c, trustProxy) {
  const forwarded = trustProxy ? c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim() : void 0;
  const address = forwarded && isIP(forwarded) ? forwarded : getConnInfo(c).remote.address ?? "unknown";
  return counted(address);
}
function counted(address) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped)
    return mapped[1];
  if (isIP(address) !== 6)
    return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

// dist/src/server/hosted/account-tokens.js
import { createHash as createHash3, randomBytes as randomBytes5 } from "node:crypto";
var TOKEN_LIFETIME_S = { "verify-email": 24 * 3600, "reset-password": 3600 };
var KEEP_USED_S = 7 * 24 * 3600;
var TOKEN2 = /^[A-Za-z0-9_-]{43}$/;
async function createAccountToken(database, purpose, userId, address) {
  const token = randomBytes5(32).toString("base64url");
  await database.query("INSERT INTO account_tokens (token_hash, user_id, purpose, address, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))", [hashToken2(token), userId, purpose, address.toLowerCase(), TOKEN_LIFETIME_S[purpose]]);
  await database.query("DELETE FROM account_tokens WHERE expires_at < now() - make_interval(secs => $1)", [KEEP_USED_S]);
  return token;
}
async function useAccountToken(database, purpose, token, newOne) {
  const what = purpose === "verify-email" ? "verification" : "password reset";
  if (typeof token !== "string" || !TOKEN2.test(token)) {
    throw new HttpError(400, "INVALID_OPTION", `Expected the ${what} token from the e-mail (43 characters) for token but received ${JSON.stringify(typeof token === "string" ? token.slice(0, 80) : token ?? null)}. Copy it whole, or ${newOne}.`, "token");
  }
  const hash = hashToken2(token);
  const { rows } = await database.query("UPDATE account_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING user_id, address", [hash, purpose]);
  if (rows[0])
    return { userId: rows[0].user_id, address: rows[0].address };
  const { rows: known } = await database.query("SELECT used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2", [hash, purpose]);
  if (!known[0])
    throw new HttpError(400, "INVALID_OPTION", `This ${what} token is not known (or its account was deleted). Check that it was copied whole, or ${newOne}.`, "token");
  if (known[0].used_at)
    throw new HttpError(410, "TOKEN_USED", `This ${what} token was used already; a token works once. To do it again, ${newOne}.`, "token");
  throw new HttpError(410, "TOKEN_EXPIRED", `This ${what} token has expired (it worked for ${TOKEN_LIFETIME_S[purpose] / 3600} h). ${capitalized(newOne)}.`, "token");
}
async function endAccountTokens(database, purpose, userId) {
  await database.query("UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL", [userId, purpose]);
}
function hashToken2(token) {
  return createHash3("sha256").update(token, "utf8").digest();
}
function capitalized(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// dist/src/server/hosted/email-verification.js
var NEW_VERIFICATION = "ask for a new e-mail: POST /api/accounts/verify/resend (signed in)";
async function sendVerification(services, userId, address) {
  if (await isVerified(services.database, userId, address))
    return "verified already";
  if (!services.mailer)
    return "no smtp";
  const allowed = await services.limits.verificationEmail(userId);
  if (!allowed.allowed)
    return { retryAfterS: allowed.retryAfterS };
  const token = await createAccountToken(services.database, "verify-email", userId, address);
  await services.mailer.sendVerification(address, token);
  return "sent";
}
async function verifyEmail(database, token) {
  const used = await useAccountToken(database, "verify-email", token, NEW_VERIFICATION);
  await markVerified(database, used.userId, used.address);
  return used;
}
async function markVerified(database, userId, address) {
  await database.query("INSERT INTO verified_emails (user_id, address) VALUES ($1, lower($2)) ON CONFLICT DO NOTHING", [userId, address]);
}
async function isVerified(database, userId, address) {
  const { rows } = await database.query("SELECT 1 FROM verified_emails WHERE user_id = $1 AND address = lower($2)", [userId, address]);
  return rows.length > 0;
}

// dist/src/server/hosted/recovery-routes.js
import { Hono as Hono2 } from "hono";

// dist/src/server/hosted/abuse-limits.js
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
var ABUSE_LIMITS = {
  /** Failed sign-ins (and wrong current passwords) per address from one IP; a success clears it. */
  signInFailuresPerAccountAndIp: { points: 5, durationS: 15 * 60 },
  /** Failed sign-ins per IP, whatever the address. */
  signInFailuresPerIp: { points: 100, durationS: 3600 },
  /** Sign-up requests per IP. */
  signUpsPerIp: { points: 20, durationS: 3600 },
  /** Password-reset requests per IP. */
  passwordResetsPerIp: { points: 10, durationS: 3600 },
  /** Password-reset requests per address (an address is not flooded with reset e-mails). */
  passwordResetsPerAddress: { points: 3, durationS: 3600 },
  /** Verification e-mails per account (sign-up's, a new job e-mail address's and resends). */
  verificationEmailsPerUser: { points: 3, durationS: 3600 }
};
var TooManyAttempts = class extends HttpError {
  retryAfterS;
  constructor(retryAfterS, what, instead = "") {
    const at = new Date(Date.now() + retryAfterS * 1e3).toISOString().slice(11, 16);
    super(429, "TOO_MANY_ATTEMPTS", `${what} Try again in ${duration(retryAfterS)} (after ${at} UTC; the Retry-After header has the seconds)${instead}.`);
    this.retryAfterS = retryAfterS;
  }
};
function createAbuseLimits(redis) {
  const limiters = Object.fromEntries(Object.entries(ABUSE_LIMITS).map(([name, limit]) => [name, new RateLimiterRedis({ storeClient: redis, keyPrefix: `painterly:limit:${name}`, points: limit.points, duration: limit.durationS })]));
  const accountKey = (address, ip) => `${ip}|${address.toLowerCase()}`;
  const tooManySignIns = (retryAfterS) => new TooManyAttempts(retryAfterS, "Too many failed sign-ins for this address from your network.", ", or set a new password by e-mail (POST /api/password-resets)");
  return {
    async checkSignIn(address, ip) {
      const [perAccount, perIp] = await Promise.all([limiters.signInFailuresPerAccountAndIp.get(accountKey(address, ip)), limiters.signInFailuresPerIp.get(ip)]);
      const over = [
        [perAccount, ABUSE_LIMITS.signInFailuresPerAccountAndIp],
        [perIp, ABUSE_LIMITS.signInFailuresPerIp]
      ];
      const waits = over.filter(([res, limit]) => res !== null && res.consumedPoints >= limit.points).map(([res]) => retryAfterOf(res));
      if (waits.length > 0)
        throw tooManySignIns(Math.max(...waits));
    },
    async signInFailed(address, ip) {
      await Promise.all([counted2(limiters.signInFailuresPerAccountAndIp.consume(accountKey(address, ip))), counted2(limiters.signInFailuresPerIp.consume(ip))]);
    },
    async signInSucceeded(address, ip) {
      await limiters.signInFailuresPerAccountAndIp.delete(accountKey(address, ip));
    },
    async signUp(ip) {
      const over = await counted2(limiters.signUpsPerIp.consume(ip));
      if (over)
        throw new TooManyAttempts(over, `Too many sign-ups from your network (at most ${ABUSE_LIMITS.signUpsPerIp.points} an hour).`);
    },
    async passwordReset(address, ip) {
      const over = Math.max(await counted2(limiters.passwordResetsPerIp.consume(ip)), await counted2(limiters.passwordResetsPerAddress.consume(address.toLowerCase())));
      if (over)
        throw new TooManyAttempts(over, "Too many password-reset requests for this address or from your network; the e-mails sent already still work.");
    },
    async verificationEmail(userId) {
      const over = await counted2(limiters.verificationEmailsPerUser.consume(userId));
      return over ? { allowed: false, retryAfterS: over } : { allowed: true };
    }
  };
}
function retryAfterOf(res) {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1e3));
}
async function counted2(consumed) {
  try {
    await consumed;
    return 0;
  } catch (error2) {
    if (error2 instanceof RateLimiterRes)
      return retryAfterOf(error2);
    throw error2;
  }
}
function duration(seconds) {
  if (seconds < 90)
    return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

// dist/src/server/hosted/password-reset.js
var NEW_RESET = "ask for a new e-mail: POST /api/password-resets { email }";
function readResetAddress(body) {
  const { email } = body ?? {};
  const parsed = credentialsSchema.shape.email.safeParse(email);
  if (!parsed.success)
    throw new HttpError(400, "INVALID_OPTION", `Expected the e-mail address of the account for email but received ${JSON.stringify(typeof email === "string" ? email.slice(0, 80) : email ?? null)}.`, "email");
  return parsed.data;
}
async function sendPasswordReset(database, mailer, address) {
  const member = await memberByAddress(database, address);
  if (!member)
    return false;
  const token = await createAccountToken(database, "reset-password", member.userId, member.accountEmail);
  await mailer.sendPasswordReset(member.accountEmail, token);
  return true;
}
async function confirmPasswordReset(database, body) {
  const { token, password } = body ?? {};
  const passwordHash = await hashPassword(readNewPassword(password, "password"));
  const client = await database.connect();
  try {
    await client.query("BEGIN");
    const used = await useAccountToken(client, "reset-password", token, NEW_RESET);
    const { rowCount } = await client.query(`UPDATE users SET password_hash = $2 WHERE id = $1 AND lower(account_email) = $3`, [used.userId, passwordHash, used.address]);
    if (!rowCount)
      throw new HttpError(410, "TOKEN_EXPIRED", `This password reset token was sent to an address the account no longer signs in with. To reset the password, ${NEW_RESET}.`, "token");
    await endSessionsOf(client, used.userId);
    await endAccountTokens(client, "reset-password", used.userId);
    await markVerified(client, used.userId, used.address);
    await client.query("COMMIT");
    return { userId: used.userId, accountEmail: used.address };
  } catch (error2) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw error2;
  } finally {
    client.release();
  }
}
async function changePassword(database, caller, body, attempts, keepSession) {
  const { currentPassword, newPassword } = body ?? {};
  const { rows } = await database.query("SELECT account_email, password_hash FROM users WHERE id = $1", [caller.userId]);
  const account2 = rows[0];
  if (!account2?.account_email || !account2.password_hash)
    throw new HttpError(409, "CONFLICT", "This account has no password yet (a guest). Sign up with your key to set one: POST /api/accounts { email, password }.");
  if (typeof currentPassword !== "string" || currentPassword.length > 1024)
    throw new HttpError(400, "INVALID_OPTION", "Expected your current password (a string) for currentPassword.", "currentPassword");
  const passwordHash = await hashPassword(readNewPassword(newPassword, "newPassword"));
  await attempts.check(account2.account_email);
  if (!await verifyPassword(currentPassword, account2.password_hash)) {
    await attempts.failed(account2.account_email);
    throw new HttpError(403, "FORBIDDEN", "The current password is wrong, so the password stays as it is. Check it, or set a new one by e-mail (POST /api/password-resets).", "currentPassword");
  }
  await database.query("UPDATE users SET password_hash = $2 WHERE id = $1", [caller.userId, passwordHash]);
  await endSessionsOf(database, caller.userId, keepSession);
  await endAccountTokens(database, "reset-password", caller.userId);
}

// dist/src/server/hosted/recovery-routes.js
var NO_SMTP = "This deployment sends no e-mails (its API nodes run without --smtp), so this cannot be done by e-mail. Ask its operator.";
function createRecoveryRoutes(database, recovery, authenticated, log) {
  const { limits, mailer } = recovery;
  const routes = new Hono2();
  const verification = { database, mailer, limits };
  routes.post("/accounts/verify", async (c) => {
    checkOrigin(c);
    const body = await jsonBody(c);
    const { address } = await verifyEmail(database, body?.token);
    return c.json({ verified: address });
  });
  routes.post("/accounts/verify/resend", authenticated, async (c) => {
    if (!mailer)
      throw new HttpError(503, "UNAVAILABLE", NO_SMTP);
    const account2 = await accountOf(database, c.get("caller").userId);
    const addresses = [...new Set([account2.accountEmail, account2.email].filter((address) => address !== void 0).map((address) => address.toLowerCase()))];
    const sent = [];
    for (const address of addresses) {
      const outcome = await sendVerification(verification, account2.userId, address);
      if (typeof outcome === "object")
        throw withRetryAfter(c, new TooManyAttempts(outcome.retryAfterS, "This account had its verification e-mails for the hour; the ones sent already still work."));
      if (outcome === "sent")
        sent.push(address);
    }
    if (addresses.length === 0)
      throw new HttpError(409, "CONFLICT", "This account has no e-mail address to verify. Sign up (POST /api/accounts), or give one for job e-mails (PUT /api/me/email).");
    if (sent.length === 0)
      throw new HttpError(409, "CONFLICT", `Every address of this account is verified already (${addresses.join(", ")}).`);
    return c.json({ sent }, 202);
  });
  routes.post("/password-resets", async (c) => {
    checkOrigin(c);
    const address = readResetAddress(await jsonBody(c));
    if (!mailer)
      throw new HttpError(503, "UNAVAILABLE", NO_SMTP);
    await rateLimited(c, limits.passwordReset(address, clientAddress(c, recovery.trustProxy)));
    void sendPasswordReset(database, mailer, address).catch(log);
    return c.json({ accepted: true, message: "If an account signs in with this address, an e-mail with a reset token is on its way (it works for 1 hour, once)." }, 202);
  });
  routes.post("/password-resets/confirm", async (c) => {
    checkOrigin(c);
    await confirmPasswordReset(database, await jsonBody(c));
    return c.body(null, 204);
  });
  routes.put("/me/password", authenticated, async (c) => {
    const ip = clientAddress(c, recovery.trustProxy);
    const attempts = { check: (address) => rateLimited(c, limits.checkSignIn(address, ip)), failed: (address) => limits.signInFailed(address, ip) };
    await changePassword(database, c.get("caller"), await jsonBody(c), attempts, sessionTokenOf(c));
    return c.body(null, 204);
  });
  routes.put("/me/email", authenticated, async (c) => {
    const userId = c.get("caller").userId;
    const body = await jsonBody(c);
    const { email } = await setEmail(database, userId, body?.email ?? null);
    if (email === null)
      return c.json({ email });
    const sent = await sendVerification(verification, userId, email).catch((error2) => {
      log(error2);
      return "failed";
    });
    return c.json({ email, verified: sent === "verified already" || await isVerified(database, userId, email), verificationSent: sent === "sent" });
  });
  return routes;
}
async function rateLimited(c, check2) {
  try {
    await check2;
  } catch (error2) {
    throw error2 instanceof TooManyAttempts ? withRetryAfter(c, error2) : error2;
  }
}
function withRetryAfter(c, error2) {
  c.header("Retry-After", String(error2.retryAfterS));
  return error2;
}

// dist/src/server/hosted/account-routes.js
function createAccountRoutes(options, authenticated) {
  const { database, recovery } = options;
  const { limits } = recovery;
  const routes = new Hono3();
  void dummyPasswordHash().catch(options.log);
  const secure = (c) => options.cookieSecure || cameOverHttps(c);
  routes.post("/accounts", async (c) => {
    checkOrigin(c);
    const body = await jsonBody(c);
    const upgrade = c.req.header("authorization") !== void 0 ? await authenticateRequest(c, database) : await sessionGuest(c, database);
    await rateLimited(c, limits.signUp(clientAddress(c, recovery.trustProxy)));
    const account2 = await signUp(database, body, { adminEmail: options.adminEmail, upgrade });
    if (account2.accountEmail)
      void sendVerification({ database, mailer: recovery.mailer, limits }, account2.userId, account2.accountEmail).catch(options.log);
    return c.json(account2, 201);
  });
  routes.post("/sessions", async (c) => {
    checkOrigin(c);
    const body = await jsonBody(c);
    const ip = clientAddress(c, recovery.trustProxy);
    const address = typeof body?.email === "string" ? String(body.email).slice(0, 254) : "";
    await rateLimited(c, limits.checkSignIn(address, ip));
    const account2 = await signIn(database, body).catch(async (error2) => {
      if (error2 instanceof HttpError && error2.status === 401)
        await limits.signInFailed(address, ip);
      throw error2;
    });
    await limits.signInSucceeded(address, ip);
    const previous = sessionTokenOf(c);
    if (previous !== void 0)
      await endSession(database, previous);
    const session = await createSession(database, account2.userId);
    setCookie2(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: SESSION_LIFETIME_S, secure: secure(c) });
    return c.json({ ...account2, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() });
  });
  routes.delete("/sessions/current", authenticated, async (c) => {
    const token = sessionTokenOf(c);
    if (token === void 0)
      throw new HttpError(400, "BAD_REQUEST", "Sign-out ends the session of the cookie, and this request has none (it used an API key). To stop using a key, revoke it: DELETE /api/keys/:id.");
    await endSession(database, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secure(c) });
    return c.body(null, 204);
  });
  routes.get("/me", authenticated, async (c) => {
    const token = sessionTokenOf(c);
    return c.json({ ...await accountOf(database, c.get("caller").userId), ...token === void 0 ? {} : { csrfToken: csrfTokenOf(token) } });
  });
  routes.route("/", createRecoveryRoutes(database, recovery, authenticated, options.log));
  return routes;
}

// dist/src/server/hosted/gallery-routes.js
import { Hono as Hono4 } from "hono";
var IMMUTABLE = "private, max-age=31536000, immutable";
function createGalleryRoutes(jobs) {
  const routes = new Hono4();
  routes.get("/gallery", async (c) => c.json({ items: await jobs.list(c.get("caller")) }));
  routes.get("/gallery/:id", async (c) => c.json(await jobs.view(c.get("caller"), c.req.param("id"))));
  routes.get("/gallery/:id/image", async (c) => {
    const caller = c.get("caller");
    const png2 = await jobs.image(caller, c.req.param("id"), "result");
    const headers = { "Content-Type": "image/png", "Cache-Control": IMMUTABLE };
    if (c.req.query("download") !== void 0)
      headers["Content-Disposition"] = attachmentHeader((await jobs.view(caller, c.req.param("id"))).title, "png");
    return c.body(new Uint8Array(png2), 200, headers);
  });
  routes.get("/gallery/:id/thumbnail", async (c) => {
    const png2 = await jobs.image(c.get("caller"), c.req.param("id"), "result");
    return c.body(new Uint8Array(await encodeCardImage(png2)), 200, { "Content-Type": "image/jpeg", "Cache-Control": IMMUTABLE });
  });
  routes.get("/gallery/:id/download", async (c) => {
    const caller = c.get("caller");
    const request = parseDownloadQuery(c.req.query("format"), c.req.query("longSidePx"));
    const png2 = await jobs.image(caller, c.req.param("id"), "result");
    const name = parseDownloadName(c.req.query("name")) ?? (await jobs.view(caller, c.req.param("id"))).title;
    const body = await downloadImage(png2, request);
    return c.body(new Uint8Array(body), 200, { "Content-Type": `image/${request.format}`, "Content-Disposition": attachmentHeader(name, request.format === "jpeg" ? "jpg" : "png"), "Cache-Control": "private, no-cache" });
  });
  routes.delete("/gallery/:id", async (c) => {
    await jobs.delete(c.get("caller"), c.req.param("id"));
    return c.body(null, 204);
  });
  return routes;
}

// dist/src/server/hosted/studio-routes.js
import { Hono as Hono6 } from "hono";

// dist/src/server/hosted/visualize-routes.js
import { Hono as Hono5 } from "hono";
var HOSTED_VISUALIZE_AVAILABLE = true;
function createVisualizeRoutes(visualizations) {
  const app = new Hono5();
  app.post("/visualize", jsonRequestLimit("visualize request"), async (c) => {
    const body = await jsonRequestBody(c, "visualize request");
    return c.json(await visualizations.submit(c.get("caller").userId, body), 202);
  });
  app.get("/visualize", async (c) => c.json({ runs: await visualizations.list(c.get("caller").userId) }));
  app.get("/visualize/:id", async (c) => c.json(await visualizations.view(c.get("caller").userId, c.req.param("id"))));
  app.get("/visualize/:id/image", async (c) => {
    const view2 = await visualizations.grid(c.get("caller").userId, c.req.param("id"));
    const body = view2.buffer.slice(view2.byteOffset, view2.byteOffset + view2.byteLength);
    return c.body(body, 200, { "Content-Type": "image/png", "Cache-Control": "private, no-store" });
  });
  app.get("/visualize/:id/units", async (c) => c.json(await visualizations.units(c.get("caller").userId, c.req.param("id"))));
  app.post("/visualize/:id/cancel", async (c) => c.json(await visualizations.cancel(c.get("caller").userId, c.req.param("id"))));
  return app;
}

// dist/src/server/hosted/studio-routes.js
var IMMUTABLE2 = "private, max-age=31536000, immutable";
function createStudioConfigRoute(deps) {
  const routes = new Hono6();
  routes.get("/config", async (c) => {
    const account2 = await accountOfRequest(c, deps.database);
    const token = account2 ? sessionTokenOf(c) : void 0;
    const config = {
      ...await studioConfig({ options: deps.options, samples: deps.samples, uploadLimits: deps.uploadLimits }),
      accounts: true,
      account: account2,
      ...token === void 0 ? {} : { csrfToken: csrfTokenOf(token) },
      visualize: HOSTED_VISUALIZE_AVAILABLE,
      passwordLength: PASSWORD_LENGTH
    };
    c.header("Cache-Control", "private, no-store");
    return c.json(config);
  });
  return routes;
}
function createStudioRoutes(deps) {
  const { jobs, samples } = deps;
  const routes = new Hono6();
  routes.get("/uploads/:id", async (c) => c.json(await jobs.uploads(c.get("caller")).info(c.req.param("id"))));
  routes.get("/uploads/:id/image", async (c) => {
    const { info, bytes } = await jobs.uploads(c.get("caller")).bytes(c.req.param("id"));
    return c.body(new Uint8Array(bytes), 200, { "Content-Type": IMAGE_TYPES[info.format] ?? "application/octet-stream", "Cache-Control": IMMUTABLE2 });
  });
  routes.get("/uploads/:id/thumbnail", async (c) => {
    const { bytes } = await jobs.uploads(c.get("caller")).bytes(c.req.param("id"));
    return c.body(new Uint8Array(await encodeUploadThumbnail(bytes, deps.uploadLimits.maxPixels)), 200, { "Content-Type": "image/jpeg", "Cache-Control": IMMUTABLE2 });
  });
  routes.get("/samples/:name/thumbnail", async (c) => {
    const body = await samples.thumbnail(c.req.param("name"));
    return c.body(new Uint8Array(body), 200, { "Content-Type": "image/jpeg", "Cache-Control": "private, max-age=3600" });
  });
  routes.get("/presets/:name/sample", () => {
    throw new HttpError(404, "NOT_FOUND", "A hosted deployment has no preset sample pictures: its API node paints nothing itself. Paint with the preset to see what it does.");
  });
  routes.post("/estimate", () => {
    throw new HttpError(404, "NOT_FOUND", "A hosted deployment does not estimate run times before a job starts: worker nodes of different speeds run its jobs. A running job shows its progress.");
  });
  routes.post("/jobs/:id/resume", async (c) => {
    const job2 = await jobs.view(c.get("caller"), c.req.param("id"));
    throw new HttpError(409, "CONFLICT", `A hosted job is never left interrupted: when its worker stops, another worker continues it from its latest checkpoint by itself (this one is ${job2.status}). Start it again to paint it once more.`);
  });
  return routes;
}
async function refuseStopAndKeep(c) {
  const text = await c.req.text().catch(() => "");
  let keep;
  try {
    keep = text.trim() === "" ? void 0 : JSON.parse(text)?.keep;
  } catch {
    keep = void 0;
  }
  if (keep === true)
    throw new HttpError(409, "CONFLICT", "Stop and keep is not available on a hosted deployment: its workers keep no unfinished image. Cancel stops the job without a result.", "keep");
}
async function accountOfRequest(c, database) {
  if (c.req.header("authorization") === void 0 && sessionTokenOf(c) === void 0)
    return null;
  const caller = await authenticateRequest(c, database).catch((error2) => {
    if (error2 instanceof HttpError && error2.status === 401)
      return void 0;
    throw error2;
  });
  if (!caller)
    return null;
  const { userId, kind, role, accountEmail, emailVerified } = await accountOf(database, caller.userId);
  return { userId, kind, role, ...accountEmail === void 0 ? {} : { accountEmail }, ...emailVerified === void 0 ? {} : { emailVerified } };
}

// dist/src/server/hosted/job-counts.js
function jobCounts(jobs) {
  const count = (mode) => ({
    running: jobs.filter((job2) => job2.mode === mode && job2.status === "running").length,
    waiting: jobs.filter((job2) => job2.mode === mode && job2.status === "queued").length
  });
  return { fast: count("fast"), quality: count("quality"), visualize: { running: 0, waiting: 0 } };
}

// dist/src/server/hosted/quota.js
var QUOTA_WINDOW_MS = 36e5;
var QuotaExceeded = class extends HttpError {
  limit;
  retryAfterS;
  constructor(limit, retryAfterS) {
    super(429, "QUOTA_EXCEEDED", `This account may start ${limit} jobs per hour and has used them. Try again in ${retryAfterS} s (the Retry-After header says when).`);
    this.limit = limit;
    this.retryAfterS = retryAfterS;
  }
};
async function checkHourlyQuota(client, userId, defaultLimit) {
  const user = await client.query("SELECT jobs_per_hour FROM users WHERE id = $1 FOR UPDATE", [userId]);
  const limit = user.rows[0]?.jobs_per_hour ?? defaultLimit;
  const recent = await client.query(`SELECT created_at FROM jobs WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)
     UNION ALL
     SELECT created_at FROM visualizations WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)
     ORDER BY created_at`, [userId, QUOTA_WINDOW_MS / 1e3]);
  if (recent.rows.length < limit)
    return;
  const oldest = recent.rows[recent.rows.length - limit].created_at.getTime();
  throw new QuotaExceeded(limit, Math.max(1, Math.ceil((oldest + QUOTA_WINDOW_MS - Date.now()) / 1e3)));
}

// dist/src/server/hosted/share-links.js
import { createHash as createHash4, randomBytes as randomBytes6 } from "node:crypto";
function hashToken3(token) {
  return createHash4("sha256").update(token, "utf8").digest();
}
async function createShareLink(database, userId, jobId) {
  const id = newId();
  const token = randomBytes6(32).toString("base64url");
  const { rows } = await database.query("INSERT INTO share_links (id, job_id, user_id, token_hash) VALUES ($1, $2, $3, $4) RETURNING created_at", [id, jobId, userId, hashToken3(token)]);
  return { id, jobId, createdAt: rows[0].created_at.toISOString(), url: `/api/shared/${token}` };
}
async function revokeShareLink(database, userId, jobId, id) {
  const { rowCount } = isId(id) ? await database.query("UPDATE share_links SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND job_id = $2 AND user_id = $3", [id, jobId, userId]) : { rowCount: 0 };
  if (!rowCount)
    throw new HttpError(404, "NOT_FOUND", "No such share link of this job.");
}
async function sharedJobId(database, token) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token))
    throw notFound("share link", token);
  const { rows } = await database.query("SELECT job_id FROM share_links WHERE token_hash = $1 AND revoked_at IS NULL", [hashToken3(token)]);
  if (!rows[0])
    throw new HttpError(404, "NOT_FOUND", "This share link does not exist or was revoked by its owner.");
  return rows[0].job_id;
}

// dist/src/server/hosted/studio-view.js
function studioFieldsOf(row) {
  const active = row.status === "queued" || row.status === "running";
  const progress = active && row.progress ? countedProgress(row.progress, row) : void 0;
  const elapsedMs = row.started_at ? (row.finished_at ?? /* @__PURE__ */ new Date()).getTime() - row.started_at.getTime() : void 0;
  const previewIteration = active && row.progress?.type === "preview" ? row.progress.iteration : void 0;
  return {
    updatedAt: (row.finished_at ?? row.started_at ?? row.created_at).toISOString(),
    sources: sourcesOf(row),
    ...active ? { stage: stageOf(row) } : {},
    ...progress ? { progress } : {},
    ...elapsedMs === void 0 ? {} : { elapsedMs: Math.max(0, elapsedMs) },
    ...previewIteration === void 0 ? {} : { preview: { iteration: previewIteration, url: `/api/jobs/${row.id}/preview?iteration=${previewIteration}` } },
    ...row.status === "done" && row.result ? { imageUrl: `/api/gallery/${row.id}/image`, thumbnailUrl: `/api/gallery/${row.id}/thumbnail` } : {}
  };
}
function countedProgress(message, row) {
  if (message.type === "iteration")
    return { ...message, unit: "iteration" };
  if (message.type === "tile")
    return { ...message, unit: "tile", iteration: message.index, iterations: message.count };
  if (message.type === "preview" && row.settings.mode === "quality")
    return { ...message, unit: "iteration", iterations: row.settings.iterations, elapsedMs: 0 };
  return message;
}
function stageOf(row) {
  if (row.status === "queued")
    return "waiting";
  if (!row.progress || row.progress.type === "load")
    return "loading";
  return row.mode === "fast" ? "stylizing" : "optimizing";
}
function sourcesOf(row) {
  const sources = fallbackSources({ id: row.id, mode: row.mode, status: row.status, createdAt: "", updatedAt: "", settings: row.settings });
  const separator = row.title.indexOf(TITLE_SEPARATOR);
  return separator > 0 ? { ...sources, content: { ...sources.content, title: row.title.slice(0, separator) } } : sources;
}

// dist/src/server/hosted/hosted-jobs.js
var HostedJobs = class {
  deps;
  constructor(deps) {
    this.deps = deps;
  }
  /** The caller's uploads. */
  uploads(caller) {
    return new HostedUploads(this.deps.database, this.deps.storage, caller.userId, this.deps.uploadLimits);
  }
  /** Validates, checks the quota (429 with Retry-After), stores and queues job `body` of `caller`. */
  async submit(caller, body) {
    const { database, queues, options, samples } = this.deps;
    const resolved = await resolveJob(body, { uploads: this.uploads(caller), samples, options });
    const workerJob = resolved.workerJob({ outputPath: "result.png", checkpointPath: "result.png.checkpoint" });
    const id = newId();
    const client = await database.connect();
    let activeBefore = 0;
    try {
      await client.query("BEGIN");
      await checkHourlyQuota(client, caller.userId, this.deps.jobsPerHour);
      const active = await client.query(`SELECT count(*) FROM jobs WHERE user_id = $1 AND status IN ('queued', 'running')`, [caller.userId]);
      activeBefore = Number(active.rows[0].count);
      await client.query("INSERT INTO jobs (id, user_id, mode, lane, status, title, settings, worker_job, uploads) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
        id,
        caller.userId,
        resolved.settings.mode,
        resolved.lane,
        "queued",
        resolved.title,
        JSON.stringify(resolved.settings),
        JSON.stringify(workerJob),
        JSON.stringify(uploadIdsOf(resolved.settings))
      ]);
      await client.query("COMMIT");
    } catch (error2) {
      await client.query("ROLLBACK").catch(() => void 0);
      throw error2;
    } finally {
      client.release();
    }
    const queue = resolved.lane === "quality" ? queues.quality : queues.fast;
    try {
      await queue.add("paint", { jobId: id }, { ...PAINTING_JOB_OPTIONS, jobId: id, priority: Math.min(1 + activeBefore, 2e6) });
    } catch (error2) {
      await database.query("DELETE FROM jobs WHERE id = $1", [id]).catch(() => void 0);
      throw error2;
    }
    return this.view(caller, id);
  }
  /** Job `id` of `caller`; 404 when the caller has no such job. */
  async view(caller, id) {
    return viewOf(await this.row(caller, id));
  }
  /** The caller's jobs, newest first (at most 200). */
  async list(caller) {
    const { rows } = await this.deps.database.query("SELECT * FROM jobs WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200", [caller.userId]);
    return rows.map(viewOf);
  }
  /** Stops job `id`: a waiting job leaves its queue at once, a running one stops at its worker's next step. 409 when it already ended. */
  async cancel(caller, id) {
    const row = await this.row(caller, id);
    if (row.status !== "queued" && row.status !== "running")
      throw new HttpError(409, "CONFLICT", `This job already ended (${row.status}); there is nothing to cancel.`);
    await this.deps.database.query("UPDATE jobs SET cancel_requested = true WHERE id = $1", [id]);
    const queue = row.lane === "quality" ? this.deps.queues.quality : this.deps.queues.fast;
    const removed = await queue.remove(id).catch(() => 0);
    if (removed)
      await this.deps.database.query(`UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status = 'queued'`, [id]);
    return this.view(caller, id);
  }
  /**
   * Deletes the caller's job `id` with its stored images (a gallery item's delete): an active job is
   * stopped first; a worker still finishing it finds no row and deletes what it stored.
   */
  async delete(caller, id) {
    const row = await this.row(caller, id);
    if (row.status === "queued" || row.status === "running")
      await this.cancel(caller, id);
    for (const key of [resultKey(id), previewKey(id), checkpointKey(id)])
      await this.deps.storage.delete(key);
    await this.deps.database.query("DELETE FROM jobs WHERE id = $1 AND user_id = $2", [id, caller.userId]);
  }
  /** The stored result (PNG) or latest preview (JPEG) of the caller's job `id`; 404 when there is none. */
  async image(caller, id, which) {
    await this.row(caller, id);
    const bytes = await this.deps.storage.get(which === "result" ? resultKey(id) : previewKey(id));
    if (!bytes)
      throw new HttpError(404, "NOT_FOUND", which === "result" ? "This job has no result (yet): wait until its status is done." : "This job has no preview yet.");
    return bytes;
  }
  /** What share link `token` shows: the job's title, status and result. 404 for an unknown or revoked link. */
  async shared(token) {
    const id = await sharedJobId(this.deps.database, token);
    const { rows } = await this.deps.database.query("SELECT * FROM jobs WHERE id = $1", [id]);
    const row = rows[0];
    if (!row)
      throw new HttpError(404, "NOT_FOUND", "This share link does not exist or was revoked by its owner.");
    return { title: row.title, status: row.status, ...row.result ? { result: { ...row.result, url: `/api/shared/${token}/result` } } : {} };
  }
  /** The result PNG share link `token` opens. */
  async sharedResult(token) {
    const id = await sharedJobId(this.deps.database, token);
    const bytes = await this.deps.storage.get(resultKey(id));
    if (!bytes)
      throw new HttpError(404, "NOT_FOUND", "This job has no result (yet).");
    return bytes;
  }
  /** A new share link of the caller's job `id`. */
  async share(caller, id) {
    await this.row(caller, id);
    return createShareLink(this.deps.database, caller.userId, id);
  }
  /** Revokes share link `linkId` of the caller's job `id`. */
  async unshare(caller, id, linkId) {
    await this.row(caller, id);
    await revokeShareLink(this.deps.database, caller.userId, id, linkId);
  }
  async row(caller, id) {
    if (!isId(id))
      throw notFound("job", id);
    const { rows } = await this.deps.database.query("SELECT * FROM jobs WHERE id = $1 AND user_id = $2", [id, caller.userId]);
    if (!rows[0])
      throw notFound("job", id);
    return rows[0];
  }
};
function uploadIdsOf(settings) {
  if (settings.mode === "fast")
    return [settings.content];
  return [settings.content, ...settings.styles.filter((style) => style.source === "upload").map((style) => style.id)];
}
function viewOf(row) {
  return {
    ...studioFieldsOf(row),
    id: row.id,
    mode: row.mode,
    status: row.status,
    title: row.title,
    settings: row.settings,
    createdAt: row.created_at.toISOString(),
    ...row.started_at ? { startedAt: row.started_at.toISOString() } : {},
    ...row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {},
    ...row.worker ? { worker: row.worker } : {},
    runs: row.runs,
    ...row.checkpoint_iteration === null ? {} : { checkpointIteration: row.checkpoint_iteration },
    ...row.resumed_from_iteration === null ? {} : { resumedFromIteration: row.resumed_from_iteration },
    ...row.result ? { result: { ...row.result, url: `/api/jobs/${row.id}/result` } } : {},
    ...row.error ? { error: row.error } : {}
  };
}

// dist/src/server/hosted/job-events.js
import { streamSSE } from "hono/streaming";
var POLL_MS = 250;
var FINAL = /* @__PURE__ */ new Set(["done", "failed", "cancelled"]);
function hostedJobEventStream(c, jobs, caller, id) {
  return streamSSE(c, async (stream) => {
    let closed = false;
    stream.onAbort(() => void (closed = true));
    const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => void 0), KEEP_ALIVE_MS);
    try {
      let view2 = await jobs.view(caller, id);
      await stream.writeSSE({ event: "status", data: JSON.stringify(view2) });
      while (!closed && !FINAL.has(view2.status)) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const next = await jobs.view(caller, id).catch(() => void 0);
        if (!next)
          break;
        if (next.progress && JSON.stringify(next.progress) !== JSON.stringify(view2.progress))
          await stream.writeSSE({ event: next.progress.type, data: JSON.stringify(next) });
        if (next.status !== view2.status)
          await stream.writeSSE({ event: "status", data: JSON.stringify(next) });
        view2 = next;
      }
    } finally {
      clearInterval(keepAlive);
    }
  });
}

// dist/src/server/hosted/openapi.js
import { z } from "zod";
var error = { description: "An error: `{ error: { code, message, field? } }`", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
var job = { description: "The job, as its owner sees it", content: { "application/json": { schema: { $ref: "#/components/schemas/Job" } } } };
var visualization = { description: "The visualize run, as its owner sees it (the local studio's VisualizationView)", content: { "application/json": { schema: { $ref: "#/components/schemas/Visualization" } } } };
var account = { description: "The account", content: { "application/json": { schema: { $ref: "#/components/schemas/Account" } } } };
var credentials = { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Credentials" } } } };
var tooMany = { ...error, description: "Too many attempts (abuse limits, per client address and account): Retry-After says when to try again" };
var noSmtp = { ...error, description: "The deployment sends no e-mails (its API nodes run without --smtp)" };
var tokenGone = { ...error, description: "The token was used already (a token works once) or has expired: ask for a new e-mail" };
var png = { description: "A PNG image", content: { "image/png": {} } };
var idParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
var keyed = { security: [{ apiKey: [] }, { session: [] }] };
var open = { security: [] };
function openApiDocument(version) {
  const { $schema: _draft, ...jobRequest } = z.toJSONSchema(jobRequestSchema, { io: "input", unrepresentable: "any" });
  const { $schema: _visualizeDraft, ...visualizeRequest } = z.toJSONSchema(visualizeRequestSchema, { io: "input" });
  const { $schema: _credentialsDraft, ...credentialsJson } = z.toJSONSchema(credentialsSchema, { io: "input" });
  const passwordJson = credentialsJson.properties.password;
  const tokenBody = (more) => ({ required: true, content: { "application/json": { schema: { type: "object", required: ["token", ...Object.keys(more)], properties: { token: { type: "string", description: "The token of the e-mail (43 characters)" }, ...more } } } } });
  return {
    openapi: "3.1.0",
    info: { title: "Painterly hosted API", version, description: "Neural style transfer as a service: see docs/service.md." },
    security: keyed.security,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key `pk_\u2026` (POST /api/guests makes one)." },
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: `The session cookie set by sign-in (POST /api/sessions). A request that changes something (POST, PUT, PATCH, DELETE) must also send the header ${CSRF_HEADER} with the csrfToken of sign-in or GET /api/me, and no Origin of another site.` }
      },
      schemas: {
        JobRequest: jobRequest,
        VisualizeRequest: visualizeRequest,
        Visualization: {
          type: "object",
          required: ["id", "status", "createdAt", "layer", "source", "size", "images", "weights"],
          properties: {
            id: { type: "string", format: "uuid" },
            status: { enum: ["queued", "running", "done", "failed", "cancelled"] },
            createdAt: { type: "string", format: "date-time" },
            layer: { type: "string" },
            units: { type: "string", description: "The units asked for, as written (0-7)" },
            topUnits: { type: "integer" },
            source: { enum: ["results", "photos", "both"], description: "Your finished paintings, your uploads, or both" },
            size: { type: "integer" },
            images: { type: "integer", description: "How many images the run looks at" },
            weights: { type: "object", properties: { requested: { type: "string" }, name: { type: "string" }, pretrained: { type: "boolean" }, network: { type: "string" } } },
            progress: { type: "object", properties: { image: { type: "integer" }, images: { type: "integer" }, elapsedMs: { type: "integer" } } },
            result: { type: "object", properties: { width: { type: "integer" }, height: { type: "integer" }, imageUrl: { type: "string" } } },
            elapsedMs: { type: "integer" },
            error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } }
          }
        },
        Credentials: credentialsJson,
        Account: {
          type: "object",
          required: ["userId", "kind", "role"],
          properties: {
            userId: { type: "string", format: "uuid" },
            kind: { enum: ["guest", "member"] },
            role: { enum: ["user", "admin"] },
            accountEmail: { type: "string", description: "The sign-in address (members)" },
            email: { type: "string", description: "Where job e-mails go (only once verified)" },
            emailVerified: { type: "boolean", description: "Whether the sign-in address is verified (GET /api/me)" },
            notificationEmailVerified: { type: "boolean", description: "Whether the job e-mail address is verified (GET /api/me)" },
            csrfToken: { type: "string", description: `Signed in by cookie: the ${CSRF_HEADER} value of this session` }
          }
        },
        Error: { type: "object", required: ["error"], properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, field: { type: "string" } } } } },
        Job: {
          type: "object",
          required: ["id", "mode", "status", "title", "settings", "createdAt", "runs"],
          properties: {
            id: { type: "string", format: "uuid" },
            mode: { enum: ["fast", "quality"] },
            status: { enum: ["queued", "running", "done", "failed", "cancelled"] },
            title: { type: "string" },
            settings: { type: "object" },
            progress: { type: "object", description: "The latest progress message: load, iteration, tile or preview; once steps are counted also unit, iteration and iterations (the studio's JobProgress)." },
            worker: { type: "string" },
            runs: { type: "integer" },
            checkpointIteration: { type: "integer" },
            resumedFromIteration: { type: "integer" },
            result: { type: "object", properties: { width: { type: "integer" }, height: { type: "integer" }, url: { type: "string" } } },
            error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
            updatedAt: { type: "string", format: "date-time" },
            sources: { type: "object", description: "The photo and style(s) it is made from, with their pictures' URLs (the studio's JobSources)" },
            stage: { enum: ["waiting", "loading", "optimizing", "stylizing"], description: "While it waits or runs" },
            elapsedMs: { type: "integer" },
            preview: { type: "object", properties: { iteration: { type: "integer" }, url: { type: "string" } } },
            imageUrl: { type: "string", description: "Once done: /api/gallery/{id}/image" },
            thumbnailUrl: { type: "string", description: "Once done: /api/gallery/{id}/thumbnail" }
          }
        }
      }
    },
    paths: {
      "/api/guests": { post: { ...open, summary: "Make a guest account and its first API key", responses: { 201: { description: "{ userId, key: { id, prefix, key } }" } } } },
      "/api/accounts": { post: { security: [{}, { apiKey: [] }], summary: "Sign up: a new account with an e-mail address and password (sent with a guest's key, or its session cookie and CSRF token: that guest becomes a member, keeping its keys and jobs)", requestBody: credentials, responses: { 201: account, 400: error, 409: { ...error, description: "The address has an account already (sign in instead), or the caller has one" }, 429: tooMany } } },
      "/api/accounts/verify": { post: { ...open, summary: "Verify an e-mail address with the token of its verification e-mail (sent on sign-up and by PUT /api/me/email when the node has --smtp; 24 h, once)", requestBody: tokenBody({}), responses: { 200: { description: "{ verified: address }" }, 400: error, 410: tokenGone } } },
      "/api/accounts/verify/resend": { post: { ...keyed, summary: "Send a new verification e-mail to each address of yours not verified yet", responses: { 202: { description: "{ sent: [addresses] }" }, 409: { ...error, description: "Nothing to verify" }, 429: tooMany, 503: noSmtp } } },
      "/api/password-resets": { post: { ...open, summary: "Ask for a password reset e-mail (a token that works once, for 1 h). The same 202 whether or not the address has an account", requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["email"], properties: { email: { type: "string", format: "email" } } } } } }, responses: { 202: { description: "Accepted: an e-mail is on its way if the address has an account" }, 400: error, 429: tooMany, 503: noSmtp } } },
      "/api/password-resets/confirm": { post: { ...open, summary: "Set a new password with the token of the reset e-mail (sign-up's password rules); every session of the account ends", requestBody: tokenBody({ password: passwordJson }), responses: { 204: { description: "The password is set" }, 400: error, 410: tokenGone } } },
      "/api/me/password": { put: { ...keyed, summary: "Change your password (the current one is checked like a sign-in); every other session ends", requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["currentPassword", "newPassword"], properties: { currentPassword: { type: "string" }, newPassword: passwordJson } } } } }, responses: { 204: { description: "Changed" }, 400: error, 403: { ...error, description: "The current password is wrong, or the CSRF token is missing" }, 409: { ...error, description: "A guest has no password" }, 429: tooMany } } },
      "/api/sessions": { post: { ...open, summary: `Sign in: sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Lax, 30 days) and answers the account with its csrfToken`, requestBody: credentials, responses: { 200: account, 400: error, 401: { ...error, description: "Wrong e-mail address or password (the same answer for both)" }, 429: tooMany } } },
      "/api/sessions/current": { delete: { security: [{ session: [] }], summary: "Sign out: ends the cookie's session", responses: { 204: { description: "Signed out" }, 401: error, 403: error } } },
      "/api/me": {
        get: { ...keyed, summary: "Your account (with the csrfToken when signed in by cookie)", responses: { 200: account, 401: error } },
        delete: { ...keyed, summary: "Delete my data: account, keys, uploads, jobs, results, share links, webhooks", responses: { 200: { description: "{ deleted: { jobs, uploads, objects } }" } } }
      },
      "/admin/queues": { get: { ...keyed, summary: "The queue view (bull-board, read-only), for admins (`painterly serve --admin-email ADDRESS`)", responses: { 200: { description: "An HTML page", content: { "text/html": {} } }, 401: error, 403: error } } },
      "/api/keys": { get: { ...keyed, summary: "List your keys", responses: { 200: { description: "{ keys }" } } }, post: { ...keyed, summary: "Make a key (shown once)", responses: { 201: { description: "The key" } } } },
      "/api/keys/{id}": { delete: { ...keyed, summary: "Revoke a key", parameters: [idParameter], responses: { 204: { description: "Revoked" }, 404: error } } },
      "/api/uploads": { post: { ...keyed, summary: "Upload an image", parameters: [{ name: "name", in: "query", schema: { type: "string" } }], requestBody: { content: { "application/octet-stream": {} } }, responses: { 201: { description: "The upload record" }, 413: error, 415: error } } },
      "/api/jobs": {
        get: { ...keyed, summary: "Your jobs, newest first, and how many of them run and wait per lane", responses: { 200: { description: "{ jobs, counts }" } } },
        post: { ...keyed, summary: "Start a fast or quality job", requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/JobRequest" } } } }, responses: { 201: job, 400: error, 429: { ...error, description: "Over the quota; Retry-After says when to try again" }, 503: error } }
      },
      "/api/jobs/{id}": { get: { ...keyed, summary: "One of your jobs", parameters: [idParameter], responses: { 200: job, 404: error } } },
      "/api/jobs/{id}/events": { get: { ...keyed, summary: "Server-sent events: status, load, iteration, tile, preview, final status", parameters: [idParameter], responses: { 200: { description: "text/event-stream", content: { "text/event-stream": {} } }, 404: error } } },
      "/api/jobs/{id}/result": { get: { ...keyed, summary: "The result", parameters: [idParameter], responses: { 200: png, 404: error } } },
      "/api/jobs/{id}/preview": { get: { ...keyed, summary: "The latest preview", parameters: [idParameter], responses: { 200: { description: "A JPEG", content: { "image/jpeg": {} } }, 404: error } } },
      "/api/jobs/{id}/cancel": { post: { ...keyed, summary: "Stop a waiting or running job", parameters: [idParameter], responses: { 200: job, 404: error, 409: error } } },
      "/api/jobs/{id}/shares": { post: { ...keyed, summary: "Make a share link", parameters: [idParameter], responses: { 201: { description: "{ id, jobId, url }" }, 404: error } } },
      "/api/jobs/{id}/shares/{linkId}": { delete: { ...keyed, summary: "Revoke a share link", parameters: [idParameter, { ...idParameter, name: "linkId" }], responses: { 204: { description: "Revoked" }, 404: error } } },
      "/api/shared/{token}": { get: { ...open, summary: "A shared job: title, status, result", parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }], responses: { 200: { description: "{ title, status, result? }" }, 404: error } } },
      "/api/shared/{token}/result": { get: { ...open, summary: "A shared job's result", parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }], responses: { 200: png, 404: error } } },
      "/api/visualize": {
        get: { ...keyed, summary: 'Your visualize runs ("What the network sees"), newest first', responses: { 200: { description: "{ runs }" } } },
        post: { ...keyed, summary: "Start a visualize run: for units of one layer, the nine patches of your images that excite each most, as a grid", requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/VisualizeRequest" } } } }, responses: { 202: visualization, 400: error, 409: { ...error, description: "No images to look at, or the weights are not on this deployment" }, 413: error, 415: error, 429: { ...error, description: "Over the quota (paintings and visualize runs count together); Retry-After says when to try again" }, 503: error } }
      },
      "/api/visualize/{id}": { get: { ...keyed, summary: "One of your visualize runs", parameters: [idParameter], responses: { 200: visualization, 404: error } } },
      "/api/visualize/{id}/image": { get: { ...keyed, summary: "The grid of a finished run", parameters: [idParameter], responses: { 200: png, 404: error, 409: { ...error, description: "Not done (yet)" } } } },
      "/api/visualize/{id}/units": { get: { ...keyed, summary: "The per-unit data of a finished run: per unit its strongest records { image: { kind, id }, x, y, activation, box }", parameters: [idParameter], responses: { 200: { description: "{ layer, sizePx, units: [{ unit, maxActivation, records }] }" }, 404: error, 409: { ...error, description: "Not done (yet)" } } } },
      "/api/visualize/{id}/cancel": { post: { ...keyed, summary: "Stop a waiting or running visualize run", parameters: [idParameter], responses: { 200: visualization, 404: error, 409: error } } },
      "/api/webhooks": { post: { ...keyed, summary: "Register a webhook (Standard Webhooks; the secret is shown once)", requestBody: { content: { "application/json": { schema: { type: "object", required: ["url"], properties: { url: { type: "string", format: "uri" } } } } } }, responses: { 201: { description: "{ id, url, secret }" }, 400: error } } },
      "/api/webhooks/{id}": { delete: { ...keyed, summary: "Remove a webhook", parameters: [idParameter], responses: { 204: { description: "Removed" }, 404: error } } },
      "/api/me/email": { put: { ...keyed, summary: "An address for an e-mail when a job ends (null: none); a new address gets a verification e-mail, and job e-mails go to it once verified", requestBody: { content: { "application/json": { schema: { type: "object", properties: { email: { type: ["string", "null"] } } } } } }, responses: { 200: { description: "{ email, verified, verificationSent }" }, 400: error } } },
      "/api/sessions/guest": { post: { ...open, summary: `A guest account signed in by the ${SESSION_COOKIE} cookie (the studio page's guest; no key): answers the account with its csrfToken`, responses: { 201: account, 403: error } } },
      "/api/config": { get: { ...open, summary: "The studio page's configuration: presets, samples, limits, defaults, and accounts: true, account (null when the request has no valid credentials), csrfToken (signed in by cookie), visualize", responses: { 200: { description: "StudioConfig (src/server/api-types.ts)" } } } },
      "/api/uploads/{id}": { get: { ...keyed, summary: "One of your uploads' record", parameters: [idParameter], responses: { 200: { description: "The upload record" }, 404: error } } },
      "/api/uploads/{id}/image": { get: { ...keyed, summary: "One of your uploads as sent", parameters: [idParameter], responses: { 200: { description: "The image" }, 404: error } } },
      "/api/uploads/{id}/thumbnail": { get: { ...keyed, summary: "A JPEG thumbnail of an upload (long side 320 px)", parameters: [idParameter], responses: { 200: { description: "A JPEG", content: { "image/jpeg": {} } }, 404: error } } },
      "/api/gallery": { get: { ...keyed, summary: "Your jobs as the studio's gallery, newest first", responses: { 200: { description: "{ items: Job[] }" } } } },
      "/api/gallery/{id}": { get: { ...keyed, summary: "One gallery item", parameters: [idParameter], responses: { 200: job, 404: error } }, delete: { ...keyed, summary: "Delete a job and its images (stopped first when active)", parameters: [idParameter], responses: { 204: { description: "Deleted" }, 404: error } } },
      "/api/gallery/{id}/image": { get: { ...keyed, summary: "The result (?download=1: as an attachment named after the job)", parameters: [idParameter], responses: { 200: png, 404: error } } },
      "/api/gallery/{id}/thumbnail": { get: { ...keyed, summary: "The result's card image: a JPEG, long side 480 px", parameters: [idParameter], responses: { 200: { description: "A JPEG", content: { "image/jpeg": {} } }, 404: error } } },
      "/api/gallery/{id}/download": { get: { ...keyed, summary: "The result as an attachment: ?format=png|jpeg&longSidePx=N&name=NAME", parameters: [idParameter], responses: { 200: { description: "PNG or JPEG" }, 400: error, 404: error } } },
      "/api/health": { get: { ...open, summary: "The process is alive", responses: { 200: { description: "{ ok: true }" } } } },
      "/api/ready": { get: { ...open, summary: "Redis, PostgreSQL and storage answer", responses: { 200: { description: "Ready" }, 503: { description: "Not ready, with the failing checks" } } } },
      "/api/metrics": { get: { ...open, summary: "Prometheus metrics", responses: { 200: { description: "text/plain", content: { "text/plain": {} } } } } },
      "/api/openapi.json": { get: { ...open, summary: "This description", responses: { 200: { description: "OpenAPI 3.1" } } } }
    }
  };
}

// dist/src/server/hosted/hosted-app.js
function createHostedApp(services) {
  const { database, jobs } = services;
  const app = new Hono7();
  app.onError((error2, c) => sendError(c, error2, services.log));
  app.notFound((c) => sendError(c, new HttpError(404, "NOT_FOUND", `No such API route: ${c.req.method} ${c.req.path}.`), services.log));
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("X-Frame-Options", "DENY");
    c.header("Referrer-Policy", "no-referrer");
  });
  const studio = { ...services.studio, database, jobs };
  app.get("/api/health", (c) => c.json({ ok: true, pid: process.pid }));
  app.get("/api/ready", async (c) => {
    const checks = await Promise.all([
      check("redis", services.pingRedis),
      check("database", async () => void await database.query("SELECT 1")),
      check("storage", () => services.storage.ping())
    ]);
    const ready = checks.every((item) => item.ok);
    return c.json({ ready, checks: Object.fromEntries(checks.map((item) => [item.name, item.ok ? "ok" : item.error])) }, ready ? 200 : 503);
  });
  const openApi = openApiDocument(services.version);
  app.get("/api/openapi.json", (c) => c.json(openApi));
  app.get("/api/metrics", async (c) => c.text(await services.metrics.metrics(), 200, { "Content-Type": services.metrics.contentType }));
  app.post("/api/guests", async (c) => {
    const guest = await createGuest(database);
    return c.json({ userId: guest.userId, key: guest.key }, 201);
  });
  const authenticated = async (c, next) => {
    c.set("caller", await authenticateRequest(c, database));
    await next();
  };
  app.route("/api", createAccountRoutes(services, authenticated));
  app.route("/api", createGuestSessionRoutes(services));
  app.route("/api", createStudioConfigRoute(studio));
  app.get("/api/shared/:token", async (c) => c.json(await jobs.shared(c.req.param("token"))));
  app.get("/api/shared/:token/result", async (c) => c.body(await imageBody(jobs.sharedResult(c.req.param("token"))), 200, { "Content-Type": "image/png", "Cache-Control": "private, no-store" }));
  app.use("/api/*", authenticated);
  if (services.adminBoard) {
    app.use("/admin/*", authenticated, async (c, next) => {
      if (c.get("caller").role !== "admin")
        throw new HttpError(403, "FORBIDDEN", "The queue view is for admins only. An operator makes an account an admin with `painterly serve \u2026 --admin-email ADDRESS`.");
      await next();
    });
    app.get(`${ADMIN_QUEUES_PATH}/`, (c) => c.redirect(ADMIN_QUEUES_PATH));
    app.route(ADMIN_QUEUES_PATH, services.adminBoard);
  }
  app.get("/api/keys", async (c) => c.json({ keys: await listKeys(database, c.get("caller").userId) }));
  app.post("/api/keys", async (c) => c.json(await createKey(database, c.get("caller").userId), 201));
  app.delete("/api/keys/:id", async (c) => {
    await revokeKey(database, c.get("caller").userId, c.req.param("id"));
    return c.body(null, 204);
  });
  const receiver = new UploadReceiver({ maxBytes: services.maxUploadBytes, ...UPLOAD_TRANSFER_LIMITS });
  app.post("/api/uploads", async (c) => {
    const bytes = await receiver.read(c.req.raw);
    return c.json(await jobs.uploads(c.get("caller")).save(bytes, c.req.query("name") ?? "image"), 201);
  });
  app.route("/api", createVisualizeRoutes(services.visualizations));
  app.post("/api/jobs", async (c) => c.json(await jobs.submit(c.get("caller"), await jsonBody(c)), 201));
  app.get("/api/jobs", async (c) => {
    const list = await jobs.list(c.get("caller"));
    return c.json({ jobs: list, counts: jobCounts(list) });
  });
  app.get("/api/jobs/:id", async (c) => c.json(await jobs.view(c.get("caller"), c.req.param("id"))));
  app.get("/api/jobs/:id/events", async (c) => {
    await jobs.view(c.get("caller"), c.req.param("id"));
    return hostedJobEventStream(c, jobs, c.get("caller"), c.req.param("id"));
  });
  app.post("/api/jobs/:id/cancel", async (c) => {
    await jobs.view(c.get("caller"), c.req.param("id"));
    await refuseStopAndKeep(c);
    return c.json(await jobs.cancel(c.get("caller"), c.req.param("id")));
  });
  app.get("/api/jobs/:id/result", async (c) => c.body(await imageBody(jobs.image(c.get("caller"), c.req.param("id"), "result")), 200, { "Content-Type": "image/png", "Cache-Control": "private, no-store" }));
  app.get("/api/jobs/:id/preview", async (c) => c.body(await imageBody(jobs.image(c.get("caller"), c.req.param("id"), "preview")), 200, { "Content-Type": "image/jpeg", "Cache-Control": "private, no-store" }));
  app.post("/api/jobs/:id/shares", async (c) => c.json(await jobs.share(c.get("caller"), c.req.param("id")), 201));
  app.delete("/api/jobs/:id/shares/:linkId", async (c) => {
    await jobs.unshare(c.get("caller"), c.req.param("id"), c.req.param("linkId"));
    return c.body(null, 204);
  });
  app.delete("/api/me", async (c) => {
    const deleted = await services.deleteAccount(c.get("caller").userId);
    if (sessionTokenOf(c) !== void 0)
      deleteCookie2(c, SESSION_COOKIE, { path: "/" });
    return c.json({ deleted });
  });
  app.post("/api/webhooks", async (c) => {
    const body = await jsonBody(c);
    return c.json(await createWebhook(database, c.get("caller").userId, body?.url), 201);
  });
  app.delete("/api/webhooks/:id", async (c) => {
    await deleteWebhook(database, c.get("caller").userId, c.req.param("id"));
    return c.body(null, 204);
  });
  app.route("/api", createStudioRoutes(studio));
  app.route("/api", createGalleryRoutes(jobs));
  app.get("*", (c) => studioPageResponse(c, services.studio.assets));
  return app;
}
async function imageBody(bytes) {
  const view2 = await bytes;
  return view2.buffer.slice(view2.byteOffset, view2.byteOffset + view2.byteLength);
}
async function check(name, probe) {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error("no answer in 3 s")), 3e3).unref())]);
    return { name, ok: true };
  } catch (error2) {
    return { name, ok: false, error: error2 instanceof Error ? error2.message : String(error2) };
  }
}
function sendError(c, error2, log) {
  if (error2 instanceof QuotaExceeded)
    c.header("Retry-After", String(error2.retryAfterS));
  if (isConnectionLoss(error2)) {
    c.header("Retry-After", "5");
    return c.json({ error: { code: "UNAVAILABLE", message: "The service is briefly unavailable (its database or queue is not answering). Try again in a few seconds." } }, 503);
  }
  const { status, body } = errorResponse(error2, log);
  c.header("X-Content-Type-Options", "nosniff");
  return c.json(body, status);
}
function isConnectionLoss(error2) {
  const { code, message } = error2 ?? {};
  return ["ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03", "ETIMEDOUT"].includes(String(code)) || /Connection is closed|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection terminated|Stream isn't writeable|enableOfflineQueue|Reached the max retries per request/i.test(String(message));
}

// dist/src/server/hosted/metrics.js
import { Gauge, Registry } from "prom-client";
function createMetrics(queues, database) {
  const registry = new Registry();
  new Gauge({
    name: "painterly_queue_jobs",
    help: "Jobs in each queue, by BullMQ state.",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      for (const [name, queue] of Object.entries(queues)) {
        const counts = await queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed", "completed");
        for (const [state, count] of Object.entries(counts))
          this.set({ queue: name, state }, count);
      }
    }
  });
  new Gauge({
    name: "painterly_jobs",
    help: "Paintings by mode and status, and visualize runs (mode visualize) by status (all users).",
    labelNames: ["mode", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await database.query(`SELECT mode, status, count(*) FROM jobs GROUP BY mode, status
         UNION ALL SELECT 'visualize', status, count(*) FROM visualizations GROUP BY status`);
      for (const row of rows)
        this.set({ mode: row.mode, status: row.status }, Number(row.count));
    }
  });
  new Gauge({
    name: "painterly_job_duration_seconds",
    help: "Run time of the paintings and visualize runs (mode visualize) finished in the last hour (start to end), by mode: mean and 95th percentile.",
    labelNames: ["mode", "stat"],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await database.query(`SELECT mode, avg(extract(epoch FROM finished_at - started_at))::float8 AS mean,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))::float8 AS p95
           FROM (SELECT mode, status, started_at, finished_at FROM jobs
                 UNION ALL SELECT 'visualize', status, started_at, finished_at FROM visualizations) AS runs
          WHERE status = 'done' AND finished_at > now() - interval '1 hour' AND started_at IS NOT NULL GROUP BY mode`);
      for (const row of rows) {
        this.set({ mode: row.mode, stat: "mean" }, row.mean);
        this.set({ mode: row.mode, stat: "p95" }, row.p95);
      }
    }
  });
  return registry;
}

// dist/src/server/hosted/hosted-visualizations.js
var HostedVisualizations = class {
  deps;
  constructor(deps) {
    this.deps = deps;
  }
  /** Validates (400), checks the weights (409) and images (409), the quota (429 with Retry-After), stores and queues run `body` of `userId`. */
  async submit(userId, body) {
    const { database, queue, options } = this.deps;
    const request = await resolveVisualizeRequest(body, options.weights, "The pretrained VGG19 weights are not downloaded on this deployment. An operator runs `painterly models download vgg19` (80 MB, once) on its machines; meanwhile choose darknet-tiny, or the random weights (untrained: they show what a random network responds to).");
    const weights = request.effectiveWeights;
    const images = await this.imagesOf(userId, request.images);
    if (images.length === 0)
      throw new HttpError(409, "CONFLICT", emptyMessage(request.images), "images");
    const id = newId();
    const workerJob = {
      kind: "visualize",
      layer: request.layer,
      ...request.units === void 0 ? {} : { units: request.units },
      ...request.topUnits === void 0 ? {} : { topUnits: request.topUnits },
      sizePx: request.size,
      network: chooseNetwork(void 0, weights),
      ...options.threads === void 0 ? {} : { threads: options.threads },
      ...options.device === void 0 ? {} : { device: options.device }
    };
    const requestColumn = {
      layer: request.layer,
      ...request.unitsText === void 0 ? {} : { units: request.unitsText },
      ...request.topUnits === void 0 ? {} : { topUnits: request.topUnits },
      source: request.images,
      size: request.size,
      weights: request.weights
    };
    const client = await database.connect();
    try {
      await client.query("BEGIN");
      await checkHourlyQuota(client, userId, this.deps.jobsPerHour);
      await client.query("INSERT INTO visualizations (id, user_id, status, request, worker_job, images) VALUES ($1, $2, $3, $4, $5, $6)", [id, userId, "queued", JSON.stringify(requestColumn), JSON.stringify(workerJob), JSON.stringify(images)]);
      await client.query("COMMIT");
    } catch (error2) {
      await client.query("ROLLBACK").catch(() => void 0);
      throw error2;
    } finally {
      client.release();
    }
    try {
      await queue.add("visualize", { visualizationId: id }, { ...VISUALIZE_JOB_OPTIONS, jobId: id });
    } catch (error2) {
      await database.query("DELETE FROM visualizations WHERE id = $1", [id]).catch(() => void 0);
      throw error2;
    }
    return this.view(userId, id);
  }
  /** Run `id` of `userId`; 404 when they have no such run. */
  async view(userId, id) {
    return visualizationViewOf(await this.row(userId, id));
  }
  /** The runs of `userId`, newest first (at most 200). */
  async list(userId) {
    const { rows } = await this.deps.database.query("SELECT * FROM visualizations WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200", [userId]);
    return rows.map(visualizationViewOf);
  }
  /** Stops run `id`: a waiting run leaves its queue at once, a running one stops at its worker's next image. 409 when it already ended. */
  async cancel(userId, id) {
    const row = await this.row(userId, id);
    if (row.status !== "queued" && row.status !== "running")
      throw new HttpError(409, "CONFLICT", `This visualization already ended (${row.status}); there is nothing to cancel.`);
    await this.deps.database.query("UPDATE visualizations SET cancel_requested = true WHERE id = $1", [id]);
    const removed = await this.deps.queue.remove(id).catch(() => 0);
    if (removed)
      await this.deps.database.query(`UPDATE visualizations SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status = 'queued'`, [id]);
    return this.view(userId, id);
  }
  /** The grid PNG of run `id`; 409 until it is done. */
  async grid(userId, id) {
    return this.stored(userId, id, visualizationGridKey(id));
  }
  /** The per-unit data of run `id`; 409 until it is done. */
  async units(userId, id) {
    const bytes = await this.stored(userId, id, visualizationUnitsKey(id));
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  async stored(userId, id, key) {
    const row = await this.row(userId, id);
    if (row.status !== "done")
      throw new HttpError(409, "CONFLICT", `This visualization has no grid: it is ${row.status}.`);
    const bytes = await this.deps.storage.get(key);
    if (!bytes)
      throw new HttpError(404, "NOT_FOUND", "This visualization\u2019s result is missing from storage (deleted?). Run it again.");
    return bytes;
  }
  async row(userId, id) {
    if (!isId(id))
      throw notFound("visualization", id);
    const { rows } = await this.deps.database.query("SELECT * FROM visualizations WHERE id = $1 AND user_id = $2", [id, userId]);
    if (!rows[0])
      throw notFound("visualization", id);
    return rows[0];
  }
  /**
   * The images `source` names, newest first, at most `MAX_VISUALIZE_IMAGES`: the caller's finished
   * results (`results`), their uploads (`photos`), or both, each with the object key it is read from.
   */
  async imagesOf(userId, source) {
    const parts = [];
    if (source !== "photos")
      parts.push(`SELECT 'result' AS kind, job_id::text AS id, 'png' AS format, created_at FROM gallery_items WHERE user_id = $1`);
    if (source !== "results")
      parts.push(`SELECT 'upload' AS kind, id::text AS id, info->>'format' AS format, created_at FROM uploads WHERE user_id = $1`);
    const { rows } = await this.deps.database.query(`${parts.join(" UNION ALL ")} ORDER BY created_at DESC, id LIMIT $2`, [userId, MAX_VISUALIZE_IMAGES]);
    return rows.map((row, index) => ({
      kind: row.kind,
      id: row.id,
      key: row.kind === "result" ? resultKey(row.id) : uploadKey(row.id),
      file: `${String(index).padStart(4, "0")}.${row.format.toLowerCase()}`
    }));
  }
};
function emptyMessage(source) {
  if (source === "photos")
    return "No photos to look at yet: upload one first (POST /api/uploads).";
  if (source === "results")
    return "No finished paintings to look at yet: paint something first, or look at your uploaded photos (images: photos).";
  return "No images to look at yet: upload a photo (POST /api/uploads) or paint something first.";
}
function visualizationViewOf(row) {
  const { request } = row;
  return {
    id: row.id,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    layer: request.layer,
    ...request.units === void 0 ? {} : { units: request.units },
    ...request.topUnits === void 0 ? {} : { topUnits: request.topUnits },
    source: request.source,
    size: request.size,
    images: row.images.length,
    weights: { requested: request.weights, ...row.weights ?? {} },
    ...row.progress && row.status === "running" ? { progress: row.progress } : {},
    ...row.result ? { result: { ...row.result, imageUrl: `/api/visualize/${row.id}/image` } } : {},
    ...row.elapsed_ms === null ? {} : { elapsedMs: row.elapsed_ms },
    ...row.error ? { error: row.error } : {}
  };
}

// dist/src/server/hosted/account-mail.js
import nodemailer from "nodemailer";
var LINK_FRAGMENTS = { verify: "verify", reset: "reset" };
function accountLink(publicUrl, kind, token) {
  return `${publicUrl}/#${LINK_FRAGMENTS[kind]}=${token}`;
}
function createAccountMailer(url, from, publicUrl) {
  const transport = nodemailer.createTransport(url);
  const send = async (to, subject, lines) => {
    await transport.sendMail({ from, to, subject, text: `${lines.join("\n")}
` });
  };
  const verifyHours = TOKEN_LIFETIME_S["verify-email"] / 3600;
  const resetHours = TOKEN_LIFETIME_S["reset-password"] / 3600;
  return {
    sendVerification: (to, token) => send(to, "Painterly: confirm your e-mail address", [
      publicUrl ? `Someone (we hope you) gave ${to} to a Painterly account. To confirm that the address is yours, open this link within ${verifyHours} hours:` : `Someone (we hope you) gave ${to} to a Painterly account. To confirm that the address is yours, send this token to the service within ${verifyHours} hours:`,
      "",
      ...publicUrl ? [accountLink(publicUrl, "verify", token), "", "Or send this token to the service:", ""] : [],
      `Verification token: ${token}`,
      "",
      `POST /api/accounts/verify with the JSON body {"token": "${token}"}`,
      "",
      "Until it is confirmed, no job e-mails go to this address. If it was not you, ignore this e-mail."
    ]),
    sendPasswordReset: (to, token) => send(to, "Painterly: set a new password", [
      publicUrl ? `Someone (we hope you) asked to set a new password for the Painterly account of ${to}. To do it, open this link within ${resetHours} hour and choose the new password:` : `Someone (we hope you) asked to set a new password for the Painterly account of ${to}. To do it, send this token with the new password within ${resetHours} hour:`,
      "",
      ...publicUrl ? [accountLink(publicUrl, "reset", token), "", "Or send this token with the new password to the service:", ""] : [],
      `Password reset token: ${token}`,
      "",
      `POST /api/password-resets/confirm with the JSON body {"token": "${token}", "password": "NEW PASSWORD"}`,
      "",
      "The token works once; every signed-in browser of the account is signed out. If it was not you, ignore this e-mail: the password stays as it is."
    ]),
    close() {
      transport.close();
    }
  };
}

// dist/src/server/hosted/start-api-node.js
async function startApiNode(options, log) {
  const database = openDatabase(options.database);
  await migrateAtStart(database, options.database);
  const storage = createObjectStorage(options.storage);
  const connection = redisConnection(options.redis, "api");
  await waitForRedis(connection, options.redis).catch((error2) => {
    connection.disconnect();
    throw error2;
  });
  const queues = {
    quality: new Queue(QUEUE_NAMES.quality, { connection }),
    fast: new Queue(QUEUE_NAMES.fast, { connection }),
    visualize: new Queue(QUEUE_NAMES.visualize, { connection }),
    notify: new Queue(QUEUE_NAMES.notify, { connection })
  };
  for (const queue of Object.values(queues))
    queue.on("error", () => void 0);
  const serverOptions = { ...options, data: options.data ?? defaultDataDir() };
  const samples = new SampleLibrary(options.samples, options.maxPixels);
  const uploadLimits = { maxBytes: options.maxUploadMb * 1e6, maxPixels: options.maxPixels };
  const jobs = new HostedJobs({ database, storage, queues, options: serverOptions, samples, uploadLimits, jobsPerHour: options.jobsPerHour });
  const assets = await loadStudioAssets(join(serverOptions.data, "studio-build"), (message) => log(message)).catch((error2) => {
    log(`The studio page is not served: ${error2 instanceof Error ? error2.message : String(error2)}`);
    return /* @__PURE__ */ new Map();
  });
  const visualizations = new HostedVisualizations({ database, storage, queue: queues.visualize, options, jobsPerHour: options.jobsPerHour });
  const pingRedis = async () => void await queues.fast.getJobCounts("active");
  const deleteAccountOf = (userId) => deleteAccount(database, storage, { paintings: [queues.quality, queues.fast], visualize: queues.visualize }, userId);
  if (options.adminEmail !== void 0 && !await promoteAdmin(database, options.adminEmail)) {
    log(`No account signs in with ${options.adminEmail} yet: it becomes an admin when it signs up (POST /api/accounts).`);
  }
  if (options.publicUrl !== void 0 && !options.smtp)
    log(`--public-url ${options.publicUrl} is unused: without --smtp this node sends no account e-mails to link from.`);
  const accountMailer = options.smtp ? createAccountMailer(options.smtp, options.mailFrom, options.publicUrl) : void 0;
  const app = createHostedApp({
    database,
    storage,
    jobs,
    visualizations,
    metrics: createMetrics(queues, database),
    pingRedis,
    deleteAccount: deleteAccountOf,
    maxUploadBytes: options.maxUploadMb * 1e6,
    version: await packageVersion(),
    adminBoard: createAdminBoard(Object.values(queues)),
    adminEmail: options.adminEmail,
    cookieSecure: options.cookieSecure,
    recovery: { limits: createAbuseLimits(connection), mailer: accountMailer, trustProxy: options.trustProxy },
    log,
    studio: { assets, options: serverOptions, samples, uploadLimits }
  });
  const { server, port } = await new Promise((resolve, reject) => {
    const server2 = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => resolve({ server: server2, port: info.port }));
    server2.once("error", reject);
  });
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server)
          server.closeAllConnections();
      });
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      await connection.quit().catch(() => void 0);
      accountMailer?.close();
      storage.close();
      await database.end();
    }
  };
}
async function packageVersion() {
  const { readFile } = await import("node:fs/promises");
  for (const up of ["../../../package.json", "../../../../package.json"]) {
    const text = await readFile(new URL(up, import.meta.url), "utf8").catch(() => void 0);
    if (text)
      return JSON.parse(text).version;
  }
  return "0.0.0";
}
export {
  startApiNode
};
