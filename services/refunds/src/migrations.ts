import { idempotencyMigrations } from '@joo/idempotency';
import { serviceMigrations } from '@joo/service-runtime';

/** The bus tables, the Idempotency-Key table, then refunds' own `migrations/*.sql`, in order. */
export const refundsMigrations = serviceMigrations(import.meta.url, idempotencyMigrations);
