import { runMigrations } from '@joo/service-runtime';
import { practiceMigrations } from './migrations.js';

/** `node dist/migrate.js`: applies the bus tables and migrations/*.sql, then exits. */
await runMigrations('practice', practiceMigrations);
