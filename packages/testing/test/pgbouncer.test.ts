import t from 'tap';
import pg from 'pg';
import { startPgBouncer } from '../src/pgbouncer.js';
import { testDatabase } from '../src/database.js';

t.test('when a test starts a PgBouncer, then it pools transactions in front of the test PostgreSQL', async (t) => {
  const db = await testDatabase(t, { label: 'pgbouncer' });
  const bouncer = await startPgBouncer({ poolSize: 2 });
  t.teardown(() => bouncer.stop());

  const client = new pg.Client({ connectionString: bouncer.url(db.name) });
  await client.connect();
  t.teardown(() => client.end());
  const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
  t.equal(rows[0]!.db, db.name, 'queries reach the database named in the URL');

  const config = await bouncer.show<{ key: string; value: string }>('CONFIG');
  t.equal(config.find((r) => r.key === 'pool_mode')?.value, 'transaction', 'transaction pooling, as under Kubernetes');
  const servers = await bouncer.show<{ database: string }>('SERVERS');
  t.ok(servers.some((s) => s.database === db.name), 'its admin console lists the server session it opened');
  await t.rejects(bouncer.show('CONFIG; SELECT 1'), /not an admin console listing/);
});

t.test('when stopped, then nothing answers on its port any more', async (t) => {
  const bouncer = await startPgBouncer();
  await bouncer.stop();
  const client = new pg.Client({ connectionString: bouncer.url('postgres'), connectionTimeoutMillis: 2000 });
  await t.rejects(client.connect());
  await t.resolves(bouncer.stop(), 'stopping twice is harmless');
});
