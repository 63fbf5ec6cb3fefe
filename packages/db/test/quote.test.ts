import t from 'tap';
import pg from 'pg';
import { testDatabase } from '@joo/testing';
import { literal, literalOrNull } from '../src/index.js';

const AWKWARD = [
  '', 'plain', "it's", "''", '\\', "\\'", 'a\\b\\\\c', "O'Brien \\ co", '{"json":"with \\"quotes\\"","n":1}',
  'Қазақ тілі – русский', '😀 emoji', '$1 $$ dollar', 'semi; DROP TABLE x; --', 'line\nbreak\ttab',
];

/** Strings of the characters that matter to quoting, and some that do not. */
function randomStrings(count: number): string[] {
  const alphabet = ["'", '\\', '"', 'a', 'Қ', ' ', '\n', 'E', '$'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''));
}

t.test('when a value is quoted, then the text is the same as node-postgres escapeLiteral gives', async (t) => {
  for (const value of [...AWKWARD, ...randomStrings(500)]) t.equal(literal(value), pg.escapeLiteral(value), JSON.stringify(value));
  t.equal(literalOrNull(null), 'NULL');
  t.equal(literalOrNull("it's"), "'it''s'");
});

t.test('when quoted values are read back by PostgreSQL, then each arrives exactly as written', async (t) => {
  const db = await testDatabase(t, { label: 'quote', migrations: [] });
  const values = [...AWKWARD, ...randomStrings(50)];
  const { rows } = await db.pool.query<{ v: string }>(`SELECT v FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}) AS x(i, v) ORDER BY i`);
  t.same(rows.map((r) => r.v), values);
});
