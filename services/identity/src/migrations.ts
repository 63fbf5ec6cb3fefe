import { fileURLToPath } from 'node:url';
import { busMigrations } from '@joo/bus';
import { readMigrations, type Migration } from '@joo/db';

/** The folder of SQL migrations: `migrations/` beside `src/` and `dist/`. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** The bus tables first, then identity's own, in order. */
export async function identityMigrations(): Promise<Migration[]> {
  return [...busMigrations, ...(await readMigrations(MIGRATIONS_DIR))];
}
