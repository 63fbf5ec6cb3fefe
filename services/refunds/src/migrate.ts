import { runMigrations } from '@joo/service-runtime';
import { refundsMigrations } from './migrations.js';

/** `node dist/migrate.js`: applies the bus tables and migrations/*.sql, then exits. */
await runMigrations('refunds', refundsMigrations);
