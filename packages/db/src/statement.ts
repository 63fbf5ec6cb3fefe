import type { Queryable, QueryResult } from './pool.js';

/**
 * A statement defined once: its text with `$1, $2, …` and the PostgreSQL type of each, so its values
 * are typed and every way of sending it reads them the same. Run by itself (`execute`) it goes as
 * bound parameters through node-postgres's unnamed extended protocol; in the message of BEGIN or
 * COMMIT, or in a one-trip transaction, @joo/db renders its values into the text (inline.ts). Nothing
 * is prepared on the server, so it works on any connection, a transaction pooler's included.
 */
export interface Statement<Types extends readonly string[] = readonly string[]> {
  /** For error messages. */
  readonly name: string;
  readonly types: Types;
  readonly text: string;
  /** The text with each parameter cast to its type: `($1::uuid)`. */
  readonly boundText: string;
  /** The text cut at its parameters: `parts[i]`, parameter `slots[i]` (0-based), …, `parts.at(-1)`. */
  readonly parts: readonly string[];
  readonly slots: readonly number[];
}

/** The JavaScript value of a parameter of PostgreSQL type T (null is always allowed). */
type ValueOf<T extends string> =
  T extends `${string}[]` ? readonly string[]
  : T extends 'smallint' | 'integer' | 'int' | 'bigint' | 'numeric' | 'real' | 'double precision' ? number
  : T extends 'boolean' ? boolean
  : T extends 'timestamptz' | 'timestamp' | 'date' ? Date
  : string;

/** The values of a statement whose parameter types are `Types`, in order. */
export type ValuesOf<Types extends readonly string[]> = { readonly [K in keyof Types]: ValueOf<Types[K]> | null };

/** A value of an execution; an array of strings is an SQL array (for `uuid[]`, say). */
export type SqlValue = string | number | boolean | Date | null | readonly string[];

/** One run of a statement: the statement and its values. */
export interface Execution {
  readonly statement: Statement;
  readonly values: readonly SqlValue[];
}

/** SQL for a transaction's one-message parts (with BEGIN, with COMMIT, one trip): text without values, or an execution. */
export type Sql = string | Execution;

// A `$` inside an identifier (PostgreSQL allows it there) is not a parameter.
const PARAMETER = /(?<![\w$])\$(\d+)/g;

/**
 * Defines a statement. Its text must use each of `$1 … $n` (n = types.length) and hold no other
 * `$n`, not even inside a string literal: the values are put where the parameters are.
 */
export function defineStatement<const Types extends readonly string[]>(name: string, types: Types, text: string): Statement<Types> {
  const parts: string[] = [];
  const slots: number[] = [];
  let from = 0;
  for (const match of text.matchAll(PARAMETER)) {
    const n = Number(match[1]);
    if (n < 1 || n > types.length) throw new Error(`statement ${name} uses $${n} but has ${types.length} parameter types`);
    parts.push(text.slice(from, match.index));
    slots.push(n - 1);
    from = match.index + match[0].length;
  }
  parts.push(text.slice(from));
  const unused = types.map((_, i) => i).filter((i) => !slots.includes(i));
  if (unused.length > 0) throw new Error(`statement ${name} does not use ${unused.map((i) => `$${i + 1}`).join(', ')}`);
  const boundText = parts.reduce((sql, part, i) => (i === 0 ? part : `${sql}($${slots[i - 1]! + 1}::${types[slots[i - 1]!]})${part}`), '');
  return Object.freeze({ name, types, text, boundText, parts: Object.freeze(parts), slots: Object.freeze(slots) });
}

/** The statement with its values, to run (`execute`) or to send with BEGIN, with COMMIT or in one trip. */
export function execution<Types extends readonly string[]>(statement: Statement<Types>, values: ValuesOf<Types>): Execution {
  const given = values as readonly SqlValue[];
  if (given.length !== statement.types.length) {
    throw new Error(`${statement.name} takes ${statement.types.length} values, not ${given.length}`);
  }
  return { statement, values: given };
}

/** Runs an execution by itself with bound parameters, on the pool or in a transaction. */
export function execute(db: Queryable, run: Execution): Promise<QueryResult> {
  return db.query(run.statement.boundText, run.values as unknown[]);
}
