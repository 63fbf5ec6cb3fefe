import { idempotencyMigrations } from '@joo/idempotency';
import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables, the Idempotency-Key table, then leads' own `migrations/*.sql`, in order. */
export const leadsMigrations = serviceMigrations(import.meta.url, idempotencyMigrations);
