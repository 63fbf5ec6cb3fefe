import t from 'tap';
import { countRoundTrips, testDatabase, type TestDatabase } from '@joo/testing';
import { defineStatement, execution, transactionInOneTrip, withTransaction } from '../src/index.js';

const MIGRATIONS = [{ name: '001_t.sql', sql: 'CREATE TABLE t (v text, n int NOT NULL DEFAULT 0);' }];
const INSERT = defineStatement('insert_t', ['text'], 'INSERT INTO t (v) VALUES ($1) RETURNING v');
const INSERT_N = defineStatement('insert_t_n', ['text', 'integer'], 'INSERT INTO t (v, n) VALUES ($1, $2)');

async function values(db: TestDatabase): Promise<Array<string | null>> {
  return (await db.pool.query('SELECT v FROM t ORDER BY v NULLS FIRST')).rows.map((r) => r.v);
}

async function idleInTransaction(db: TestDatabase): Promise<number> {
  const { rows: [state] } = await db.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
  return state!.n;
}

t.test('when work resolves, then it commits; when it throws, then nothing of it is kept', async (t) => {
  const db = await testDatabase(t, { label: 'tx', migrations: MIGRATIONS });
  await withTransaction(db.pool, (tx) => tx.query("INSERT INTO t (v) VALUES ('kept')"));
  await t.rejects(withTransaction(db.pool, async (tx) => { await tx.query("INSERT INTO t (v) VALUES ('no')"); throw new Error('no'); }), /no/);
  t.same(await values(db), ['kept']);
  await withTransaction(db.pool, async (tx) => {
    t.same((await tx.query('SHOW transaction_isolation')).rows, [{ transaction_isolation: 'serializable' }]);
  }, { isolation: 'serializable' });
});

t.test('when the last statement is sent with COMMIT, then it is one round trip with it, and commits with the rest or nothing does', async (t) => {
  const db = await testDatabase(t, { label: 'tx_last', migrations: MIGRATIONS });
  const trips = countRoundTrips(db.pool);
  await withTransaction(db.pool, async (tx) => {
    await tx.query("INSERT INTO t (v) VALUES ('first')");
    tx.commitWith(execution(INSERT, ["it's last"]));
  });
  t.same(trips.sent, ['BEGIN', "INSERT INTO t (v) VALUES ('first')", `INSERT INTO t (v) VALUES (('it''s last'::text)) RETURNING v; COMMIT`]);
  t.same(trips.transactions, [{ roundTrips: 3, committed: true }]);

  trips.reset();
  await t.rejects(withTransaction(db.pool, async (tx) => {
    await tx.query("INSERT INTO t (v) VALUES ('rolled back')");
    tx.commitWith(execution(INSERT_N, ['fails', null]));
  }), /null value/);
  t.same(trips.transactions, [{ roundTrips: 4, committed: false }], 'BEGIN, the insert, the failed commit and the rollback');
  await t.rejects(withTransaction(db.pool, async (tx) => {
    tx.commitWith('SELECT 1');
    tx.commitWith('SELECT 2');
  }), /one statement/);
  t.same(await values(db), ['first', "it's last"], 'the failed transactions left nothing');
  t.equal(await idleInTransaction(db), 0, 'no connection was left inside a transaction');
});

t.test('when a first statement is sent with BEGIN, then it is part of the transaction and work gets its result', async (t) => {
  const db = await testDatabase(t, { label: 'tx_first', migrations: MIGRATIONS });
  const trips = countRoundTrips(db.pool);
  const rows = await withTransaction(db.pool, async (tx) => tx.beginResult?.rows, { withBegin: execution(INSERT, ["it's \\ quoted"]) });
  t.same(rows, [{ v: "it's \\ quoted" }], 'the result of the first statement');
  t.same(trips.transactions, [{ roundTrips: 2, committed: true }], 'BEGIN with the insert, then COMMIT');
  t.same(await withTransaction(db.pool, async (tx) => tx.beginResult), undefined, 'none without a first statement');
  await t.rejects(withTransaction(db.pool, async () => { throw new Error('no'); }, { withBegin: execution(INSERT, ['rolled back']) }), /no/);
  await t.rejects(withTransaction(db.pool, async () => {}, { withBegin: 'INSERT INTO t VALUES (1, 2, 3)' }), /more expressions/);
  t.same(await values(db), ["it's \\ quoted"], 'the failed transactions left nothing');
  t.equal(await idleInTransaction(db), 0, 'no connection was left inside a transaction');
});

t.test('when a transaction goes in one trip, then BEGIN, its statements and COMMIT are one message, and all or none commit', async (t) => {
  const db = await testDatabase(t, { label: 'tx_one_trip', migrations: MIGRATIONS });
  const trips = countRoundTrips(db.pool);
  const results = await transactionInOneTrip(db.pool, [execution(INSERT, ['a']), "INSERT INTO t (v) VALUES ('b')", execution(INSERT, ['c'])]);
  t.same(results.map((r) => r.rowCount), [1, 1, 1], 'one result per statement');
  t.same(results[2]!.rows, [{ v: 'c' }]);
  t.same(trips.transactions, [{ roundTrips: 1, committed: true }]);
  trips.reset();
  await t.rejects(transactionInOneTrip(db.pool, [execution(INSERT, ['d']), execution(INSERT_N, ['e', null])]), /null value/);
  t.same(trips.transactions, [{ roundTrips: 2, committed: false }], 'the failed message, then the rollback');
  t.same(await values(db), ['a', 'b', 'c'], 'the failed one left nothing');
  t.equal(await idleInTransaction(db), 0, 'no connection was left inside a transaction');
});
