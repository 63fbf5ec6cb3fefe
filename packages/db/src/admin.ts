import pg from 'pg';

/** Returns the URL of database `name` on the same server as `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteName(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
}

async function onMaintenanceDb<T>(serverUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  // A connection lost meanwhile fails the next query; unheard, its 'error' event would end the process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database unless it exists; true when this call created it. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<boolean> {
  return onMaintenanceDb(serverUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await c.query(`CREATE DATABASE ${quoteName(name)}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') return false; // created meanwhile by another process
      throw error;
    }
  });
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onMaintenanceDb(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteName(name)} WITH (FORCE)`));
}
