import t from 'tap';
import type pg from 'pg';
import { testDatabase } from '@joo/testing';
import { execution, executeOn, sessionStatement, sqlFor, withTransaction } from '../src/index.js';

const INSERT = sessionStatement('test_insert_note', ['int', 'text', 'timestamptz'], 'INSERT INTO notes (n, v, at) VALUES ($1, $2, $3) RETURNING n, v, at');
const MIGRATIONS = [{ name: '001_notes.sql', sql: 'CREATE TABLE notes (n int PRIMARY KEY, v text, at timestamptz);' }];

/** Records the text of every query the client sends. */
function recording(client: pg.ClientBase): string[] {
  const sent: string[] = [];
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
    sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
    return query(config, ...rest);
  };
  return sent;
}

async function preparedNames(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE from_sql ORDER BY name');
  return rows.map((r) => r.name);
}

t.test('when a session runs a statement twice, then it prepares it once and executes it with quoted values', async (t) => {
  const db = await testDatabase(t, { label: 'sessst', migrations: MIGRATIONS });
  const client = await db.pool.connect();
  t.teardown(() => client.release());
  const sent = recording(client);
  const at = new Date('2026-12-03T10:00:00.000Z');
  const first = await executeOn(client, execution(INSERT, [1, "it's \\ quoted", at]));
  const second = await executeOn(client, execution(INSERT, [2, null, at]));
  t.equal(sent.filter((s) => s.startsWith('PREPARE')).length, 1, 'one PREPARE for the session');
  t.match(sent.at(-1), /^EXECUTE test_insert_note\('2', NULL, '2026-12-03T10:00:00.000Z'\)$/);
  t.same(first.rows, [{ n: 1, v: "it's \\ quoted", at }], 'the values arrive as they were, typed');
  t.same(second.rows, [{ n: 2, v: null, at }]);
  t.same(await preparedNames(client), ['test_insert_note']);
});

t.test('when an execution fails inside a transaction, then the rollback keeps the statement prepared and the next call works', async (t) => {
  const db = await testDatabase(t, { label: 'sessst_fail', migrations: MIGRATIONS });
  const client = await db.pool.connect();
  t.teardown(() => client.release());
  await executeOn(client, execution(INSERT, [1, 'a', null]));
  await client.query('BEGIN');
  await t.rejects(executeOn(client, execution(INSERT, [1, 'again', null])), { code: '23505' });
  await client.query('ROLLBACK');
  const sent = recording(client);
  t.same((await executeOn(client, execution(INSERT, [2, 'b', null]))).rows, [{ n: 2, v: 'b', at: null }]);
  t.notOk(sent.some((s) => s.startsWith('PREPARE')), 'not prepared again');
});

t.test('when another session runs it, then that session prepares its own', async (t) => {
  const db = await testDatabase(t, { label: 'sessst_two', migrations: MIGRATIONS });
  const a = await db.pool.connect();
  const b = await db.pool.connect();
  t.teardown(() => { a.release(); b.release(); });
  await executeOn(a, execution(INSERT, [1, 'a', null]));
  t.same(await preparedNames(b), [], 'b has nothing prepared yet');
  await executeOn(b, execution(INSERT, [2, 'b', null]));
  t.same(await preparedNames(b), ['test_insert_note']);
});

t.test('when the session already holds the statement under that name, then it is used as it is', async (t) => {
  const db = await testDatabase(t, { label: 'sessst_dup', migrations: MIGRATIONS });
  const client = await db.pool.connect();
  t.teardown(() => client.release());
  await client.query(`PREPARE ${INSERT.name}(int, text, timestamptz) AS ${INSERT.text}`);
  t.same((await executeOn(client, execution(INSERT, [7, 'x', null]))).rows, [{ n: 7, v: 'x', at: null }]);
});

t.test('when executions go with BEGIN and with COMMIT, then they are part of the transaction', async (t) => {
  const db = await testDatabase(t, { label: 'sessst_tx', migrations: MIGRATIONS });
  const inserted = await withTransaction(db.pool, async (_c, first, commitWith) => {
    commitWith(execution(INSERT, [2, 'last', null]));
    return first?.rows;
  }, { first: execution(INSERT, [1, 'first', null]) });
  t.same(inserted, [{ n: 1, v: 'first', at: null }], 'work gets the first execution\'s result');
  await t.rejects(withTransaction(db.pool, async (_c, _first, commitWith) => {
    commitWith(execution(INSERT, [1, 'a duplicate', null]));
  }, { first: execution(INSERT, [3, 'rolled back', null]) }), { code: '23505' });
  const { rows } = await db.pool.query('SELECT n, v FROM notes ORDER BY n');
  t.same(rows, [{ n: 1, v: 'first' }, { n: 2, v: 'last' }], 'the failed transaction left nothing');
});

t.test('when a statement takes no values, then it is prepared and executed without a list', async (t) => {
  const db = await testDatabase(t, { label: 'sessst_none', migrations: MIGRATIONS });
  const client = await db.pool.connect();
  t.teardown(() => client.release());
  const count = sessionStatement('test_count_notes', [], 'SELECT count(*)::int AS n FROM notes');
  t.equal(await sqlFor(client, execution(count, [])), 'EXECUTE test_count_notes');
  t.same((await executeOn(client, execution(count, []))).rows, [{ n: 0 }]);
});

t.test('when a value is an array of strings, then each element arrives as it was', async (t) => {
  const db = await testDatabase(t, { label: 'sessst_array', migrations: MIGRATIONS });
  const client = await db.pool.connect();
  t.teardown(() => client.release());
  const echo = sessionStatement('test_echo_texts', ['text[]'], 'SELECT unnest($1) AS v');
  const odd = ['plain', 'a,b', '{braced}', 'it\'s', 'back\\slash', 'quo"te', '', 'NULL'];
  t.same((await executeOn(client, execution(echo, [odd]))).rows.map((r) => r.v), odd);
  t.same((await executeOn(client, execution(echo, [[]]))).rows, [], 'an empty array');
  const uuids = sessionStatement('test_echo_uuids', ['uuid[]'], 'SELECT unnest($1)::text AS v');
  await t.rejects(executeOn(client, execution(uuids, [['01940000-0000-7000-8000-000000000001,01940000-0000-7000-8000-000000000002']])),
    /invalid input syntax for type uuid/, 'a comma inside an element does not make two');
});

t.test('when a statement or its values are wrong, then they are refused before reaching the server', async (t) => {
  t.throws(() => sessionStatement('joo.bus.relay', [], 'SELECT 1'), /snake_case/, 'a name like node-postgres\'s own statements');
  t.throws(() => execution(INSERT, [1, 'too few']), /takes 3 values, not 2/);
  t.throws(() => sessionStatement('test_insert_note', ['int'], 'DELETE FROM notes WHERE n = $1'), /already defined with another text/,
    'a second statement under a name in use');
  t.equal(sessionStatement('test_insert_note', ['int', 'text', 'timestamptz'], INSERT.text), INSERT, 'the same definition again is the same statement');
  const db = await testDatabase(t, { label: 'sessst_bad', migrations: MIGRATIONS });
  const client = await db.pool.connect();
  t.teardown(() => client.release());
  await t.rejects(sqlFor(client, execution(INSERT, [Number.NaN, 'x', null])), /NaN cannot be an SQL value/);
  const broken = sessionStatement('test_broken', [], 'SELECT nope FROM missing');
  await t.rejects(executeOn(client, execution(broken, [])), /missing/);
  await t.rejects(executeOn(client, execution(broken, [])), /missing/, 'a PREPARE that failed is tried again, not assumed');
});
