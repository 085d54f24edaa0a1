import {
  HttpError,
  assertDecodable,
  isId,
  newId,
  notFound,
  sniffImage,
  tooManyBytes,
  uploadInfoSchema
} from "./chunk-Y7CRH5CI.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/server/hosted/database.js
import pg from "pg";

// dist/src/server/hosted/migrations.js
var MIGRATIONS = [
  {
    version: 1,
    name: "users, api keys, uploads, jobs, gallery items, webhooks",
    sql: `
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('guest', 'member')),
        role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
        jobs_per_hour integer,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key_hash bytea NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE uploads (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        info jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE jobs (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        mode text NOT NULL,
        lane text NOT NULL,
        status text NOT NULL,
        title text NOT NULL,
        settings jsonb NOT NULL,
        worker_job jsonb NOT NULL,
        uploads jsonb NOT NULL,
        progress jsonb,
        worker text,
        runs integer NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        checkpoint_iteration integer,
        resumed_from_iteration integer,
        result jsonb,
        error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX jobs_user_created ON jobs (user_id, created_at);
      CREATE TABLE gallery_items (
        job_id uuid PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        result_key text NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        url text NOT NULL,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `
  },
  {
    version: 2,
    name: "share links",
    sql: `
      CREATE TABLE share_links (
        id uuid PRIMARY KEY,
        job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
    `
  },
  {
    version: 3,
    name: "e-mail address of a user, for job notifications",
    sql: `ALTER TABLE users ADD COLUMN email text;`
  },
  {
    version: 4,
    name: "accounts with passwords (a guest becomes a member), cookie sessions",
    sql: `
      ALTER TABLE users ADD COLUMN account_email text;
      ALTER TABLE users ADD COLUMN password_hash text;
      CREATE UNIQUE INDEX users_account_email ON users (lower(account_email));
      CREATE TABLE sessions (
        token_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires ON sessions (expires_at);
    `
  },
  {
    version: 5,
    name: "verified e-mail addresses, single-use tokens of e-mail verification and password reset",
    sql: `
      CREATE TABLE verified_emails (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        address text NOT NULL CHECK (address = lower(address)),
        verified_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, address)
      );
      CREATE TABLE account_tokens (
        token_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify-email', 'reset-password')),
        address text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
      CREATE INDEX account_tokens_expires ON account_tokens (expires_at);
    `
  },
  {
    version: 6,
    name: 'visualize runs ("What the network sees"), a table of their own',
    sql: `
      CREATE TABLE visualizations (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL,
        request jsonb NOT NULL,
        worker_job jsonb NOT NULL,
        images jsonb NOT NULL,
        weights jsonb,
        progress jsonb,
        worker text,
        runs integer NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        result jsonb,
        error jsonb,
        elapsed_ms integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX visualizations_user_created ON visualizations (user_id, created_at);
    `
  }
];

// dist/src/server/hosted/database.js
var MIGRATION_LOCK = 210021;
function openDatabase(url) {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5e3 });
  pool.on("error", () => void 0);
  return pool;
}
async function migrate(database, migrations = MIGRATIONS) {
  const client = await database.connect();
  const applied = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const done = new Set((await client.query("SELECT version FROM schema_migrations")).rows.map((row) => row.version));
    for (const migration of migrations) {
      if (done.has(migration.version))
        continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(migration.version);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => void 0);
    client.release();
  }
  return applied;
}
async function migrateAtStart(database, url) {
  try {
    await migrate(database);
  } catch (error) {
    await database.end().catch(() => void 0);
    const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:\u2026@");
    throw new PainterlyError("INVALID_OPTION", `Cannot use the PostgreSQL database at --database ${shown} (${error instanceof Error ? error.message : String(error)}). Start it (and create the database and user), or pass the URL of a running one.`);
  }
}

// dist/src/server/hosted/email.js
import nodemailer from "nodemailer";
var EMAIL = /^[^\s@<>,;]{1,64}@[^\s@<>,;]+\.[^\s@<>,;]+$/;
async function setEmail(database, userId, email) {
  if (email !== null && (typeof email !== "string" || email.length > 254 || !EMAIL.test(email))) {
    throw new HttpError(400, "INVALID_OPTION", `Expected an e-mail address (or null to stop e-mails) for email but received ${JSON.stringify(email)}.`, "email");
  }
  await database.query("UPDATE users SET email = $2 WHERE id = $1", [userId, email]);
  return { email };
}
async function emailOf(database, userId) {
  const { rows } = await database.query("SELECT u.email FROM users u JOIN verified_emails v ON v.user_id = u.id AND v.address = lower(u.email) WHERE u.id = $1", [userId]);
  return rows[0]?.email ?? void 0;
}
function createMailer(url, from) {
  const transport = nodemailer.createTransport(url);
  return {
    async send({ email, payload }) {
      const { jobId, status, result, error } = payload.data;
      const lines = [
        `Your Painterly job ${jobId} is ${status}.`,
        ...result ? [`The result (${result.width}\xD7${result.height} px) is at /api/jobs/${jobId}/result.`] : [],
        ...error ? [`What went wrong: ${error.message}`] : []
      ];
      await transport.sendMail({ from, to: email, subject: `Painterly: your job is ${status}`, text: `${lines.join("\n")}
` });
    },
    close() {
      transport.close();
    }
  };
}

