/**
 * The database schema of a hosted deployment, as numbered migrations (applied in order, each once,
 * recorded in `schema_migrations`). Add a new entry to change the schema; never edit an applied one.
 */

/** One schema change. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users, api keys, uploads, jobs, gallery items, webhooks',
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
    `,
  },
  {
    version: 2,
    name: 'share links',
    sql: `
      CREATE TABLE share_links (
        id uuid PRIMARY KEY,
        job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
    `,
  },
  {
    version: 3,
    name: 'e-mail address of a user, for job notifications',
    sql: `ALTER TABLE users ADD COLUMN email text;`,
  },
  {
    version: 4,
    name: 'accounts with passwords (a guest becomes a member), cookie sessions',
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
    `,
  },
  {
    version: 5,
    name: 'verified e-mail addresses, single-use tokens of e-mail verification and password reset',
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
    `,
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
    `,
  },
];
