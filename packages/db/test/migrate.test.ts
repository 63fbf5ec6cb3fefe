import t from 'tap';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabase, TEST_SERVER_URL } from '@joo/testing';
import { databaseUrl, dropDatabase, ensureDatabase, migrate, literal, literalOrNull, migrateFromDir, readMigrations, withTransaction } from '../src/index.js';

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

t.test('withTransaction commits on success and rolls back on error', async (t) => {
  const db = await testDatabase(t, { label: 'tx', migrations: [{ name: '001_t.sql', sql: 'CREATE TABLE t (v int);' }] });
  await withTransaction(db.pool, (c) => c.query('INSERT INTO t VALUES (1)'));
  await t.rejects(withTransaction(db.pool, async (c) => { await c.query('INSERT INTO t VALUES (2)'); throw new Error('no'); }), /no/);
  const { rows } = await db.pool.query('SELECT v FROM t');
  t.same(rows, [{ v: 1 }]);
});

t.test('when the last statement is sent with COMMIT, then it commits with the rest, or nothing does', async (t) => {
  const db = await testDatabase(t, { label: 'txlast', migrations: [{ name: '001_t.sql', sql: 'CREATE TABLE t (v text, n int NOT NULL DEFAULT 0);' }] });
  const sent: string[] = [];
  const counting = <C extends { query: (...args: never[]) => unknown }>(client: C): C => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
      sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
      return query(config, ...rest);
    };
    return client;
  };
  await withTransaction(db.pool, async (c, _first, commitWith) => {
    counting(c);
    await c.query("INSERT INTO t (v) VALUES ('first')");
    commitWith(`INSERT INTO t (v) VALUES (${literalOrNull(null)}), (${literalOrNull("it's last")})`);
  });
  t.same(sent, ["INSERT INTO t (v) VALUES ('first')", "INSERT INTO t (v) VALUES (NULL), ('it''s last'); COMMIT"], 'the last statement and COMMIT went as one message');

  await t.rejects(withTransaction(db.pool, async (c, _first, commitWith) => {
    await c.query("INSERT INTO t (v) VALUES ('rolled back')");
    commitWith("INSERT INTO t (v, n) VALUES ('fails', NULL)");
  }), /null value/);
  await t.rejects(withTransaction(db.pool, async (_c, _first, commitWith) => {
    commitWith('SELECT 1');
    commitWith('SELECT 2');
  }), /one statement/);
  const { rows } = await db.pool.query('SELECT v FROM t ORDER BY v NULLS FIRST');
  t.same(rows.map((r) => r.v), [null, 'first', "it's last"], 'the failed transaction left nothing');
  const { rows: [state] } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE \'idle in transaction%\'');
  t.equal(state!.n, 0, 'no connection was left inside a transaction');
});

t.test('when a first statement is sent with BEGIN, then it is part of the transaction and work gets its result', async (t) => {
  const db = await testDatabase(t, { label: 'txfirst', migrations: [{ name: '001_t.sql', sql: 'CREATE TABLE t (v text);' }] });
  const first = `INSERT INTO t VALUES (${literal("it's \\ quoted")})`;
  const rowCount = await withTransaction(db.pool, async (c, opened) => opened?.rowCount, { first });
  t.equal(rowCount, 1, 'the result of the first statement');
  await t.rejects(withTransaction(db.pool, async () => { throw new Error('no'); }, { first: "INSERT INTO t VALUES ('rolled back')" }), /no/);
  await t.rejects(withTransaction(db.pool, async () => {}, { first: 'INSERT INTO t VALUES (1, 2)' }), /more expressions/);
  const { rows } = await db.pool.query('SELECT v FROM t');
  t.same(rows, [{ v: "it's \\ quoted" }], 'the literal arrived as written; the failed transactions left nothing');
  const { rows: [state] } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE \'idle in transaction%\'');
  t.equal(state!.n, 0, 'no connection was left inside a transaction');
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
