import t from 'tap';
import { testDatabase } from '@joo/testing';
import { isDatabaseUnavailable, transactionInOneTrip, withTransaction } from '../src/index.js';

const MIGRATIONS = [{ name: '001_t.sql', sql: 'CREATE TABLE t (v text)' }];

/** Ends the server session of `pid` from another connection, as a restart or failover would. */
async function terminate(pool: { query: (sql: string, values: unknown[]) => Promise<unknown> }, pid: number): Promise<void> {
  await pool.query('SELECT pg_terminate_backend($1)', [pid]);
}

t.test('when the connection of a transaction is lost between two statements, then the transaction fails, the process lives on and the pool recovers', async (t) => {
  const db = await testDatabase(t, { label: 'tx_lost', migrations: MIGRATIONS, poolSize: 2 });
  const failure = await withTransaction(db.pool, async (tx) => {
    await tx.query("INSERT INTO t (v) VALUES ('lost')");
    const { rows: [me] } = await tx.query('SELECT pg_backend_pid() AS pid');
    await terminate(db.pool, me.pid);
    // The server's FATAL arrives while no query runs: the client emits 'error', which used to be
    // unhandled and ended the process (tap reports it as an uncaught exception).
    await new Promise((resolve) => setTimeout(resolve, 200));
    await tx.query("INSERT INTO t (v) VALUES ('after')");
  }).then(() => null, (error: unknown) => error);
  t.ok(failure, 'the transaction failed');
  t.ok(isDatabaseUnavailable(failure), `the failure says the database is unavailable: ${String(failure)}`);

  // The broken client was destroyed, not handed out again: both of the pool's clients work.
  const results = await Promise.all([1, 2].map((n) => withTransaction(db.pool, (tx) => tx.query('INSERT INTO t (v) VALUES ($1)', [`ok-${n}`]))));
  t.equal(results.length, 2);
  t.same((await db.pool.query('SELECT v FROM t ORDER BY v')).rows.map((r) => r.v), ['ok-1', 'ok-2'], 'nothing of the lost transaction was kept');
  t.equal(db.pool.totalCount <= 2, true);
});

t.test('when the connection of a one-trip transaction is killed while it runs, then it rejects and the next one works', async (t) => {
  const db = await testDatabase(t, { label: 'tx_lost_trip', migrations: MIGRATIONS, poolSize: 2 });
  const { rows: [before] } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()');
  t.ok(before);
  const trip = transactionInOneTrip(db.pool, ["INSERT INTO t (v) VALUES ('slow')", 'SELECT pg_sleep(5)']);
  const failure = trip.then(() => null, (error: unknown) => error);
  // Find the sleeping session and end it.
  for (let i = 0; i < 100; i += 1) {
    const { rows } = await db.pool.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()");
    if (rows[0]) {
      await terminate(db.pool, rows[0].pid);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.ok(isDatabaseUnavailable(await failure), 'the one-trip transaction failed as unavailable');
  await transactionInOneTrip(db.pool, ["INSERT INTO t (v) VALUES ('next')"]);
  t.same((await db.pool.query('SELECT v FROM t')).rows.map((r) => r.v), ['next']);
});

t.test('isDatabaseUnavailable tells an outage from a wrong statement', async (t) => {
  t.ok(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })));
  t.ok(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' })));
  t.ok(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  t.ok(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')));
  t.ok(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')));
  t.ok(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })])));
  t.notOk(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })));
  t.notOk(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' })));
  t.notOk(isDatabaseUnavailable(new Error('provider down')));
  t.notOk(isDatabaseUnavailable(null));
});
