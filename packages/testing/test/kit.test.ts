import t from 'tap';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { testBus, testDatabase, streamNamePrefix, TEST_SERVER_URL } from '../src/index.js';

async function databaseExists(name: string): Promise<boolean> {
  const c = new Client({ connectionString: TEST_SERVER_URL });
  await c.connect();
  try {
    return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await c.end();
  }
}

t.test('when a test ends, then its database is dropped', async (t) => {
  let name = '';
  await t.test('inner', async (t) => {
    const db = await testDatabase(t, { label: 'kit', migrations: [{ name: '001_x.sql', sql: 'CREATE TABLE x (id int)' }] });
    name = db.name;
    t.equal((await db.pool.query("SELECT to_regclass('x')::text AS x")).rows[0].x, 'x');
  });
  t.equal(await databaseExists(name), false);
});

t.test('when a test ends, then the streams under its prefix are deleted', async (t) => {
  let prefix = '';
  const outer = await testBus(t);
  await t.test('inner', async (t) => {
    const bus = await testBus(t);
    prefix = bus.prefix;
    const jsm = await jetstreamManager(bus.nc);
    await jsm.streams.add({ name: `${streamNamePrefix(prefix)}JOO_KIT`, subjects: [`${prefix}joo.kit.>`] });
  });
  const jsm = await jetstreamManager(outer.nc);
  const names: string[] = [];
  for await (const n of jsm.streams.names()) names.push(n);
  t.notOk(names.some((n) => n.startsWith(streamNamePrefix(prefix))));
  t.not(prefix, outer.prefix);
});
