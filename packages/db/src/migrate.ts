import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { withTransaction } from './transaction.js';

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
 * An advisory lock lets several replicas start at once without racing. Returns the names applied.
 */
export async function migrate(pool: pg.Pool, migrations: Migration[]): Promise<string[]> {
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await lock.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await lock.query<{ name: string }>('SELECT name FROM schema_migrations');
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await withTransaction(pool, async (tx) => {
        await tx.query(m.sql);
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      });
      applied.push(m.name);
    }
    return applied;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    lock.release();
  }
}

export async function migrateFromDir(pool: pg.Pool, dir: string): Promise<string[]> {
  return migrate(pool, await readMigrations(dir));
}
