/**
 * The PostgreSQL database of a hosted deployment (`pg`): one pool per process, the schema brought up
 * to date by `migrate` at start-up (API nodes and workers alike; an advisory lock makes concurrent
 * starts apply each migration once).
 */
import pg from 'pg';
import { PainterlyError } from '../../engine/errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Any number; the same on every node, so concurrent migrations wait for each other. */
const MIGRATION_LOCK = 21_0021;

/**
 * A pool for `--database URL` (`postgres://user:password@host:port/db`).
 *
 * @example
 * const db = openDatabase('postgres://painterly@127.0.0.1:5432/painterly');
 * await migrate(db);
 */
export function openDatabase(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server (PostgreSQL restarted) is not fatal: the pool makes a new one.
  pool.on('error', () => undefined);
  return pool;
}

/** Applies the migrations `database` does not have yet, in order, each in its transaction. */
export async function migrate(database: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await database.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/**
 * `migrate`, with a failure to reach the database worded for the person starting a node.
 *
 * @example await migrateAtStart(database, options.database);
 */
export async function migrateAtStart(database: pg.Pool, url: string): Promise<void> {
  try {
    await migrate(database);
  } catch (error) {
    await database.end().catch(() => undefined);
    const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@');
    throw new PainterlyError('INVALID_OPTION', `Cannot use the PostgreSQL database at --database ${shown} (${error instanceof Error ? error.message : String(error)}). Start it (and create the database and user), or pass the URL of a running one.`);
  }
}
