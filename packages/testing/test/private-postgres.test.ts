import t from 'tap';
import pg from 'pg';
import { startPrivatePostgres } from '../src/private-postgres.js';
import { isRunning } from '../src/processes.js';
import type { Teardown } from '../src/teardown.js';

async function connect(t: Teardown, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // the server is killed under it on purpose
  await client.connect();
  t.teardown(() => client.end().catch(() => {}));
  return client;
}

t.test('when the private server is killed with -9, then every commit it answered is there after the restart', async (t) => {
  const postgres = await startPrivatePostgres(t);
  const writer = await connect(t, postgres.serverUrl);
  await writer.query('CREATE TABLE acknowledged (n int PRIMARY KEY)');
  // One commit per row, answered one by one, and the kill right after the last answer: a server that
  // answers commits before writing them (synchronous_commit=off) loses the newest of them.
  for (let n = 1; n <= 50; n += 1) await writer.query('INSERT INTO acknowledged VALUES ($1)', [n]);
  const { rows: [before] } = await writer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await postgres.kill();
  t.notOk(isRunning(before!.pid), 'the backend is killed with the server');
  await t.rejects(writer.query('SELECT 1'), 'the connection is cut');

  await postgres.start();
  const reader = await connect(t, postgres.serverUrl);
  const { rows } = await reader.query<{ n: number; max: number }>('SELECT count(*)::int AS n, max(n) AS max FROM acknowledged');
  t.same(rows[0], { n: 50, max: 50 }, 'all 50 acknowledged commits survived');
});
