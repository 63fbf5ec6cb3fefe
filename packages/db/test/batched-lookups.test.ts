import t from 'tap';
import { countRoundTrips, testDatabase } from '@joo/testing';
import { batchedLookups, DEFAULT_MAX_PER_QUERY, DEFAULT_MAX_QUERIES_IN_FLIGHT, type Queryable } from '../src/index.js';

const MIGRATIONS = [{ name: '001_notes.sql', sql: `CREATE TABLE notes (n int PRIMARY KEY, v text NOT NULL);
  INSERT INTO notes SELECT n, 'note ' || n FROM generate_series(1, 500) AS n;` }];

/** The notes of `ns`, one answer per key in order, null for a note that does not exist. */
async function readNotes(db: Queryable, ns: readonly number[]): Promise<Array<string | null>> {
  const { rows } = await db.query<{ i: string; v: string }>(
    'SELECT k.i, notes.v FROM unnest($1::int[]) WITH ORDINALITY AS k(n, i) JOIN notes ON notes.n = k.n', [ns]);
  const answers = new Array<string | null>(ns.length).fill(null);
  for (const row of rows) answers[Number(row.i) - 1] = row.v;
  return answers;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

t.test('when lookups are asked for in the same turn, then they go as one query and each gets its own answer', async (t) => {
  const db = await testDatabase(t, { migrations: MIGRATIONS });
  const trips = countRoundTrips(db.pool);
  const note = batchedLookups((ns: readonly number[]) => readNotes(db.pool, ns));
  const answers = await Promise.all([note(3), note(1), note(9999), note(3)]);
  t.same(answers, ['note 3', 'note 1', null, 'note 3'], 'in the order asked, the missing one null, a repeated key answered twice');
  t.equal(trips.sent.length, 1);
});

t.test('when a lookup is alone, then it is sent without waiting for company', async (t) => {
  const db = await testDatabase(t, { migrations: MIGRATIONS });
  const trips = countRoundTrips(db.pool);
  const note = batchedLookups((ns: readonly number[]) => readNotes(db.pool, ns));
  t.equal(await note(1), 'note 1');
  t.equal(await note(2), 'note 2');
  t.equal(trips.sent.length, 2, 'one after the other: one query each');
});

t.test('when the most queries are out, then later lookups gather and go as one when a query returns', async (t) => {
  const db = await testDatabase(t, { migrations: MIGRATIONS });
  const gates: Array<() => void> = [];
  const sizes: number[] = [];
  const note = batchedLookups(async (ns: readonly number[]) => {
    sizes.push(ns.length);
    await new Promise<void>((open) => gates.push(open));
    return readNotes(db.pool, ns);
  });
  const answers: Array<Promise<string | null>> = [];
  for (let i = 1; i <= DEFAULT_MAX_QUERIES_IN_FLIGHT; i++) {
    answers.push(note(i));
    await nextTurn();
  }
  t.same(sizes, Array(DEFAULT_MAX_QUERIES_IN_FLIGHT).fill(1), 'each went at once, alone');
  for (let i = 0; i < 3; i++) {
    answers.push(note(100 + i));
    await nextTurn();
  }
  t.same(sizes, Array(DEFAULT_MAX_QUERIES_IN_FLIGHT).fill(1), 'the later ones wait');
  gates[0]!();
  await answers[0];
  await nextTurn();
  t.same(sizes, [...Array(DEFAULT_MAX_QUERIES_IN_FLIGHT).fill(1), 3], 'one returned: the three go together');
  for (const open of gates.slice(1)) open();
  t.same(await Promise.all(answers), [
    ...Array.from({ length: DEFAULT_MAX_QUERIES_IN_FLIGHT }, (_, i) => `note ${i + 1}`), 'note 100', 'note 101', 'note 102',
  ]);
});

t.test('when more lookups come than one query carries, then they go in as few queries as fit them', async (t) => {
  const db = await testDatabase(t, { migrations: MIGRATIONS });
  const trips = countRoundTrips(db.pool);
  const note = batchedLookups((ns: readonly number[]) => readNotes(db.pool, ns));
  const count = DEFAULT_MAX_PER_QUERY * 2 + 1;
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => note(i + 1)));
  t.equal(trips.sent.length, 3);
  t.same(answers, Array.from({ length: count }, (_, i) => `note ${i + 1}`));
});

t.test('when the limits are given, then they hold', async (t) => {
  const db = await testDatabase(t, { migrations: MIGRATIONS });
  const sizes: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const note = batchedLookups(async (ns: readonly number[]) => {
    sizes.push(ns.length);
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    try {
      return await readNotes(db.pool, ns);
    } finally {
      inFlight -= 1;
    }
  }, { maxPerQuery: 2, maxQueriesInFlight: 1 });
  const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => note(n)));
  t.same(answers, ['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
  t.ok(sizes.every((size) => size <= 2), `at most two a query (${sizes.join(', ')})`);
  t.equal(mostInFlight, 1);
});

t.test('when the query fails, then every lookup in it fails with the error, and the next lookups run', async (t) => {
  const db = await testDatabase(t, { migrations: MIGRATIONS });
  let failing = true;
  const note = batchedLookups((ns: readonly number[]) => (failing ? Promise.reject(new Error('connection lost')) : readNotes(db.pool, ns)));
  const failed = await Promise.allSettled([1, 2, 3].map((n) => note(n)));
  t.same(failed.map((r) => r.status === 'rejected' && (r.reason as Error).message), ['connection lost', 'connection lost', 'connection lost']);
  failing = false;
  t.equal(await note(4), 'note 4');
});