// dist/src/server/hosted/queues.js
import { Redis } from "ioredis";
var QUEUE_NAMES = { quality: "painterly-quality", fast: "painterly-fast", visualize: "painterly-visualize", notify: "painterly-notify" };
var WORKER_LOCKS = { lockDuration: 8e3, stalledInterval: 4e3, maxStalledCount: 2 };
var PAINTING_JOB_OPTIONS = { attempts: 1, removeOnComplete: { age: 3600, count: 1e3 }, removeOnFail: { age: 24 * 3600 } };
var VISUALIZE_JOB_OPTIONS = PAINTING_JOB_OPTIONS;
var NOTIFY_JOB_OPTIONS = { attempts: 6, backoff: { type: "exponential", delay: 1e3 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };
function redisConnection(url, use = "worker") {
  const failFast = use === "api" ? { maxRetriesPerRequest: 1, enableOfflineQueue: false } : { maxRetriesPerRequest: null };
  const client = new Redis(url, { ...failFast, retryStrategy: (times) => Math.min(times * 200, 2e3) });
  client.on("error", () => void 0);
  return client;
}
var REDIS_START_TIMEOUT_MS = 15e3;
async function waitForRedis(client, url) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new PainterlyError("INVALID_OPTION", `Cannot reach Redis at --redis ${url.replace(/\/\/[^@/]*@/, "//\u2026@")} (no answer in ${REDIS_START_TIMEOUT_MS / 1e3} s). Start redis-server, or pass the URL of a running one.`)), REDIS_START_TIMEOUT_MS);
  });
  try {
    if (client.status !== "ready")
      await Promise.race([new Promise((resolve) => client.once("ready", resolve)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// dist/src/server/hosted/webhooks.js
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
var DELIVERY_TIMEOUT_MS = 1e4;
async function createWebhook(database, userId, url) {
  const text = typeof url === "string" ? url : "";
  if (!/^https?:\/\/[^\s]+$/.test(text) || !URL.canParse(text))
    throw new HttpError(400, "INVALID_OPTION", `Expected an http(s) URL for url but received ${JSON.stringify(url)}.`, "url");
  const id = newId();
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const { rows } = await database.query("INSERT INTO webhooks (id, user_id, url, secret) VALUES ($1, $2, $3, $4) RETURNING created_at", [id, userId, text, secret]);
  return { id, url: text, createdAt: rows[0].created_at.toISOString(), secret };
}
async function deleteWebhook(database, userId, id) {
  const { rowCount } = isId(id) ? await database.query("DELETE FROM webhooks WHERE id = $1 AND user_id = $2", [id, userId]) : { rowCount: 0 };
  if (!rowCount)
    throw new HttpError(404, "NOT_FOUND", `No webhook ${JSON.stringify(id.slice(0, 80))}.`);
}
async function queueNotifications(database, notify, userId, payload) {
  const { rows } = await database.query("SELECT id FROM webhooks WHERE user_id = $1", [userId]);
  for (const { id } of rows) {
    const messageId = `msg_${payload.data.jobId}_${id}`;
    await notify.add(payload.type, { webhookId: id, messageId, payload }, { ...NOTIFY_JOB_OPTIONS, jobId: messageId });
  }
}
async function deliver(database, data) {
  const { rows } = await database.query("SELECT url, secret FROM webhooks WHERE id = $1", [data.webhookId]);
  const webhook = rows[0];
  if (!webhook)
    return;
  const body = JSON.stringify(data.payload);
  const timestamp = /* @__PURE__ */ new Date();
  const signature = new Webhook(webhook.secret).sign(data.messageId, timestamp, body);
  const response = await fetch(webhook.url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "webhook-id": data.messageId, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1e3)), "webhook-signature": signature },
    body,
    signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS)
  });
  await response.body?.cancel();
  if (!response.ok)
    throw new Error(`the receiver answered ${response.status}`);
}

