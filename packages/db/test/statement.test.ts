import t from 'tap';
import pg from 'pg';
import { countRoundTrips, testDatabase } from '@joo/testing';
import { defineStatement, execute, execution, transactionInOneTrip, withTransaction } from '../src/index.js';
import { inlineSql, literal } from '../src/inline.js';

const MIGRATIONS = [{ name: '001_notes.sql', sql: 'CREATE TABLE notes (n int PRIMARY KEY, v text, at timestamptz, tags text[]);' }];
const INSERT = defineStatement('insert_note', ['integer', 'text', 'timestamptz', 'text[]'],
  'INSERT INTO notes (n, v, at, tags) VALUES ($1, $2, $3, $4) RETURNING n, v, at, tags');
const ECHO = defineStatement('echo', ['text', 'text[]'], 'SELECT $1 AS v, $2 AS a');

const AWKWARD = [
  '', 'plain', "it's", "''", '\\', "\\'", 'a\\b\\\\c', "O'Brien \\ co", '{"json":"with \\"quotes\\"","n":1}',
  'Қазақ тілі – русский', '😀 emoji', '$1 $$ dollar', 'semi; DROP TABLE x; --', 'line\nbreak\ttab', 'a,b', '{braced}', 'NULL', 'quo"te',
];

/** Strings of the characters that matter to quoting, and some that do not. */
function randomStrings(count: number): string[] {
  const alphabet = ["'", '\\', '"', 'a', 'Қ', ' ', '\n', 'E', '$', ',', '{'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''));
}

t.test('when a statement is defined, then its parameters must match its types', async (t) => {
  t.throws(() => defineStatement('too_few_types', ['int'], 'SELECT $1, $2'), /uses \$2 but has 1 parameter types/);
  t.throws(() => defineStatement('unused', ['int', 'int'], 'SELECT $2'), /does not use \$1/);
  t.throws(() => execution(INSERT, [1, 'too few'] as never), /takes 4 values, not 2/);
  const named = defineStatement('dollar_names', ['int'], 'SELECT $1 AS a$1');
  t.equal(named.boundText, 'SELECT ($1::int) AS a$1', 'a $ inside a name is not a parameter');
  // @ts-expect-error: $1 is an integer, not a string
  execution(INSERT, ['1', null, null, null]);
});

t.test('when a statement runs alone, then it goes as bound parameters, with nothing prepared', async (t) => {
  const db = await testDatabase(t, { label: 'stmt_bound', migrations: MIGRATIONS });
  const trips = countRoundTrips(db.pool);
  const at = new Date('2026-12-03T10:00:00.000Z');
  const { rows } = await execute(db.pool, execution(INSERT, [1, "it's \\ quoted", at, ['a,b', 'c']]));
  t.same(rows, [{ n: 1, v: "it's \\ quoted", at, tags: ['a,b', 'c'] }], 'the values arrive as they were, typed');
  t.same(trips.sent, [INSERT.boundText], 'one round trip: the statement with its parameters cast to their types');
  const client = await db.pool.connect();
  t.teardown(() => client.release());
  await execute(client, execution(INSERT, [2, null, null, null]));
  t.same((await client.query('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows, [{ n: 0 }], 'the session holds no prepared statement');
});

t.test('when values are written into the text, then each arrives exactly as it does bound', async (t) => {
  const db = await testDatabase(t, { label: 'stmt_inline', migrations: [] });
  for (const value of [...AWKWARD, ...randomStrings(300)]) t.equal(literal(value), pg.escapeLiteral(value), JSON.stringify(value));
  const values = [...AWKWARD, ...randomStrings(40)];
  const runs = values.map((v) => execution(ECHO, [v, [v, 'x', v]]));
  const inline = await transactionInOneTrip(db.pool, runs);
  const bound = await Promise.all(runs.map((run) => execute(db.pool, run)));
  t.same(inline.map((r) => r.rows[0]), values.map((v) => ({ v, a: [v, 'x', v] })));
  t.same(bound.map((r) => r.rows[0]), inline.map((r) => r.rows[0]));
  t.same((await transactionInOneTrip(db.pool, [execution(ECHO, [null, []])]))[0]!.rows, [{ v: null, a: [] }], 'NULL and an empty array');
  t.equal(inlineSql(execution(ECHO, ["it's", ['a']])), `SELECT ('it''s'::text) AS v, ('{"a"}'::text[]) AS a`);
  t.throws(() => inlineSql(execution(INSERT, [Number.NaN, null, null, null])), /NaN cannot be an SQL value/);
  const uuids = defineStatement('echo_uuids', ['uuid[]'], 'SELECT unnest($1)::text AS v');
  await t.rejects(transactionInOneTrip(db.pool, [execution(uuids, [['01940000-0000-7000-8000-000000000001,01940000-0000-7000-8000-000000000002']])]),
    /invalid input syntax for type uuid/, 'a comma inside an element does not make two');
});

t.test('when every checkout is a new server session, as behind a transaction pooler, then statements and transactions still work', async (t) => {
  const db = await testDatabase(t, { label: 'stmt_pooler', migrations: MIGRATIONS });
  // maxUses 1: a client is closed after one checkout, so no session state can carry over to the next.
  const pool = new pg.Pool({ connectionString: db.url, max: 2, maxUses: 1 });
  t.teardown(() => pool.end());
  const pid = defineStatement('backend_pid', [], 'SELECT pg_backend_pid() AS pid');
  const sessions = new Set<number>();
  for (let n = 1; n <= 2; n += 1) {
    t.same((await execute(pool, execution(INSERT, [n, `alone ${n}`, null, null]))).rows[0], { n, v: `alone ${n}`, at: null, tags: null });
    sessions.add((await execute(pool, execution(pid, []))).rows[0].pid);
  }
  const inTransaction = await withTransaction(pool, async (tx) => {
    tx.commitWith(execution(INSERT, [4, 'with COMMIT', null, null]));
    return (await execute(tx, execution(INSERT, [5, 'inside', null, null]))).rowCount;
  }, { withBegin: execution(INSERT, [3, 'with BEGIN', null, null]) });
  t.equal(inTransaction, 1);
  const [oneTrip] = await transactionInOneTrip(pool, [execution(INSERT, [6, 'one trip', null, null])]);
  t.equal(oneTrip!.rowCount, 1);
  for (let i = 0; i < 2; i += 1) sessions.add((await execute(pool, execution(pid, []))).rows[0].pid);
  t.equal(sessions.size, 4, 'each checkout had a session of its own');
  const { rows } = await db.pool.query('SELECT n, v FROM notes ORDER BY n');
  t.same(rows.map((r) => r.v), ['alone 1', 'alone 2', 'with BEGIN', 'with COMMIT', 'inside', 'one trip']);
});
