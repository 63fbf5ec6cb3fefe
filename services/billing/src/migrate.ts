import { runMigrations } from '@joo/service-runtime';
import { billingMigrations } from './migrations.js';

/** `node dist/migrate.js`: applies the bus tables, the idempotency keys and migrations/*.sql, then exits. */
await runMigrations('billing', billingMigrations);