// dist/src/server/hosted/storage.js
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
function parseStorageUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw invalidStorage(text);
  }
  const bucket = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ""));
  if (!/^https?:$/.test(url.protocol) || !bucket || bucket.includes("/"))
    throw invalidStorage(text);
  return {
    endpoint: `${url.protocol}//${url.host}`,
    bucket,
    region: url.searchParams.get("region") ?? "us-east-1",
    ...url.username ? { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) } : {}
  };
}
function invalidStorage(text) {
  const shown = text.replace(/\/\/[^@/]*@/, "//\u2026@");
  return new PainterlyError("INVALID_OPTION", `Expected an S3-compatible store as http(s)://ACCESS_KEY:SECRET@HOST:PORT/BUCKET for storage but received ${JSON.stringify(shown)}.`);
}
var ObjectStorage = class {
  location;
  client;
  constructor(location) {
    this.location = location;
    this.client = new S3Client({
      endpoint: location.endpoint,
      region: location.region,
      forcePathStyle: true,
      // Checksums only where S3 requires them: several S3-compatible stores do not know the newer headers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      ...location.accessKeyId ? { credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey ?? "" } } : {}
    });
  }
  /** Stores `bytes` under `key` (atomically: readers see the old object or the new one). */
  async put(key, bytes, contentType = "application/octet-stream") {
    await this.client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }
  /** Copies object `from` to `to` inside the store (the store does the work: a client that dies meanwhile cannot cut it short). */
  async copy(from, to) {
    await this.client.send(new CopyObjectCommand({ Bucket: this.location.bucket, CopySource: `${this.location.bucket}/${from.split("/").map(encodeURIComponent).join("/")}`, Key: to }));
  }
  /** The bytes under `key`, or undefined when there is no such object. */
  async get(key) {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissing(error))
        return void 0;
      throw error;
    }
  }
  /** Deletes `key` (nothing when it is not there). */
  async delete(key) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key }));
  }
  /** Throws when the bucket cannot be reached (readiness). */
  async ping() {
    await this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket }));
  }
  close() {
    this.client.destroy();
  }
};
function createObjectStorage(url) {
  return new ObjectStorage(parseStorageUrl(url));
}
function isMissing(error) {
  const { name, $metadata } = error ?? {};
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === 404;
}

// dist/src/server/hosted/object-keys.js
function uploadKey(id) {
  return `uploads/${id}`;
}
function resultKey(id) {
  return `results/${id}.png`;
}
function previewKey(id) {
  return `previews/${id}.jpg`;
}
function checkpointKey(id) {
  return `checkpoints/${id}`;
}
function checkpointUploadKey(id) {
  return `checkpoints/${id}.upload`;
}
function visualizationGridKey(id) {
  return `visualizations/${id}/grid.png`;
}
function visualizationUnitsKey(id) {
  return `visualizations/${id}/units.json`;
}

// dist/src/server/hosted/hosted-uploads.js
var UPLOAD_PATH_PREFIX = "upload:";
var HostedUploads = class {
  database;
  storage;
  userId;
  limits;
  constructor(database, storage, userId, limits) {
    this.database = database;
    this.storage = storage;
    this.userId = userId;
    this.limits = limits;
  }
  /** Checks `bytes` and stores them: 400 empty, 413 too many bytes or pixels, 415 not a usable image. Nothing is stored for a refused upload. */
  async save(bytes, name) {
    if (bytes.byteLength === 0)
      throw new HttpError(400, "BAD_REQUEST", "Expected image bytes in the request body but received nothing. Send the file itself as the body.");
    if (bytes.byteLength > this.limits.maxBytes)
      throw tooManyBytes(bytes.byteLength, this.limits.maxBytes);
    const { format, width, height } = await sniffImage(bytes, this.limits.maxPixels);
    await assertDecodable(bytes, this.limits.maxPixels);
    const info = { id: newId(), format, width, height, bytes: bytes.byteLength, name: displayName(name), createdAt: (/* @__PURE__ */ new Date()).toISOString() };
    await this.storage.put(uploadKey(info.id), bytes, `image/${format}`);
    await this.database.query("INSERT INTO uploads (id, user_id, info) VALUES ($1, $2, $3)", [info.id, this.userId, JSON.stringify(info)]);
    return info;
  }
  /** The record of the caller's upload `id`; 404 when the caller has none with that id. */
  async info(id) {
    if (!isId(id))
      throw notFound("upload", id);
    const { rows } = await this.database.query("SELECT info FROM uploads WHERE id = $1 AND user_id = $2", [id, this.userId]);
    if (!rows[0])
      throw notFound("upload", id);
    return uploadInfoSchema.parse(rows[0].info);
  }
  /** The bytes of the caller's upload `id`, as sent; 404 when the caller has none with that id. */
  async bytes(id) {
    const info = await this.info(id);
    const bytes = await this.storage.get(uploadKey(info.id));
    if (!bytes)
      throw notFound("upload", id);
    return { info, bytes };
  }
  /** A placeholder path the worker replaces with the file it downloads (`upload:<id>.<format>`). */
  async imagePath(id) {
    const info = await this.info(id);
    return `${UPLOAD_PATH_PREFIX}${info.id}.${info.format}`;
  }
};
function displayName(name) {
  const last = name.split(/[\\/]/).pop() ?? "";
  return last.replace(/[^\p{L}\p{N}\p{P}\p{Zs}]/gu, "").trim().slice(0, 120) || "image";
}

export {
  openDatabase,
  migrateAtStart,
  uploadKey,
  resultKey,
  previewKey,
  checkpointKey,
  checkpointUploadKey,
  visualizationGridKey,
  visualizationUnitsKey,
  setEmail,
  emailOf,
  createMailer,
  UPLOAD_PATH_PREFIX,
  HostedUploads,
  QUEUE_NAMES,
  WORKER_LOCKS,
  PAINTING_JOB_OPTIONS,
  VISUALIZE_JOB_OPTIONS,
  NOTIFY_JOB_OPTIONS,
  redisConnection,
  waitForRedis,
  createWebhook,
  deleteWebhook,
  queueNotifications,
  deliver,
  createObjectStorage
};
