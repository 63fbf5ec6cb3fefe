import { fileURLToPath } from 'node:url';
import { busMigrations } from '@joo/bus';
import { readMigrations, type Migration } from '@joo/db';

/**
 * A service's migrations: the bus tables (outbox, inbox, dead letters) first, then `shared` ones
 * from packages (e.g. idempotency keys), then its own
 * `migrations/*.sql`, the folder beside `src/` and `dist/` of the module at `metaUrl`.
 */
export function serviceMigrations(metaUrl: string, shared: Migration[] = []): () => Promise<Migration[]> {
  const dir = fileURLToPath(new URL('../migrations/', metaUrl));
  return async () => [...busMigrations, ...shared, ...(await readMigrations(dir))];
}
