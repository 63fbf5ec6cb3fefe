import { fileURLToPath } from 'node:url';
import { busMigrations } from '@joo/bus';
import { readMigrations, type Migration } from '@joo/db';

/**
 * A service's migrations: the bus tables (outbox, inbox, dead letters) first, then its own
 * `migrations/*.sql`, the folder beside `src/` and `dist/` of the module at `metaUrl`.
 */
export function serviceMigrations(metaUrl: string): () => Promise<Migration[]> {
  const dir = fileURLToPath(new URL('../migrations/', metaUrl));
  return async () => [...busMigrations, ...(await readMigrations(dir))];
}
