import { randomBytes } from 'node:crypto';
import { createPool, dropDatabase, ensureDatabase, databaseUrl, migrate, type Migration, type Pool } from '@joo/db';
import { teardownOf, type Teardown } from './teardown.js';

/** The PostgreSQL server tests use; the same default as scripts/ensure-infra.sh. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  pool: Pool;
}

/**
 * A fresh database for one test file, on the tests' server or on `serverUrl` (a private one):
 * created, migrated, and dropped (with its pool closed) when the test ends. Names are unique so
 * parallel files and parallel CI runs never meet.
 */
export async function testDatabase(
  t: Teardown,
  options: { migrations?: Migration[]; label?: string; poolSize?: number; serverUrl?: string } = {},
): Promise<TestDatabase> {
  const server = options.serverUrl ?? TEST_SERVER_URL;
  const label = (options.label ?? 'test').toLowerCase().replace(/[^a-z0-9]/g, '_').slice(0, 20);
  const name = `joo_t_${label}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(server, name);
  const url = databaseUrl(server, name);
  const pool = createPool({ connectionString: url, max: options.poolSize ?? 5, applicationName: name });
  teardownOf(t)(async () => {
    await pool.end().catch(() => {});
    await dropDatabase(server, name);
  });
  if (options.migrations) await migrate(pool, options.migrations);
  return { name, url, pool };
}

/** Drops a database a process of the test created on the test server (e.g. `pnpm start` run by a test). */
export async function dropTestDatabase(name: string): Promise<void> {
  await dropDatabase(TEST_SERVER_URL, name);
}
