import { Type } from 'typebox';
import { createPool, migrate } from '@joo/db';
import { loadConfigOrExit } from '@joo/service-kit';
import { identityMigrations } from './migrations.js';

/** `node dist/migrate.js`: applies the bus tables and migrations/*.sql, then exits. */
const config = loadConfigOrExit(Type.Object({ DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }) }), 'identity migrate');
const pool = createPool({ connectionString: config.DATABASE_URL, max: 2, applicationName: 'identity-migrate' });
try {
  const applied = await migrate(pool, await identityMigrations());
  process.stdout.write(applied.length ? `identity: applied ${applied.join(', ')}\n` : 'identity: database is up to date\n');
} catch (error) {
  process.stderr.write(`identity: migration failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
