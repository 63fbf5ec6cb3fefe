import t from 'tap';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabase, TEST_SERVER_URL } from '@joo/testing';
import { databaseUrl, dropDatabase, ensureDatabase, migrate, migrateFromDir, readMigrations } from '../src/index.js';

t.test('databaseUrl swaps the database name and keeps the rest', async (t) => {
  t.equal(databaseUrl('postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable', 'x'), 'postgres://postgres@127.0.0.1:5432/x?sslmode=disable');
});

t.test('when migrations run twice, then each is applied once and in name order', async (t) => {
  const db = await testDatabase(t, { label: 'migrate' });
  const dir = await mkdtemp(join(tmpdir(), 'mig-'));
  await writeFile(join(dir, '002_add_col.sql'), 'ALTER TABLE things ADD COLUMN note text;');
  await writeFile(join(dir, '001_things.sql'), 'CREATE TABLE things (id int PRIMARY KEY);');
  t.same(await migrateFromDir(db.pool, dir), ['001_things.sql', '002_add_col.sql']);
  t.same(await migrateFromDir(db.pool, dir), []);
  const { rows } = await db.pool.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'things' ORDER BY 1");
  t.same(rows.map((r) => r.column_name), ['id', 'note']);
});

t.test('when a migration fails, then it is rolled back and not recorded', async (t) => {
  const db = await testDatabase(t, { label: 'migrate_fail' });
  await t.rejects(migrate(db.pool, [{ name: '001_bad.sql', sql: 'CREATE TABLE a (id int); SELECT nope FROM missing;' }]));
  const { rows } = await db.pool.query("SELECT to_regclass('a') AS a, (SELECT count(*) FROM schema_migrations)::int AS n");
  t.same(rows[0], { a: null, n: 0 });
});

t.test('when two processes migrate at once, then the advisory lock lets one apply each file', async (t) => {
  const db = await testDatabase(t, { label: 'migrate_race' });
  const migrations = [{ name: '001_t.sql', sql: 'CREATE TABLE t (id int); SELECT pg_sleep(0.2);' }];
  const [a, b] = await Promise.all([migrate(db.pool, migrations), migrate(db.pool, migrations)]);
  t.same([...a, ...b], ['001_t.sql']);
});

t.test('when a migration file is badly named, then reading refuses it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mig-'));
  await writeFile(join(dir, 'init.sql'), 'SELECT 1;');
  await t.rejects(readMigrations(dir), /NNN_snake_case/);
});

t.test('bigint columns come back as numbers; beyond 2^53 they fail loudly', async (t) => {
  const db = await testDatabase(t, { label: 'int8' });
  t.same((await db.pool.query('SELECT 25000000::bigint AS v')).rows[0], { v: 25_000_000 });
  await t.rejects(db.pool.query('SELECT 9007199254740993::bigint AS v'), RangeError);
});

t.test('ensureDatabase creates once and then reports the database as already there', async (t) => {
  const name = `joo_t_ensure_${process.pid}_${Date.now().toString(36)}`;
  t.teardown(() => dropDatabase(TEST_SERVER_URL, name));
  t.equal(await ensureDatabase(TEST_SERVER_URL, name), true);
  t.equal(await ensureDatabase(TEST_SERVER_URL, name), false);
});
