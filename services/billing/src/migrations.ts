import { idempotencyMigrations } from '@joo/idempotency';
import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables, the Idempotency-Key table, then billing's own `migrations/*.sql`, in order. */
export const billingMigrations = serviceMigrations(import.meta.url, idempotencyMigrations);
