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

  const admin = new pg.Client({ connectionString: bouncer.url('pgbouncer') });
  await admin.connect();
  t.teardown(() => admin.end());
  const config = await admin.query<{ key: string; value: string }>('SHOW CONFIG');
  t.equal(config.rows.find((r) => r.key === 'pool_mode')?.value, 'transaction', 'transaction pooling, as under Kubernetes');
});

t.test('when stopped, then nothing answers on its port any more', async (t) => {
  const bouncer = await startPgBouncer();
  await bouncer.stop();
  const client = new pg.Client({ connectionString: bouncer.url('postgres'), connectionTimeoutMillis: 2000 });
  await t.rejects(client.connect());
  await t.resolves(bouncer.stop(), 'stopping twice is harmless');
});
