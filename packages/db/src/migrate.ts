import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { withTransaction, type Transaction } from './transaction.js';

export interface Migration {
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^\d{3,}_[a-z0-9_]+\.sql$/;
// Any constant works; it only has to be the same for every process migrating one database.
const MIGRATION_LOCK_KEY = 7_305_118_401;

/** Reads `NNN_name.sql` files from a folder, in name order. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const bad = files.filter((f) => !MIGRATION_FILE.test(f));
  if (bad.length > 0) throw new Error(`migration files must be named NNN_snake_case.sql: ${bad.join(', ')}`);
  return Promise.all(files.map(async (name) => ({ name, sql: await readFile(join(dir, name), 'utf8') })));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction.
 * Returns the names applied. Each transaction first takes a transaction-level advisory lock and looks
 * again, so several replicas can start at once, also through a transaction pooler (a session-level
 * lock would be held by whichever server session the pooler lent).
 */
export async function migrate(pool: pg.Pool, migrations: Migration[]): Promise<string[]> {
  await underMigrationLock(pool, (tx) => tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`));
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM schema_migrations');
  const done = new Set(rows.map((r) => r.name));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    const fresh = await underMigrationLock(pool, async (tx) => {
      const { rowCount } = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [m.name]);
      if (rowCount) return false; // applied meanwhile by another process
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      return true;
    });
    if (fresh) applied.push(m.name);
  }
  return applied;
}

function underMigrationLock<T>(pool: pg.Pool, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    return work(tx);
  });
}

export async function migrateFromDir(pool: pg.Pool, dir: string): Promise<string[]> {
  return migrate(pool, await readMigrations(dir));
}
