import { pathToFileURL } from 'node:url';
import { Type, type Static, type TObject } from 'typebox';
import { createPool, migrate, type Migration, type Pool } from '@joo/db';
import { loadConfigOrExit } from '@joo/service-kit';

const DatabaseConfig = Type.Object({ DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }) });

/** True when the module at `metaUrl` is the script node was started with. */
export function isMainModule(metaUrl: string): boolean {
  return process.argv[1] !== undefined && metaUrl === pathToFileURL(process.argv[1]).href;
}

/**
 * A one-shot database script (`dist/migrate.js`, `dist/seed.js`): reads DATABASE_URL (and `extra`
 * variables), runs `work` with a small pool, prints its summary line and exits 1 on failure.
 */
export async function runDatabaseScript<E extends TObject>(
  service: string,
  task: string,
  work: (pool: Pool, config: Static<E> & { DATABASE_URL: string }) => Promise<string>,
  extra?: E,
): Promise<void> {
  const schema = Type.Object({ ...DatabaseConfig.properties, ...(extra?.properties ?? {}) });
  const config = loadConfigOrExit(schema, `${service} ${task}`) as Static<E> & { DATABASE_URL: string };
  const pool = createPool({ connectionString: config.DATABASE_URL, max: 2, applicationName: `${service}-${task}` });
  try {
    process.stdout.write(`${service}: ${await work(pool, config)}\n`);
  } catch (error) {
    process.stderr.write(`${service}: ${task} failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
}

/** `dist/migrate.js`: applies the bus tables and the service's migrations, then exits. */
export function runMigrations(service: string, migrations: () => Promise<Migration[]>): Promise<void> {
  return runDatabaseScript(service, 'migrate', async (pool) => {
    const applied = await migrate(pool, await migrations());
    return applied.length ? `applied ${applied.join(', ')}` : 'database is up to date';
  });
}
